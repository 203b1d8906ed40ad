/**
 * The names of a disclosure's table files, the same in the folder `yusuan import` reads and
 * `yusuan export` writes and in the download URLs: manifest.json beside 01.csv … 14.csv.
 */
export type TableFormat = 'csv' | 'json' | 'xlsx';
export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'json', 'xlsx'];

/** The manifest of a table folder: the disclosure's identity, profile and narrative figures. */
export const MANIFEST_FILE = 'manifest.json';

/** Table numbers as the disclosure prints them and the URLs use them: 01…14. */
export const tableNumber = (no: number): string => String(no).padStart(2, '0');

/** A table's file name inside its folder (datapackage.json refers to it relatively). */
export const tableFileName = (no: number, format: TableFormat = 'csv'): string =>
  `${tableNumber(no)}.${format}`;
