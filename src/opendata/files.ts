import type { RenderedTable } from '../disclosure/render.js';
import { DEFAULT_STAGE, type Stage } from '../domain.js';
import { type TableFormat, tableFileName, tableNumber } from '../formats/table-files.js';
import type { PublishedBudget } from './budgets.js';

/**
 * Where each file of the feed lives and what it is called when saved. The routes, the index
 * page, catalog.json and datapackage.json all take their URLs from here.
 */
export const MEDIA_TYPES = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
  parquet: 'application/vnd.apache.parquet',
  md: 'text/markdown',
} as const;

/** The content type sent with each format. */
export const CONTENT_TYPES = {
  csv: `${MEDIA_TYPES.csv}; charset=utf-8; header=present`,
  json: `${MEDIA_TYPES.json}; charset=utf-8`,
  xlsx: MEDIA_TYPES.xlsx,
  html: `${MEDIA_TYPES.html}; charset=utf-8`,
  parquet: MEDIA_TYPES.parquet,
  md: `${MEDIA_TYPES.md}; charset=utf-8; variant=GFM`,
} as const;

export const ROOT_PATH = '/opendata';

/**
 * Every URL of the feed. A unit code is unique only inside its region, so every unit's files sit
 * under its region (/opendata/410800/2024/122201/01.csv); facts.csv is per year for all regions
 * and per year for each region.
 */
export const paths = {
  index: () => `${ROOT_PATH}/`,
  catalog: () => `${ROOT_PATH}/catalog.json`,
  facts: (year: number, region?: string) => `${ROOT_PATH}${region ? `/${region}` : ''}/${year}/facts.csv`,
  factsParquet: (year: number) => `${ROOT_PATH}/${year}/facts.parquet`,
  factsPackage: (year: number, region?: string) =>
    `${ROOT_PATH}${region ? `/${region}` : ''}/${year}/datapackage.json`,
  region: (region: string) => `${ROOT_PATH}/${region}/`,
  regionCatalog: (region: string) => `${ROOT_PATH}/${region}/catalog.json`,
  department: (region: string, department: string) => `${ROOT_PATH}/${region}/department/${department}/`,
  unit: (region: string, unit: string) => `${ROOT_PATH}/${region}/unit/${unit}/`,
  narrative: (region: string, year: number, unit: string, format: 'md' | 'json', stage?: Stage) =>
    `${unitYear(region, year, unit, stage)}/narrative.${format}`,
  departmentWorkbook: (region: string, year: number, department: string) =>
    `${ROOT_PATH}/${region}/${year}/department/${department}.xlsx`,
  departmentTable: (region: string, year: number, department: string, no: number, format: TableFormat) =>
    `${ROOT_PATH}/${region}/${year}/department/${department}/${tableFileName(no, format)}`,
  workbook: (region: string, year: number, unitCode: string, stage?: Stage) =>
    `${unitYear(region, year, unitCode, stage)}.xlsx`,
  datapackage: (region: string, year: number, unitCode: string, stage?: Stage) =>
    `${unitYear(region, year, unitCode, stage)}/datapackage.json`,
  table: (region: string, year: number, unitCode: string, no: number, format: TableFormat, stage?: Stage) =>
    `${unitYear(region, year, unitCode, stage)}/${tableFileName(no, format)}`,
};

/**
 * Where a unit's files of a year and stage are: /opendata/410800/2024/122201 for the default
 * stage (预算), with the stage between year and unit for any other (/opendata/410800/2024/final/122201).
 */
function unitYear(region: string, year: number, unitCode: string, stage: Stage = DEFAULT_STAGE): string {
  return `${ROOT_PATH}/${region}/${year}/${stage === DEFAULT_STAGE ? '' : `${stage}/`}${unitCode}`;
}

/** Frictionless resource name: lower case, digits and '-', stable across revisions. */
export const resourceName = (table: Pick<RenderedTable, 'no' | 'key'>): string =>
  `${tableNumber(table.no)}-${table.key}`;

/** A dataset identifier that does not depend on the host serving it or on the revision. */
export const datasetIdentifier = (region: string, year: number, unitCode: string): string =>
  `yusuan-budget-${region}-${year}-${unitCode}`;
export const factsIdentifier = (year: number, region?: string): string =>
  `yusuan-facts-${region ? `${region}-` : ''}${year}`;
export const regionIdentifier = (region: string): string => `yusuan-region-${region}`;

/** Saved names of a table file: ASCII for old clients, the unit and table title for everyone else. */
export function tableSaveAs(published: PublishedBudget, table: RenderedTable, format: TableFormat) {
  const { regionCode, year, unitCode } = published.budget;
  return {
    ascii: `yusuan-${regionCode}-${year}-${unitCode}-${resourceName(table)}.${format}`,
    utf8: `${published.unit.name}-${tableNumber(table.no)}-${table.title}.${format}`,
  };
}

export function workbookSaveAs(published: PublishedBudget) {
  const { regionCode, year, unitCode, title } = published.budget;
  return { ascii: `yusuan-${regionCode}-${year}-${unitCode}.xlsx`, utf8: `${title}.xlsx` };
}

export function factsSaveAs(year: number, region?: { code: string; name: string }, format = 'csv') {
  return region
    ? {
        ascii: `yusuan-${region.code}-${year}-facts.${format}`,
        utf8: `${region.name || region.code}${year}年预算公开数据-全部事实.${format}`,
      }
    : { ascii: `yusuan-${year}-facts.${format}`, utf8: `${year}年预算公开数据-全部事实.${format}` };
}
