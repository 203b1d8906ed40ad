import path from 'node:path';
import { headerDepth, leafColumns } from '../disclosure/columns.js';
import { LAYOUTS, type TableLayout } from '../disclosure/layouts.js';
import { sheetLayout } from '../opendata/xlsx.js';
import { readCsvRecords } from './fields.js';
import { readInputFile, textProblem } from './input-file.js';
import { grouped, importLimits, LIMIT_ENV } from './limits.js';
import type { ImportProblem } from './problems.js';
import { inflatedSizeProblem } from './workbook-zip.js';

/** One disclosure table as read from a file: its header and body rows as text, located in the file. */
export interface TableInput {
  layout: TableLayout;
  /** where it came from, as errors name it: "05.csv", or "budget.xlsx › 05 一般公共预算支出预算表" */
  file: string;
  header: string[][];
  body: string[][];
  /** the file's row number of the first header row (1-based) */
  firstRow: number;
  /** the title printed above the table, when the format carries one */
  title: string | null;
  /** the source line of each body row, where rows are not consecutive (a document drops repeated headers) */
  lines?: number[];
  /** the source line of each header row */
  headerLines?: number[];
  /** the notes printed under the table, when the format carries them */
  notes?: string[];
}

/** The file's row (or line) number of a table's body row. */
export function bodyRowNumber(input: TableInput, index: number): number {
  return input.lines?.[index] ?? input.firstRow + input.header.length + index;
}

export const tableFileName = (no: number) => `${String(no).padStart(2, '0')}.csv`;

/** Reads 01.csv … 14.csv of a table folder (the layout Yusuan publishes: header rows, then rows). */
export function readTableFolder(dir: string, problems: ImportProblem[]): TableInput[] {
  const tables: TableInput[] = [];
  for (const layout of LAYOUTS) {
    const file = tableFileName(layout.no);
    const leaves = leafColumns(layout.columns);
    const records = readCsvRecords(dir, file, problems, {
      headerRows: headerDepth(layout.columns),
      columnName: (c) => leaves[c]?.labels.join(' › ') ?? String(c + 1),
    });
    if (!records) continue;
    if (!records.length) {
      problems.push({
        file,
        row: null,
        column: null,
        expected: 'the header rows and rows of the table',
        found: 'an empty file',
      });
      continue;
    }
    const depth = headerDepth(layout.columns);
    tables.push({
      layout,
      file,
      header: records.slice(0, depth),
      body: records.slice(depth),
      firstRow: 1,
      title: null,
    });
  }
  return tables;
}

/** The sheet of a workbook that carries its manifest (column A, read top to bottom, is its JSON). */
export const MANIFEST_SHEET = 'manifest';

/** A workbook's tables, and the manifest text its `manifest` sheet carries (null when it has none). */
export interface WorkbookInput {
  tables: TableInput[];
  manifest: string | null;
}

/**
 * Reads a workbook Yusuan publishes (/opendata/{year}/{unit}.xlsx): a sheet per table. The file is
 * read within the import's limits (readInputFile), and its zip is measured while inflating
 * (inflatedSizeProblem) before the XLSX library opens it.
 */
export async function readWorkbook(file: string, problems: ImportProblem[]): Promise<TableInput[]> {
  return (await readWorkbookInput(file, problems)).tables;
}

/** readWorkbook, with the manifest text the workbook carries in its `manifest` sheet, if any. */
export async function readWorkbookInput(file: string, problems: ImportProblem[]): Promise<WorkbookInput> {
  const name = path.basename(file);
  const limits = importLimits();
  const buffer = readInputFile(file, name, problems);
  if (!buffer) return { tables: [], manifest: null };
  const refuse = (found: string) => {
    problems.push({ file: name, row: null, column: null, expected: 'an .xlsx workbook', found });
    return { tables: [], manifest: null };
  };
  const inflated = inflatedSizeProblem(buffer, limits.maxInflatedBytes);
  if (inflated) {
    problems.push({ file: name, row: null, column: null, ...inflated });
    return { tables: [], manifest: null };
  }
  // the XLSX library loads only when a workbook is read
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types load() with its own Buffer (an ArrayBuffer), which a Node Buffer is not: it reads either
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    return refuse(`a file that cannot be opened as one (${(error as Error).message})`);
  }
  const tables: TableInput[] = [];
  for (const layout of LAYOUTS) {
    const prefix = `${String(layout.no).padStart(2, '0')} `;
    const sheet = workbook.worksheets.find((s) => s.name.startsWith(prefix));
    if (!sheet) {
      problems.push({
        file: name,
        row: null,
        column: null,
        expected: `a sheet named "${prefix}…" for table ${layout.no}`,
        found: 'none',
      });
      continue;
    }
    const where = `${name} › ${sheet.name}`;
    const leaves = leafColumns(layout.columns);
    const width = leaves.length;
    const text = (row: number) =>
      Array.from({ length: width }, (_, c) => {
        const cell = sheet.getRow(row).getCell(c + 1);
        if (cell.isMerged && cell.master.address !== cell.address) return '';
        const value = cell.value;
        if (value === null || value === undefined) return '';
        if (typeof value === 'number') return String(value);
        const text =
          typeof value === 'object' && 'richText' in value
            ? value.richText.map((t) => t.text).join('')
            : String(value);
        const problem = textProblem(text);
        if (problem)
          problems.push({ file: where, row, column: leaves[c]?.labels.join(' › ') ?? null, ...problem });
        return text;
      });
    const depth = headerDepth(layout.columns);
    const spots = sheetLayout({ unitBanner: layout.unitBanner ?? true, headerRows: depth, bodyRows: 0 });
    const notes = new Set([
      ...layout.notes,
      ...(layout.emptyNote ? [layout.emptyNote(0).replace(/\d+/, '')] : []),
    ]);
    const isNote = (first: string) =>
      notes.has(first) || (layout.emptyNote !== undefined && /^ ?本单位\d{4}年度没有/.test(first));
    const body: string[][] = [];
    if (sheet.rowCount - spots.bodyTop + 1 > limits.maxTableRows + layout.notes.length + 1) {
      problems.push({
        file: where,
        row: null,
        column: null,
        expected: `a table of at most ${grouped(limits.maxTableRows)} rows (${LIMIT_ENV.maxTableRows})`,
        found: `${grouped(sheet.rowCount)} rows on the sheet`,
      });
      continue;
    }
    for (let r = spots.bodyTop; r <= sheet.rowCount; r++) {
      const cells = text(r);
      if (isNote(cells[0] ?? '')) break;
      body.push(cells);
    }
    // Table 14 prints no notes: its body runs to the last row with any text.
    while (!layout.notes.length && body.length && body.at(-1)!.every((c) => c === '')) body.pop();
    tables.push({
      layout,
      file: where,
      header: Array.from({ length: depth }, (_, i) => text(spots.headerTop + i)),
      body,
      firstRow: spots.headerTop,
      title: text(spots.titleRow)[0] ?? '',
    });
  }
  const sheet = workbook.getWorksheet(MANIFEST_SHEET);
  const manifest = sheet
    ? Array.from({ length: sheet.rowCount }, (_, r) => {
        const value = sheet.getRow(r + 1).getCell(1).value;
        return value === null || value === undefined ? '' : String(value);
      }).join('')
    : null;
  return { tables, manifest };
}
