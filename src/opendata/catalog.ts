import { LAYOUTS } from '../disclosure/layouts.js';
import { tableNumber } from '../formats/table-files.js';
import { type FeedIndex, lastImported, type PublishedBudget, type PublishedRegion } from './budgets.js';
import { datasetIdentifier, factsIdentifier, MEDIA_TYPES, paths, regionIdentifier } from './files.js';
import type { License } from './settings.js';

/** What a catalog declares about its publisher and licence (from the settings). */
export interface CatalogOptions {
  license: License;
  publisher: string;
}

const CONFORMS_TO = {
  csv: 'https://www.rfc-editor.org/rfc/rfc4180',
  xlsx: 'https://ecma-international.org/publications-and-standards/standards/ecma-376/',
  datapackage: 'https://datapackage.org/standard/data-package/',
  parquet: 'https://parquet.apache.org/docs/file-format/',
};

/** A Project Open Data v1.1 distribution: one downloadable file. */
interface Distribution {
  '@type': 'dcat:Distribution';
  title: string;
  description?: string;
  downloadURL: string;
  mediaType: string;
  format: string;
  conformsTo?: string;
  describedBy?: string;
  describedByType?: string;
}

const POD_SCHEMA = 'https://project-open-data.cio.gov/v1.1/schema';

/** The frame of a Project Open Data v1.1 catalog (data.json, DCAT vocabulary) at a URL. */
function catalogOf(id: string, dataset: object[]) {
  return {
    '@context': 'https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld',
    '@id': id,
    '@type': 'dcat:Catalog',
    conformsTo: POD_SCHEMA,
    describedBy: 'https://project-open-data.cio.gov/v1.1/schema/catalog.json',
    dataset,
  };
}

/**
 * The root catalog.json: one dataset per region, whose distribution is the region's own
 * catalog.json (what a harvester follows; the region's facts are datasets there), and one dataset per
 * year for the facts of every region (CSV and Parquet). Its size follows the number of regions
 * and years, never the number of units.
 */
export function rootCatalog(origin: string, index: FeedIndex, options: CatalogOptions) {
  const url = (path: string) => new URL(path, origin).href;
  return catalogOf(url(paths.catalog()), [
    ...index.regions.map((region) => regionDataset(url, region, options)),
    ...index.years.map((year) =>
      factsDataset(
        url,
        year,
        index.budgets.filter((b) => b.budget.year === year),
        options,
      ),
    ),
  ]);
}

/**
 * A region's catalog.json: a dataset per unit-year budget with a distribution per file, and one
 * per year for the region's facts.csv. URLs are absolute, on the origin the catalog was asked from.
 */
export function regionCatalog(origin: string, region: PublishedRegion, options: CatalogOptions) {
  const url = (path: string) => new URL(path, origin).href;
  return catalogOf(url(paths.regionCatalog(region.code)), [
    ...region.budgets.map((b) => budgetDataset(url, b, options)),
    ...region.years.map((year) =>
      factsDataset(
        url,
        year,
        region.budgets.filter((b) => b.budget.year === year),
        options,
        region,
      ),
    ),
  ]);
}

function regionDataset(url: (path: string) => string, region: PublishedRegion, options: CatalogOptions) {
  const name = region.name || region.code;
  const units = new Set(region.budgets.map((b) => b.unit.code)).size;
  return {
    '@type': 'dcat:Dataset',
    identifier: regionIdentifier(region.code),
    title: `${name}预算公开数据`,
    description: `${name}（行政区划代码 ${region.code}）${units}个单位${region.years.join('、')}年单位预算公开的全部表格和事实。各单位每年的数据集列在本区划的 catalog.json 中。`,
    keyword: ['预算公开', '单位预算', name],
    modified: lastImported(region.budgets),
    temporal: `${Math.min(...region.years)}-01-01/${Math.max(...region.years)}-12-31`,
    accrualPeriodicity: 'R/P1Y',
    language: ['zh-CN'],
    spatial: region.code,
    publisher: { '@type': 'org:Organization', name: options.publisher },
    contactPoint: { '@type': 'vcard:Contact', fn: options.publisher },
    accessLevel: 'public',
    license: options.license.path,
    landingPage: url(paths.region(region.code)),
    distribution: [
      {
        '@type': 'dcat:Distribution',
        title: `${name}数据目录（Project Open Data v1.1 catalog.json）`,
        downloadURL: url(paths.regionCatalog(region.code)),
        mediaType: MEDIA_TYPES.json,
        format: 'JSON',
        conformsTo: POD_SCHEMA,
      },
    ] satisfies Distribution[],
  };
}

