import type ExcelJS from 'exceljs';
import type { RenderedTable } from '../disclosure/render.js';
import { neutraliseFormula } from '../formats/csv.js';
import { sheetLayout, sheetName } from '../formats/sheet.js';
import type { PublishedBudget } from './budgets.js';

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } } as const;

/** Display width of text: CJK characters take two columns. */
const displayWidth = (text: string) => [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

/**
 * Lays one table out as printed: title, the 单位名称 / 单位：万元 line, the merged multi-level
 * header, the rows (figures as numbers shown with two decimals, so that they add up in a
 * spreadsheet), the notes.
 */
function addTableSheet(workbook: ExcelJS.Workbook, table: RenderedTable): void {
  const width = table.leaves.length;
  const layout = sheetLayout({
    unitBanner: table.unitBanner,
    headerRows: table.header.length,
    bodyRows: table.rows.length,
  });
  const sheet = workbook.addWorksheet(sheetName(table), {
    views: [{ state: 'frozen', ySplit: layout.bodyTop - 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });

  sheet.mergeCells(layout.titleRow, 1, layout.titleRow, width);
  const title = sheet.getCell(layout.titleRow, 1);
  title.value = neutraliseFormula(table.title);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(layout.titleRow).height = 28;

  if (layout.bannerRow) {
    if (width > 2) sheet.mergeCells(layout.bannerRow, 1, layout.bannerRow, width - 1);
    sheet.getCell(layout.bannerRow, 1).value = `单位名称：${table.unitName}`;
    const measure = sheet.getCell(layout.bannerRow, width);
    measure.value = `单位：${table.measure}`;
    measure.alignment = { horizontal: 'right' };
  }

  for (const cell of table.headerCells) {
    const top = layout.headerTop + cell.row;
    const left = cell.col + 1;
    if (cell.rowSpan > 1 || cell.colSpan > 1)
      sheet.mergeCells(top, left, top + cell.rowSpan - 1, left + cell.colSpan - 1);
    sheet.getCell(top, left).value = neutraliseFormula(cell.label);
  }
  for (let r = 0; r < table.header.length; r++) {
    for (let c = 1; c <= width; c++) {
      const cell = sheet.getCell(layout.headerTop + r, c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = HEADER_FILL;
    }
  }

  table.rows.forEach((row, i) => {
    const sheetRow = sheet.getRow(layout.bodyTop + i);
    row.cells.forEach((text, c) => {
      const cell = sheetRow.getCell(c + 1);
      cell.border = BORDER;
      if (table.leaves[c]!.type === 'amount') {
        cell.numFmt = '0.00';
        cell.alignment = { horizontal: 'right' };
        if (text !== '') cell.value = Number(text);
      } else if (text !== '') {
        // a text a spreadsheet would run as a formula gets the apostrophe csv.ts gives it
        cell.value = neutraliseFormula(text);
      }
      if (row.kind === 'total') cell.font = { bold: true };
    });
  });

  table.notes.forEach((note, i) => {
    const r = layout.notesTop + i;
    sheet.mergeCells(r, 1, r, width);
    const cell = sheet.getCell(r, 1);
    cell.value = neutraliseFormula(note);
    cell.alignment = { wrapText: true, vertical: 'top' };
    sheet.getRow(r).height = Math.min(409, 15 * Math.ceil(displayWidth(note) / (width * 14)));
  });

  table.leaves.forEach((leaf, c) => {
    const longest = Math.max(
      ...table.rows.map((row) => displayWidth(row.cells[c] ?? '')),
      ...table.header.map((labels) => Math.min(displayWidth(labels[c] ?? ''), 16)),
    );
    sheet.getColumn(c + 1).width = Math.min(48, Math.max(leaf.type === 'amount' ? 11 : 8, longest + 2));
  });
}

/**
 * An .xlsx of some of a budget's tables, a sheet each. The bytes depend only on the content:
 * document dates and zip entry times are the budget's import time, so the ETag (a hash of the
 * body) and any published checksum stay the same from one request to the next.
 */
export async function tablesWorkbook(
  published: PublishedBudget,
  tables: RenderedTable[],
): Promise<Uint8Array<ArrayBuffer>> {
  // the XLSX library loads with the first workbook asked for, not at start
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const stamp = new Date(published.budget.importedAt);
  workbook.creator = 'Yusuan';
  workbook.lastModifiedBy = 'Yusuan';
  workbook.created = stamp;
  workbook.modified = stamp;
  workbook.title = tables.length === 1 ? tables[0]!.title : published.budget.title;
  workbook.subject = `${published.unit.name} ${published.budget.year}`;
  for (const table of tables) addTableSheet(workbook, table);
  const buffer = await workbook.xlsx.writeBuffer();
  return stampZipEntries(new Uint8Array(buffer as ArrayBuffer), stamp);
}

/**
 * Sets every entry's modification time in a zip's local and central headers (which JSZip,
 * under exceljs, fills with the current time). Walks the central directory; data is untouched.
 */
export function stampZipEntries<T extends Uint8Array>(zip: T, date: Date): T {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let end = zip.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < entries; i++) {
    if (view.getUint32(at, true) !== 0x02014b50)
      throw new Error(`zip central directory entry ${i} is damaged`);
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, day, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error(`zip local header ${i} is damaged`);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, day, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return zip;
}
