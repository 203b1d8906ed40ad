import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { headerCells, headerRows, leafColumns } from '../src/disclosure/columns.js';
import { LAYOUTS } from '../src/disclosure/layouts.js';
import { sheetLayout, sheetName } from '../src/formats/sheet.js';
import type { TableDocument } from '../src/opendata/table-json.js';
import { seededMemoryDatabase } from './support/database.js';
import { normalise, readPublishedTables, trimTrailing } from './support/published-document.js';

const published = readPublishedTables();
let app: ReturnType<typeof createApp>;
beforeAll(() => {
  app = createApp({ db: seededMemoryDatabase(), config: loadConfig({}) });
});

async function download(path: string): Promise<Response> {
  const response = await app.fetch(new Request(`http://yusuan${path}`));
  expect(response.status, path).toBe(200);
  return response;
}
const csvOf = async (path: string): Promise<string[][]> =>
  parse(await (await download(path)).text(), { relax_column_count: false });
const workbookOf = async (path: string) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await (await download(path)).arrayBuffer());
  return workbook;
};

/** A sheet as text cells: a merged range's value in its top-left cell only, '' elsewhere. */
function sheetCells(sheet: ExcelJS.Worksheet, fromRow: number, rows: number, width: number): string[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: width }, (_, c) => {
      const cell = sheet.getCell(fromRow + r, c + 1);
      if (cell.isMerged && cell.master.address !== cell.address) return '';
      return cell.value === null || cell.value === undefined ? '' : String(cell.value);
    }),
  );
}

/** A1-style column letters. */
const column = (n: number): string =>
  (n > 26 ? column(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));
const range = (top: number, left: number, bottom: number, right: number) =>
  `${column(left)}${top}:${column(right)}${bottom}`;

describe('each table as CSV, JSON and XLSX, in the published layout', () => {
  for (const layout of LAYOUTS) {
    const no = String(layout.no).padStart(2, '0');
    const path = `/opendata/410800/2024/122201/${no}`;
    const leaves = leafColumns(layout.columns);

    describe(`table ${no} ${layout.title(2024)}`, () => {
      const theirs = published.find((t) => t.no === layout.no)!;

      it('CSV: the header rows as headerRows() gives them, then the published rows cell by cell', async () => {
        const rows = await csvOf(`${path}.csv`);
        const depth = headerRows(layout.columns).length;
        expect(rows.slice(0, depth)).toEqual(headerRows(layout.columns));
        expect(rows.every((row) => row.length === leaves.length)).toBe(true);
        expect(rows.slice(depth).map((row) => trimTrailing(row.map(normalise)))).toEqual(theirs.rows);
      });

      it('JSON: the same rows as the CSV, the column tree with stable paths, title, unit and notes', async () => {
        const document = (await (await download(`${path}.json`)).json()) as TableDocument;
        const rows = await csvOf(`${path}.csv`);
        expect(document.rows.map((r) => r.cells)).toEqual(rows.slice(headerRows(layout.columns).length));
        const paths: string[] = [];
        const walk = (columns: TableDocument['columns']) => {
          for (const c of columns) c.children ? walk(c.children) : paths.push(c.path);
        };
        walk(document.columns);
        expect(paths).toEqual(leaves.map((l) => l.path));
        expect(document.rows.every((r) => Object.keys(r.values).join() === paths.join())).toBe(true);
        expect({
          no: document.no,
          title: document.title,
          unit: document.unit.name,
          measure: document.unitOfMeasure,
          notes: document.notes,
        }).toEqual({
          no: layout.no,
          title: theirs.title,
          unit: '焦作市政务大数据中心',
          measure: '万元',
          notes: theirs.notes,
        });
      });

      it('XLSX: title, unit line, merged header ranges from headerCells(), the same cells, the notes', async () => {
        const workbook = await workbookOf(`${path}.xlsx`);
        expect(workbook.worksheets.map((s) => s.name)).toEqual([
          sheetName({ no: layout.no, title: theirs.title }),
        ]);
        const sheet = workbook.worksheets[0]!;
        const csv = await csvOf(`${path}.csv`);
        const header = headerRows(layout.columns);
        const spots = sheetLayout({
          unitBanner: layout.unitBanner ?? true,
          headerRows: header.length,
          bodyRows: csv.length - header.length,
        });
        const width = leaves.length;

        expect(sheet.getCell(spots.titleRow, 1).value).toBe(theirs.title);
        if (spots.bannerRow) {
          expect([
            sheet.getCell(spots.bannerRow, 1).value,
            sheet.getCell(spots.bannerRow, width).value,
          ]).toEqual([`单位名称：${theirs.unitName}`, '单位：万元']);
        }
        const headerMerges = headerCells(layout.columns)
          .filter((c) => c.rowSpan > 1 || c.colSpan > 1)
          .map((c) =>
            range(
              spots.headerTop + c.row,
              c.col + 1,
              spots.headerTop + c.row + c.rowSpan - 1,
              c.col + c.colSpan,
            ),
          );
        expect([...sheet.model.merges].sort()).toEqual(
          [
            range(spots.titleRow, 1, spots.titleRow, width),
            ...(spots.bannerRow ? [range(spots.bannerRow, 1, spots.bannerRow, width - 1)] : []),
            ...headerMerges,
            ...theirs.notes.map((_, i) => range(spots.notesTop + i, 1, spots.notesTop + i, width)),
          ].sort(),
        );
        expect(sheetCells(sheet, spots.headerTop, header.length, width)).toEqual(header);

        const body = sheetCells(sheet, spots.bodyTop, csv.length - header.length, width);
        const amounts = leaves.map((l) => l.type === 'amount');
        const asNumbers = (rows: string[][]) =>
          rows.map((row) => row.map((cell, c) => (amounts[c] && cell !== '' ? Number(cell) : cell)));
        expect(asNumbers(body)).toEqual(asNumbers(csv.slice(header.length)));
        expect(sheetCells(sheet, spots.notesTop, theirs.notes.length, 1).map(([note]) => note)).toEqual(
          theirs.notes,
        );
      });
    });
  }
});

describe('the whole disclosure as one workbook', () => {
  it('has a sheet per table, in order, each the same as the single-table file', async () => {
    const workbook = await workbookOf('/opendata/410800/2024/122201.xlsx');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(
      published.map((t) => sheetName({ no: t.no, title: t.title })),
    );
    for (const layout of LAYOUTS) {
      const single = (
        await workbookOf(`/opendata/410800/2024/122201/${String(layout.no).padStart(2, '0')}.xlsx`)
      ).worksheets[0]!;
      const sheet = workbook.worksheets[layout.no - 1]!;
      const width = leafColumns(layout.columns).length;
      expect(sheetCells(sheet, 1, sheet.rowCount, width)).toEqual(
        sheetCells(single, 1, single.rowCount, width),
      );
      expect([...sheet.model.merges].sort()).toEqual([...single.model.merges].sort());
    }
  });
});

describe('?bom=1', () => {
  it('prepends a UTF-8 byte order mark and changes nothing else', async () => {
    const plain = new Uint8Array(await (await download('/opendata/410800/2024/122201/02.csv')).arrayBuffer());
    const bom = new Uint8Array(
      await (await download('/opendata/410800/2024/122201/02.csv?bom=1')).arrayBuffer(),
    );
    expect([...bom.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.slice(3)).toEqual(plain);
  });
});