function budgetDataset(url: (path: string) => string, published: PublishedBudget, options: CatalogOptions) {
  const { budget, unit, department, region } = published;
  const { year } = budget;
  const at = [region.code, year, unit.code] as const;
  const datapackage = url(paths.datapackage(...at));
  // a CSV per table (JSON and XLSX of each table are beside it, listed in the page and the package)
  const tables: Distribution[] = LAYOUTS.map((layout) => ({
    '@type': 'dcat:Distribution' as const,
    title: `${tableNumber(layout.no)} ${layout.title(year)}（CSV）`,
    downloadURL: url(paths.table(...at, layout.no, 'csv')),
    mediaType: MEDIA_TYPES.csv,
    format: 'CSV',
    conformsTo: CONFORMS_TO.csv,
    describedBy: datapackage,
    describedByType: MEDIA_TYPES.json,
  }));
  return {
    '@type': 'dcat:Dataset',
    identifier: datasetIdentifier(...at),
    title: budget.title,
    description: `${department.name}${unit.name}${year}年单位预算公开的全部${LAYOUTS.length}张表（${LAYOUTS.map((l) => l.title(year).replace(/^\d{4}年/, '')).join('、')}），按公开文件的版式提供 CSV（另有同名 .json、.xlsx），金额单位万元；另有整本工作簿和 Frictionless 数据包描述。第${budget.revision}版。`,
    keyword: ['预算公开', '单位预算', `${year}年`, unit.name, department.name].filter(Boolean),
    modified: budget.importedAt,
    ...(budget.publishedOn ? { issued: budget.publishedOn } : {}),
    temporal: `${year}-01-01/${year}-12-31`,
    accrualPeriodicity: 'R/P1Y',
    language: ['zh-CN'],
    spatial: region.code,
    publisher: {
      '@type': 'org:Organization',
      name: unit.name,
      ...(department.name
        ? { subOrganizationOf: { '@type': 'org:Organization', name: department.name } }
        : {}),
    },
    contactPoint: { '@type': 'vcard:Contact', fn: unit.name },
    accessLevel: 'public',
    license: options.license.path,
    landingPage: `${url(paths.unit(region.code, unit.code))}#${datasetIdentifier(...at)}`,
    distribution: [
      ...tables,
      {
        '@type': 'dcat:Distribution',
        title: `${budget.title}（XLSX 工作簿，每表一页）`,
        downloadURL: url(paths.workbook(...at)),
        mediaType: MEDIA_TYPES.xlsx,
        format: 'XLSX',
        conformsTo: CONFORMS_TO.xlsx,
      },
      {
        '@type': 'dcat:Distribution',
        title: `${budget.title}（Frictionless 数据包描述）`,
        downloadURL: datapackage,
        mediaType: MEDIA_TYPES.json,
        format: 'Data Package',
        conformsTo: CONFORMS_TO.datapackage,
      },
    ] satisfies Distribution[],
  };
}

function factsDataset(
  url: (path: string) => string,
  year: number,
  ofYear: readonly PublishedBudget[],
  options: CatalogOptions,
  region?: PublishedRegion,
) {
  const where = region ? region.name || region.code : '';
  const csv = url(paths.facts(year, region?.code));
  const described = {
    describedBy: url(paths.factsPackage(year, region?.code)),
    describedByType: MEDIA_TYPES.json,
  };
  return {
    '@type': 'dcat:Dataset',
    identifier: factsIdentifier(year, region?.code),
    title: `${where}${year}年预算公开数据：${region ? '' : '全部区划'}全部单位的全部事实（长表）`,
    description: `${where}${year}年已收录的${ofYear.length}个单位预算的每一项事实一行（收入、支出功能分类、经济分类、基本支出明细、项目、“三公”经费、机关运行经费、政府采购、说明中的上年数、国有资产价值），附区划、部门、单位和全部维度的编码与名称（功能分类另列类、款），金额单位万元。不同事实类型是同一预算的不同视角：求和前请按 fact 列筛选。`,
    keyword: ['预算公开', '长表', `${year}年`, ...(region ? [where] : [])],
    modified: lastImported(ofYear),
    temporal: `${year}-01-01/${year}-12-31`,
    accrualPeriodicity: 'irregular',
    language: ['zh-CN'],
    ...(region ? { spatial: region.code } : {}),
    publisher: { '@type': 'org:Organization', name: options.publisher },
    contactPoint: { '@type': 'vcard:Contact', fn: options.publisher },
    accessLevel: 'public',
    license: options.license.path,
    landingPage: url(region ? paths.region(region.code) : paths.index()),
    distribution: [
      {
        '@type': 'dcat:Distribution',
        title: `${where}${year}年全部事实（CSV 长表）`,
        downloadURL: csv,
        mediaType: MEDIA_TYPES.csv,
        format: 'CSV',
        conformsTo: CONFORMS_TO.csv,
        ...described,
      },
      ...(region
        ? []
        : [
            {
              '@type': 'dcat:Distribution' as const,
              title: `${year}年全部事实（Parquet）`,
              downloadURL: url(paths.factsParquet(year)),
              mediaType: MEDIA_TYPES.parquet,
              format: 'Parquet',
              conformsTo: CONFORMS_TO.parquet,
              ...described,
            },
          ]),
    ] satisfies Distribution[],
  };
}
