import { LAYOUTS } from '../disclosure/layouts.js';
import { lastImported, type PublishedBudget } from './budgets.js';
import {
  datasetIdentifier,
  factsIdentifier,
  MEDIA_TYPES,
  paths,
  TABLE_FORMATS,
  type TableFormat,
  tableNumber,
} from './files.js';
import type { License } from './settings.js';

/** What a catalog declares about its publisher and licence (from the settings). */
export interface CatalogOptions {
  license: License;
  publisher: string;
}

const FORMAT_NAMES: Record<TableFormat, string> = { csv: 'CSV', json: 'JSON', xlsx: 'XLSX' };
const CONFORMS_TO = {
  csv: 'https://www.rfc-editor.org/rfc/rfc4180',
  xlsx: 'https://ecma-international.org/publications-and-standards/standards/ecma-376/',
  datapackage: 'https://datapackage.org/standard/data-package/',
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

/**
 * catalog.json: the feed as a Project Open Data v1.1 catalog (the data.json that CKAN's
 * harvester reads, DCAT vocabulary). A dataset per unit-year budget with a distribution per
 * file, and one per year for facts.csv. URLs are absolute, on the origin the catalog was asked from.
 */
export function openDataCatalog(
  origin: string,
  budgets: readonly PublishedBudget[],
  options: CatalogOptions,
) {
  const url = (path: string) => new URL(path, origin).href;
  const years = [...new Set(budgets.map((b) => b.budget.year))];
  return {
    '@context': 'https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld',
    '@id': url(paths.catalog()),
    '@type': 'dcat:Catalog',
    conformsTo: 'https://project-open-data.cio.gov/v1.1/schema',
    describedBy: 'https://project-open-data.cio.gov/v1.1/schema/catalog.json',
    dataset: [
      ...budgets.map((b) => budgetDataset(url, b, options)),
      ...years.map((y) => factsDataset(url, y, budgets, options)),
    ],
  };
}

function budgetDataset(url: (path: string) => string, published: PublishedBudget, options: CatalogOptions) {
  const { budget, unit, department } = published;
  const { year } = budget;
  const datapackage = url(paths.datapackage(year, unit.code));
  const tables: Distribution[] = LAYOUTS.flatMap((layout) =>
    TABLE_FORMATS.map((format) => ({
      '@type': 'dcat:Distribution' as const,
      title: `${tableNumber(layout.no)} ${layout.title(year)}（${FORMAT_NAMES[format]}）`,
      downloadURL: url(paths.table(year, unit.code, layout.no, format)),
      mediaType: MEDIA_TYPES[format],
      format: FORMAT_NAMES[format],
      ...(format === 'csv'
        ? { conformsTo: CONFORMS_TO.csv, describedBy: datapackage, describedByType: MEDIA_TYPES.json }
        : format === 'xlsx'
          ? { conformsTo: CONFORMS_TO.xlsx }
          : {}),
    })),
  );
  return {
    '@type': 'dcat:Dataset',
    identifier: datasetIdentifier(year, unit.code),
    title: budget.title,
    description: `${department.name}${unit.name}${year}年单位预算公开的全部${LAYOUTS.length}张表（${LAYOUTS.map((l) => l.title(year).replace(/^\d{4}年/, '')).join('、')}），按公开文件的版式提供 CSV、JSON 和 XLSX，金额单位万元；另有整本工作簿和 Frictionless 数据包描述。第${budget.revision}版。`,
    keyword: ['预算公开', '单位预算', `${year}年`, unit.name, department.name].filter(Boolean),
    modified: budget.importedAt,
    ...(budget.publishedOn ? { issued: budget.publishedOn } : {}),
    temporal: `${year}-01-01/${year}-12-31`,
    accrualPeriodicity: 'R/P1Y',
    language: ['zh-CN'],
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
    landingPage: `${url(paths.index())}#${datasetIdentifier(year, unit.code)}`,
    distribution: [
      ...tables,
      {
        '@type': 'dcat:Distribution',
        title: `${budget.title}（XLSX 工作簿，每表一页）`,
        downloadURL: url(paths.workbook(year, unit.code)),
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
  budgets: readonly PublishedBudget[],
  options: CatalogOptions,
) {
  const ofYear = budgets.filter((b) => b.budget.year === year);
  return {
    '@type': 'dcat:Dataset',
    identifier: factsIdentifier(year),
    title: `${year}年预算公开数据：全部单位的全部事实（长表）`,
    description: `${year}年已收录的${ofYear.length}个单位预算的每一项事实一行（收入、支出功能分类、经济分类、基本支出明细、项目、“三公”经费、机关运行经费、政府采购、说明中的上年数、国有资产价值），附全部维度的编码与名称，金额单位万元。不同事实类型是同一预算的不同视角：求和前请按 fact 列筛选。`,
    keyword: ['预算公开', '长表', `${year}年`],
    modified: lastImported(ofYear),
    temporal: `${year}-01-01/${year}-12-31`,
    accrualPeriodicity: 'irregular',
    language: ['zh-CN'],
    publisher: { '@type': 'org:Organization', name: options.publisher },
    contactPoint: { '@type': 'vcard:Contact', fn: options.publisher },
    accessLevel: 'public',
    license: options.license.path,
    landingPage: `${url(paths.index())}#${factsIdentifier(year)}`,
    distribution: [
      {
        '@type': 'dcat:Distribution',
        title: `${year}年全部事实（CSV 长表）`,
        downloadURL: url(paths.facts(year)),
        mediaType: MEDIA_TYPES.csv,
        format: 'CSV',
        conformsTo: CONFORMS_TO.csv,
      },
    ] satisfies Distribution[],
  };
}
