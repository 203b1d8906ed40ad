import crypto from 'node:crypto';
import { layout } from '../disclosure/layouts.js';
import type { RenderedTable } from '../disclosure/render.js';
import { tableFileName } from '../formats/table-files.js';
import { lastImported, type PublishedBudget } from './budgets.js';
import { factsTableSchema } from './facts.js';
import { datasetIdentifier, factsIdentifier, factsSaveAs, MEDIA_TYPES, resourceName } from './files.js';
import type { License } from './settings.js';

/** How field titles join the labels of a column and the groups above it. */
export const TITLE_JOIN = ' / ';

export type TableSchemaField =
  | { name: string; title: string; type: 'string' }
  | { name: string; title: string; type: 'number'; decimalChar: '.'; bareNumber: true; description: string };

/**
 * A Frictionless Table Schema drawn from a table's layout: a field per leaf column, named by its
 * stable path, titled with its Chinese header labels; figures are numbers, codes and labels
 * strings (so "01" keeps its zero); a blank cell is missing (the disclosure prints nothing).
 */
export function tableSchema(table: RenderedTable) {
  const primaryKey = layout(table.no)?.primaryKey;
  const fields: TableSchemaField[] = table.leaves.map((leaf) => {
    const title = leaf.labels.join(TITLE_JOIN);
    return leaf.type === 'amount'
      ? {
          name: leaf.path,
          title,
          type: 'number',
          decimalChar: '.',
          bareNumber: true,
          description: `${table.measure}，两位小数；空白为零或不适用`,
        }
      : { name: leaf.path, title, type: 'string' };
  });
  return { fields, missingValues: [''], ...(primaryKey?.length ? { primaryKey: [...primaryKey] } : {}) };
}

/**
 * datapackage.json of a unit-year budget: each table's CSV as a tabular resource (Data Package
 * v2; also valid v1). Paths are relative, so the package works saved to a folder with its CSVs
 * (a package asked for with ?revision=n points at that revision's files).
 * The CSVs print the multi-level header as several rows: the dialect says how many.
 */
export function dataPackage(
  published: PublishedBudget,
  tables: { table: RenderedTable; csv: Uint8Array }[],
  options: { pinned?: boolean; license: License; narrative?: { md: Uint8Array; json: Uint8Array } },
) {
  const { budget, unit, department, region } = published;
  const { narrative } = options;
  // a package of an earlier revision must point at that revision's files, whose hashes it states
  const pinned = options.pinned ? `?revision=${budget.revision}` : '';
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: datasetIdentifier(region.code, budget.year, unit.code),
    id: datasetIdentifier(region.code, budget.year, unit.code),
    title: budget.title,
    description: `${department.name}${unit.name}${budget.year}年单位预算公开的${tables.length}张表，按公开文件的版式（多行表头、合计行），金额单位万元。第${budget.revision}版。`,
    version: String(budget.revision),
    created: budget.importedAt,
    keywords: ['预算公开', '单位预算', String(budget.year), unit.name, department.name].filter(Boolean),
    licenses: [{ ...options.license }],
    sources: [{ title: `${budget.title}（${budget.source}）` }],
    resources: [
      ...tables.map(({ table, csv }) => tableResource(table, csv, pinned)),
      // the 情况说明 written from the same facts, beside the tables
      ...(narrative
        ? (['json', 'md'] as const).map((format) => ({
            name: `narrative-${format}`,
            path: `narrative.${format}${pinned}`,
            title: '预算情况说明 The explanation (part 2), written from the facts',
            format,
            mediatype: MEDIA_TYPES[format],
            encoding: 'utf-8',
            bytes: narrative[format].byteLength,
            hash: `sha256:${crypto.createHash('sha256').update(narrative[format]).digest('hex')}`,
          }))
        : []),
    ],
  };
}

/** A table's resource: its CSV's path, size, hash, dialect and Table Schema. */
function tableResource(table: RenderedTable, csv: Uint8Array, pinned: string) {
  return {
    name: resourceName(table),
    type: 'table',
    path: `${tableFileName(table.no, 'csv')}${pinned}`,
    title: table.title,
    description: table.notes.join('\n') || table.title,
    format: 'csv',
    mediatype: MEDIA_TYPES.csv,
    encoding: 'utf-8',
    bytes: csv.byteLength,
    hash: `sha256:${crypto.createHash('sha256').update(csv).digest('hex')}`,
    dialect: {
      header: true,
      headerRows: table.header.map((_, i) => i + 1),
      headerJoin: TITLE_JOIN,
      delimiter: ',',
      lineTerminator: '\r\n',
      quoteChar: '"',
      doubleQuote: true,
    },
    schema: tableSchema(table),
  };
}
/**
 * datapackage.json of a year's facts (every region's, or one region's): facts.csv with its Table
 * Schema and, for every region, facts.parquet with the same columns.
 */
export function factsDataPackage(
  year: number,
  budgets: readonly PublishedBudget[],
  options: { region?: { code: string; name: string }; license: License },
) {
  const { region } = options;
  const where = region ? region.name || region.code : '';
  const csv = factsSaveAs(year, region);
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: factsIdentifier(year, region?.code),
    id: factsIdentifier(year, region?.code),
    title: `${where}${year}年预算公开数据：全部事实（长表）`,
    description: `${where}${year}年${budgets.length}个单位预算的每一项事实一行，金额单位万元。不同事实类型（fact 列）是同一预算的不同视角：求和前请按 fact 列筛选。`,
    created: lastImported(budgets),
    keywords: ['预算公开', '长表', String(year), ...(region ? [where] : [])],
    licenses: [{ ...options.license }],
    resources: [
      {
        name: 'facts',
        type: 'table',
        path: 'facts.csv',
        title: csv.utf8.replace(/\.csv$/, ''),
        format: 'csv',
        mediatype: MEDIA_TYPES.csv,
        encoding: 'utf-8',
        dialect: { header: true, delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true },
        schema: factsTableSchema(),
      },
      ...(region
        ? []
        : [
            {
              name: 'facts-parquet',
              type: 'table',
              path: 'facts.parquet',
              title: `${year}年全部事实（Parquet）`,
              format: 'parquet',
              mediatype: MEDIA_TYPES.parquet,
              schema: factsTableSchema(),
            },
          ]),
    ],
  };
}
