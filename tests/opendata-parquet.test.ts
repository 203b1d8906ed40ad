import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParquetColumn, parquetOf } from '../src/opendata/parquet.js';

const COLUMNS: readonly ParquetColumn[] = [
  { name: 'year', type: 'int32' },
  { name: 'revision', type: 'int32' },
  { name: 'department_code', type: 'string' },
  { name: 'department_name', type: 'string' },
  { name: 'unit_code', type: 'string' },
  { name: 'unit_name', type: 'string' },
  { name: 'functional_subject_code', type: 'string' },
  { name: 'functional_subject_name', type: 'string' },
  { name: 'item_name', type: 'string' },
  { name: 'amount_wan', type: 'decimal' },
];

const DEPARTMENTS = [
  ['101', '焦作市政务服务和大数据管理局'],
  ['102', '焦作市财政局'],
  ['103', '焦作市教育局'],
] as const;
const UNITS = [
  ['101001', '焦作市政务大数据中心'],
  ['101002', '焦作市政务服务中心'],
  ['102001', '焦作市财政局机关'],
  ['103001', '焦作市第一中学'],
] as const;
const SUBJECTS = [
  ['201', '一般公共服务支出'],
  ['20103', '政府办公厅（室）及相关机构事务'],
  ['2010301', '行政运行'],
  ['2050203', '初中教育'],
  ['2080505', '机关事业单位基本养老保险缴费支出'],
] as const;
/** Edge amounts, then a deterministic spread (a small LCG, so the test needs no random seed). */
const EDGE_AMOUNTS = ['0.00', '-3.10', '512.02', '9999999.99', '-9999999.99', '0.01', '-0.01', '100.00'];

/** Hundredths of a 万元 as the two-decimal text: -310n → "-3.10". */
function wanText(fen: bigint): string {
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

function amountAt(i: number): string {
  if (i < EDGE_AMOUNTS.length) return EDGE_AMOUNTS[i]!;
  return wanText(BigInt((i * 1_103_515_245 + 12_345) % 999_999_999) * (i % 7 === 0 ? -1n : 1n));
}

/** A generator, so parquetOf sees a one-pass iterable and not an array it could index. */
function* onePass<T>(items: readonly T[]): Generator<T> {
  yield* items;
}

/** 2500 fact-like rows: repetitive codes and names, some empty (null) cells, every kind of amount. */
function factRows(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => {
    const [departmentCode, departmentName] = DEPARTMENTS[i % DEPARTMENTS.length]!;
    const [unitCode, unitName] = UNITS[(i >> 1) % UNITS.length]!;
    const [subjectCode, subjectName] = SUBJECTS[(i * 7) % SUBJECTS.length]!;
    return [
      i % 97 === 5 ? '' : String(2023 + (i % 3)),
      i % 11 === 0 ? '' : String(i % 4),
      departmentCode,
      departmentName,
      i % 13 === 0 ? '' : unitCode,
      i % 13 === 0 ? '' : unitName,
      subjectCode,
      subjectName,
      i % 5 === 0 ? '' : `项目${i % 40}：“三公”经费 — ${subjectName}`,
      i >= EDGE_AMOUNTS.length && i % 17 === 3 ? '' : amountAt(i),
    ];
  });
}

