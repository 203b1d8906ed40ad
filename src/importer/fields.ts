import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { isKeyOf } from '../domain.js';
import { AmountError, parseWan, type Yuan } from '../money.js';
import { readInputFile } from './input-file.js';
import { grouped, importLimits, LIMIT_ENV } from './limits.js';
import type { ImportProblem } from './problems.js';

/** A CSV data row: cells by column name, and its 1-based line in the file (the header is row 1). */
export type Row = { cells: Record<string, string>; row: number };

/** Most cells a CSV record may have: far more than the widest table's columns, so only junk meets it. */
export const MAX_CSV_CELLS = 100;

export interface CsvBounds {
  /** the header rows of a table: the rows after them are at most the import's maxTableRows */
  headerRows?: number;
  /** the name of a 0-based column, for problems (default: its number) */
  columnName?: (index: number) => string;
}

/**
 * Parses a CSV file's records (a UTF-8 byte order mark is allowed), or records why it cannot.
 * The file is read within the import's limits (readInputFile), and its records are counted and
 * its cells measured before they are parsed: a file of too many records, a record of too many
 * cells, a cell too long or holding a NUL character is refused, located, without being parsed.
 */
export function readCsvRecords(
  dir: string,
  file: string,
  problems: ImportProblem[],
  bounds: CsvBounds = {},
): string[][] | null {
  const buffer = readInputFile(path.join(dir, file), file, problems);
  if (!buffer) return null;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer);
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    problems.push({
      file,
      // the line of the first byte that is not UTF-8 text
      row: text.slice(0, bad).split('\n').length,
      column: null,
      expected: 'UTF-8 text',
      found: 'bytes that are not UTF-8 text',
    });
    return null;
  }
  if (!scanCsv(text, file, problems, bounds)) return null;
  try {
    return parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    // csv-parse counts the records it read before the one that fails; its "line" is where it stopped
    const { code, records, message } = error as Error & { code?: string; records?: number };
    problems.push({
      file,
      row: records === undefined ? null : records + 1,
      column: null,
      expected: 'RFC 4180 CSV',
      found: code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quote (") that opens a cell and is never closed' : message,
    });
    return null;
  }
}

/**
 * One pass over CSV text as csv-parse reads it (quotes, doubled quotes, CRLF, LF or CR record
 * ends, empty lines skipped), counting records and cells and measuring each cell: true when the
 * text is within the bounds, else the first problem is recorded (a NUL in each cell is reported).
 */
function scanCsv(text: string, file: string, problems: ImportProblem[], bounds: CsvBounds): boolean {
  const { maxTextChars, maxTableRows } = importLimits();
  const maxRecords =
    bounds.headerRows === undefined ? Number.POSITIVE_INFINITY : bounds.headerRows + maxTableRows;
  const name = (c: number) => bounds.columnName?.(c) ?? String(c + 1);
  let record = 1;
  let cell = 0;
  let cellStart = 0;
  let quoted = false;
  let empty = true; // nothing read of this record yet
  let delimiter: string | undefined;
  let ok = true;
  const problem = (column: string | null, expected: string, found: string) => {
    problems.push({ file, row: record, column, expected, found });
    ok = false;
  };
  const endCell = (at: number) => {
    if (at - cellStart > maxTextChars + 2)
      problem(
        name(cell),
        `a cell of at most ${grouped(maxTextChars)} characters (${LIMIT_ENV.maxTextChars})`,
        `${grouped(at - cellStart)} characters`,
      );
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length && ok; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22)
      quoted = !quoted; // a doubled quote toggles twice
    else if (c === 0) problem(name(cell), 'text without NUL characters (U+0000)', 'a NUL character');
    else if (!quoted && (c === 0x0a || c === 0x0d)) {
      const crlf = c === 0x0d && text.charCodeAt(i + 1) === 0x0a;
      // as csv-parse does, the first record end found (CRLF, LF or CR) is the only one after it
      const ending = crlf ? '\r\n' : c === 0x0a ? '\n' : '\r';
      delimiter ??= ending;
      // (where CR ends records, the CR of a CRLF does, and its LF is text of the next record)
      if (ending !== delimiter && !(crlf && delimiter === '\r')) {
        empty = false;
        continue;
      }
      if (crlf && delimiter === '\r\n') i++;
      if (!empty) {
        endCell(i);
        record++;
      }
      cell = 0;
      cellStart = i + 1;
      empty = true;
      continue;
    } else if (!quoted && c === 0x2c) {
      endCell(i);
      cell++;
      cellStart = i + 1;
      if (cell >= MAX_CSV_CELLS) problem(null, `a row of at most ${MAX_CSV_CELLS} cells`, 'more cells');
    }
    if (empty && record > maxRecords) {
      problems.push({
        file,
        row: record,
        column: null,
        expected: `a table of at most ${grouped(maxTableRows)} rows after its header (${LIMIT_ENV.maxTableRows})`,
        found: 'more rows',
      });
      return false;
    }
    empty = false;
  }
  if (ok && !empty) endCell(text.length);
  return ok;
}

