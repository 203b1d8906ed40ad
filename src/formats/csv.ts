import { stringify } from 'csv-stringify/sync';
import type { RenderedTable } from '../disclosure/render.js';

const FORMULA_START = /^[=+\-@\t\r＝]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** The UTF-8 byte order mark `?bom=1` prepends, so that Excel reads the file as UTF-8. */
export const BOM = '\uFEFF';

/**
 * A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV
 * injection advice); figures are never touched, so "-12.50" stays a number.
 */
/** Undoes neutraliseFormula: a text cell read back from a published file gets its own text again. */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !NUMBER.test(cell.slice(1))
    ? cell.slice(1)
    : cell;
}

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) && !NUMBER.test(cell) ? `'${cell}` : cell;
}

/** The table as printed: header rows (a merged label in its first cell), then the data rows. */
export function tableRows(table: RenderedTable): string[][] {
  const types = table.leaves.map((leaf) => leaf.type);
  return [
    ...table.header,
    ...table.rows.map((row) =>
      row.cells.map((cell, i) => (types[i] === 'amount' ? cell : neutraliseFormula(cell))),
    ),
  ];
}

/** RFC 4180 records: fields quoted where needed, CRLF line ends. */
export function csvRecords(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], { record_delimiter: 'windows' });
}

/** RFC 4180 CSV (CRLF line ends), optionally with a UTF-8 byte order mark for Excel. */
export function tableToCsv(table: RenderedTable, options: { bom?: boolean } = {}): string {
  return (options.bom ? BOM : '') + csvRecords(tableRows(table));
}