describe('parquetOf, read back by DuckDB', () => {
  const ROWS = factRows(2500);
  let dir: string;
  let file: string;
  let bytes: Uint8Array;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  const sqlPath = () => `'${file.replaceAll("'", "''")}'`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yusuan-parquet-'));
    file = path.join(dir, 'facts.parquet');
    bytes = parquetOf(COLUMNS, onePass(ROWS), { rowGroupRows: 1000 });
    writeFileSync(file, bytes);
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });

  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the rows as given, in order, with empty cells as nulls', async () => {
    const select = COLUMNS.map(({ name, type }) => (type === 'decimal' ? `cast(${name} as varchar)` : name));
    const reader = await connection.runAndReadAll(
      `select ${select.join(', ')} from read_parquet(${sqlPath()})`,
    );
    const expected = ROWS.map((row) =>
      row.map((cell, c) => (cell === '' ? null : COLUMNS[c]!.type === 'int32' ? Number(cell) : cell)),
    );
    const actual = reader.getRowsJS();
    expect(actual.length).toBe(2500);
    expect(actual).toEqual(expected);
    // the edge amounts really are in the file (not only equal through some lossy path)
    expect(actual.slice(0, EDGE_AMOUNTS.length).map((row) => row.at(-1))).toEqual(EDGE_AMOUNTS);
  });

  it('types the columns VARCHAR / INTEGER / DECIMAL(18,2)', async () => {
    const reader = await connection.runAndReadAll(`describe select * from read_parquet(${sqlPath()})`);
    const types = reader.getRowObjectsJS().map((row) => [row.column_name, row.column_type]);
    expect(types).toEqual(
      COLUMNS.map(({ name, type }) => [
        name,
        { string: 'VARCHAR', int32: 'INTEGER', decimal: 'DECIMAL(18,2)' }[type],
      ]),
    );
  });

  it('writes 1000-row row groups, dictionary encoding the text', async () => {
    const groups = await connection.runAndReadAll(
      `select row_group_id, any_value(row_group_num_rows) as n
         from parquet_metadata(${sqlPath()}) group by row_group_id order by row_group_id`,
    );
    expect(groups.getRowsJS().map(([, n]) => Number(n))).toEqual([1000, 1000, 500]);
    const encodings = await connection.runAndReadAll(
      `select distinct path_in_schema, encodings from parquet_metadata(${sqlPath()})
         where path_in_schema in ('department_name', 'unit_name', 'item_name')`,
    );
    for (const [, encoding] of encodings.getRowsJS()) expect(String(encoding)).toContain('DICTIONARY');
    // Sums exactly, in DECIMAL: no float crept in.
    const sum = await connection.runAndReadAll(
      `select cast(sum(amount_wan) as varchar) from read_parquet(${sqlPath()})`,
    );
    const fen = ROWS.reduce(
      (total, row) => total + (row.at(-1) ? BigInt(row.at(-1)!.replace('.', '')) : 0n),
      0n,
    );
    expect(sum.getRowsJS()[0]![0]).toBe(wanText(fen));
    console.log(`parquetOf: ${ROWS.length} rows → ${bytes.byteLength} bytes`);
  });

  it('writes a readable file with no rows', async () => {
    const emptyFile = path.join(dir, 'empty.parquet');
    writeFileSync(emptyFile, parquetOf(COLUMNS, []));
    const reader = await connection.runAndReadAll(`select count(*) from read_parquet('${emptyFile}')`);
    expect(Number(reader.getRowsJS()[0]![0])).toBe(0);
  });
});

describe('parquetOf rejects bad rows', () => {
  const good = ['2024', '0', '101', '焦作市政务大数据中心', '', '', '2010301', '行政运行', '', '512.02'];
  const write = (rows: string[][]) => () => parquetOf(COLUMNS, rows, { rowGroupRows: 2 });

  it('names the row and the column of a row with the wrong number of cells', () => {
    expect(write([good, good, good.slice(0, -1)])).toThrow(
      /row 3 has 9 cells, expected 10 \(missing column amount_wan\)/,
    );
    expect(write([good, [...good, 'x']])).toThrow(/row 2 has 11 cells, expected 10 .*amount_wan/);
  });

  it.each(['1.2.3', '12.345', '12.3', '12', '.50', '1e3', ' 1.00', '+1.00', '１.00', '12345678901234567.00'])(
    'names the row and the column of the bad decimal %j',
    (amount) => {
      expect(write([good, good, good, [...good.slice(0, -1), amount]])).toThrow(
        new RegExp(
          `row 4, column amount_wan: ${JSON.stringify(amount).replace(/[.+]/g, '\\$&')} is not a decimal`,
        ),
      );
    },
  );

  it('names the row and the column of a bad int32', () => {
    expect(write([['20x4', ...good.slice(1)]])).toThrow(/row 1, column year: "20x4" is not an int32/);
    expect(write([good, ['2147483648', ...good.slice(1)]])).toThrow(/row 2, column year/);
  });
});