/** Reads a CSV file with a fixed header into rows of named cells. */
export function readCsv(dir: string, file: string, columns: string[], problems: ImportProblem[]): Row[] {
  const records = readCsvRecords(dir, file, problems);
  if (!records) return [];
  const header = records[0] ?? [];
  if (header.join(',') !== columns.join(',')) {
    problems.push({
      file,
      row: 1,
      column: null,
      expected: `header "${columns.join(',')}"`,
      found: `"${header.join(',')}"`,
    });
    return [];
  }
  return records.slice(1).flatMap((cells, i) => {
    const row = i + 2;
    if (cells.length !== columns.length) {
      problems.push({
        file,
        row,
        column: null,
        expected: `${columns.length} cells`,
        found: `${cells.length}`,
      });
      return [];
    }
    return [{ row, cells: Object.fromEntries(columns.map((c, j) => [c, cells[j]!])) }];
  });
}

/** The manifest as parsed JSON: every field is checked as it is read. */
// biome-ignore lint/suspicious/noExplicitAny: untrusted JSON, narrowed field by field by FieldReader
export type Json = Record<string, any>;

export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'object' && v !== null) : [];
}

/** Reads typed fields, recording a problem (and returning a placeholder) where a field is wrong. */
export class FieldReader {
  constructor(readonly problems: ImportProblem[]) {}

  problem(file: string, row: number | null, column: string | null, expected: string, found: string): void {
    this.problems.push({ file, row, column, expected, found });
  }

  text(file: string, object: Record<string, unknown>, key: string): string {
    const value = object[key];
    if (typeof value === 'string' && value.trim()) return value;
    this.problem(file, null, key, 'a non-empty text', JSON.stringify(value) ?? 'nothing');
    return '';
  }

  /** An optional whole number (null when absent). */
  count(file: string, object: Record<string, unknown>, key: string): number | null {
    const value = object[key];
    if (value === undefined || value === null) return null;
    if (Number.isInteger(value) && (value as number) >= 0) return value as number;
    this.problem(file, null, key, 'a whole number (or nothing)', JSON.stringify(value));
    return null;
  }

  /** An optional text (null when absent). */
  optionalText(file: string, object: Record<string, unknown>, key: string): string | null {
    const value = object[key];
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    this.problem(file, null, key, 'a text (or nothing)', JSON.stringify(value));
    return null;
  }

  /** An optional list of texts (empty when absent). */
  texts(file: string, object: Record<string, unknown>, key: string): string[] {
    const value = object[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    this.problem(file, null, key, 'a list of texts', JSON.stringify(value));
    return [];
  }

  integer(file: string, object: Record<string, unknown>, key: string): number {
    const value = object[key];
    if (Number.isInteger(value)) return value as number;
    this.problem(file, null, key, 'an integer', JSON.stringify(value) ?? 'nothing');
    return 0;
  }

  nonEmpty(file: string, r: Row, column: string): string {
    const value = r.cells[column] ?? '';
    if (!value.trim()) this.problem(file, r.row, column, 'a non-empty value', 'an empty cell');
    return value;
  }

  code(file: string, r: Row, column: string, length: number): string {
    const value = r.cells[column] ?? '';
    if (!new RegExp(`^\\d{${length}}$`).test(value))
      this.problem(file, r.row, column, `a ${length}-digit code`, `"${value}"`);
    return value;
  }

  oneOf<T extends object>(
    file: string,
    row: number | null,
    column: string,
    value: string,
    table: T,
  ): Extract<keyof T, string> {
    if (typeof value === 'string' && isKeyOf(table, value)) return value;
    this.problem(file, row, column, `one of ${Object.keys(table).join(', ')}`, `"${value}"`);
    return Object.keys(table)[0] as Extract<keyof T, string>;
  }

  amount(file: string, r: Row, column: string): Yuan {
    return this.wan(file, r.row, column, r.cells[column]);
  }

  wan(file: string, row: number | null, column: string, value: unknown): Yuan {
    try {
      if (typeof value !== 'string')
        throw new AmountError(`expected an amount in 万元 as text, found ${JSON.stringify(value)}`);
      const yuan = parseWan(value);
      if (yuan < 0) {
        this.problem(file, row, column, 'a non-negative amount in 万元', JSON.stringify(value));
        return 0;
      }
      return yuan;
    } catch {
      this.problem(
        file,
        row,
        column,
        'an amount in 万元 with at most two decimals',
        JSON.stringify(value) ?? 'nothing',
      );
      return 0;
    }
  }
}
