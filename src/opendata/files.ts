import type { RenderedTable } from '../disclosure/render.js';
import type { PublishedBudget } from './budgets.js';

/**
 * Where each file of the feed lives and what it is called when saved. The routes, the index
 * page, catalog.json and datapackage.json all take their URLs from here.
 */
export type TableFormat = 'csv' | 'json' | 'xlsx';
export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'json', 'xlsx'];

export const MEDIA_TYPES = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
} as const;

/** The content type sent with each format. */
export const CONTENT_TYPES = {
  csv: `${MEDIA_TYPES.csv}; charset=utf-8; header=present`,
  json: `${MEDIA_TYPES.json}; charset=utf-8`,
  xlsx: MEDIA_TYPES.xlsx,
  html: `${MEDIA_TYPES.html}; charset=utf-8`,
} as const;

/** Table numbers as the disclosure prints them and the URLs use them: 01…14. */
export const tableNumber = (no: number): string => String(no).padStart(2, '0');

export const ROOT_PATH = '/opendata';

export const paths = {
  index: () => ROOT_PATH,
  catalog: () => `${ROOT_PATH}/catalog.json`,
  facts: (year: number) => `${ROOT_PATH}/${year}/facts.csv`,
  workbook: (year: number, unitCode: string) => `${ROOT_PATH}/${year}/${unitCode}.xlsx`,
  datapackage: (year: number, unitCode: string) => `${ROOT_PATH}/${year}/${unitCode}/datapackage.json`,
  table: (year: number, unitCode: string, no: number, format: TableFormat) =>
    `${ROOT_PATH}/${year}/${unitCode}/${tableFileName(no, format)}`,
};

/** A table's file name inside its unit-year folder (datapackage.json refers to it relatively). */
export const tableFileName = (no: number, format: TableFormat): string => `${tableNumber(no)}.${format}`;

/** Frictionless resource name: lower case, digits and '-', stable across revisions. */
export const resourceName = (table: Pick<RenderedTable, 'no' | 'key'>): string =>
  `${tableNumber(table.no)}-${table.key}`;

/** A dataset identifier that does not depend on the host serving it or on the revision. */
export const datasetIdentifier = (year: number, unitCode: string): string =>
  `yusuan-budget-${year}-${unitCode}`;
export const factsIdentifier = (year: number): string => `yusuan-facts-${year}`;

/** Saved names of a table file: ASCII for old clients, the unit and table title for everyone else. */
export function tableSaveAs(published: PublishedBudget, table: RenderedTable, format: TableFormat) {
  const { year, unitCode } = published.budget;
  return {
    ascii: `yusuan-${year}-${unitCode}-${resourceName(table)}.${format}`,
    utf8: `${published.unit.name}-${tableNumber(table.no)}-${table.title}.${format}`,
  };
}

export function workbookSaveAs(published: PublishedBudget) {
  const { year, unitCode, title } = published.budget;
  return { ascii: `yusuan-${year}-${unitCode}.xlsx`, utf8: `${title}.xlsx` };
}

export function factsSaveAs(year: number) {
  return { ascii: `yusuan-${year}-facts.csv`, utf8: `${year}年预算公开数据-全部事实.csv` };
}
