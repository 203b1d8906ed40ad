import { ByteWriter, type ColumnSource, ParquetWriter, type SchemaElement } from 'hyparquet-writer';

export interface ParquetColumn {
  name: string;
  type: 'string' | 'int32' | 'decimal';
}

/** DECIMAL(18,2): the 万元 amounts, held as INT64 hundredths so no figure passes through a float. */
const DECIMAL_PRECISION = 18;
const DECIMAL_SCALE = 2;
/** Exactly two decimals and at most 18 digits in all, so the hundredths fit DECIMAL(18,2) and INT64. */
const DECIMAL_TEXT = /^(-?)(\d{1,16})\.(\d{2})$/;
const INT32_TEXT = /^-?\d{1,10}$/;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

export const DEFAULT_ROW_GROUP_ROWS = 100_000;

type Cell = string | number | bigint | null;

function schemaElement({ name, type }: ParquetColumn): SchemaElement {
  switch (type) {
    case 'string':
      return {
        name,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
        repetition_type: 'OPTIONAL',
      };
    case 'int32':
      return { name, type: 'INT32', repetition_type: 'OPTIONAL' };
    case 'decimal':
      return {
        name,
        type: 'INT64',
        converted_type: 'DECIMAL',
        precision: DECIMAL_PRECISION,
        scale: DECIMAL_SCALE,
        logical_type: { type: 'DECIMAL', precision: DECIMAL_PRECISION, scale: DECIMAL_SCALE },
        repetition_type: 'OPTIONAL',
      };
    default:
      throw new Error(`parquetOf: column ${JSON.stringify(name)} has unknown type ${JSON.stringify(type)}`);
  }
}

/** "512.02" → 51202n, "-3.10" → -310n: the digits themselves, never a float. */
function decimalHundredths(text: string): bigint | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction] = match;
  const hundredths = BigInt(`${whole}${fraction}`);
  return sign ? -hundredths : hundredths;
}

function int32Of(text: string): number | undefined {
  if (!INT32_TEXT.test(text)) return undefined;
  const value = Number(text); // at most 10 digits: exact in a double
  return value >= INT32_MIN && value <= INT32_MAX ? value : undefined;
}

/** Cells of one row group, a column each, already typed: text, int32, INT64 hundredths; null = empty. */
export type ParquetCell = Cell;

/**
 * A Parquet file written row group by row group: each writeRowGroup() encodes one group's
 * columns (which the caller may then drop), so memory is one row group plus the encoded file.
 * Strings are always dictionary encoded; pages are Snappy compressed (hyparquet-writer's default).
 */
export class ParquetFile {
  private readonly writer = new ByteWriter(1 << 16);
  private readonly parquet: ParquetWriter;

  constructor(private readonly columns: readonly ParquetColumn[]) {
    if (columns.length === 0) throw new Error('parquetOf: no columns');
    const names = new Set<string>();
    for (const { name } of columns) {
      if (!name || names.has(name))
        throw new Error(`parquetOf: column name ${JSON.stringify(name)} is empty or repeated`);
      names.add(name);
    }
    const schema: SchemaElement[] = [
      { name: 'root', num_children: columns.length },
      ...columns.map(schemaElement),
    ];
    // ParquetWriter writes the header on construction, one or more row groups per write(), and the
    // page indexes and footer on finish(); with a ByteWriter (no async flush) every call is synchronous.
    this.parquet = new ParquetWriter({ writer: this.writer, schema });
  }

  /** One row group: a column of `rows` cells per column, in column order. */
  writeRowGroup(cells: readonly Cell[][], rows: number): void {
    if (rows === 0) return;
    const columnData: ColumnSource[] = this.columns.map(({ name, type }, c) => ({
      name,
      data: cells[c]!,
      // Force the dictionary for the text columns (codes and names repeat a lot); the numbers keep
      // the library's choice, which uses a dictionary only when it at least halves the size.
      ...(type === 'string' ? { encoding: 'RLE_DICTIONARY' as const } : {}),
    }));
    const pending = this.parquet.write({ columnData, rowGroupSize: rows });
    if (pending) throw new Error('parquetOf: unexpected asynchronous write'); // ByteWriter has no flush
  }

  /** The file: footer written, as a compact copy. */
  finish(): Uint8Array {
    const pending = this.parquet.finish();
    if (pending) throw new Error('parquetOf: unexpected asynchronous finish');
    // A compact copy: ByteWriter's buffer grows by doubling, so it is up to twice the file's size.
    return new Uint8Array(this.writer.getBuffer());
  }
}

/**
 * Writes rows (arrays of cell strings in column order; '' = null for every type) as one Parquet file.
 * Rows are consumed in batches of `rowGroupRows` (default 100_000), each batch written as a row group,
 * so memory is bounded by one row group plus the output.
 *
 * Strings are UTF-8 (BYTE_ARRAY, logical STRING) and always dictionary encoded; 'int32' is INT32;
 * 'decimal' is text with exactly two decimals ("512.02", "-3.10") stored as DECIMAL(18,2) on INT64.
 * Pages are Snappy compressed (hyparquet-writer's default). A bad cell throws an Error naming the
 * row (1-based, counting data rows) and the column.
 */
export function parquetOf(
  columns: readonly ParquetColumn[],
  rows: Iterable<readonly string[]>,
  options: { rowGroupRows?: number } = {},
): Uint8Array {
  const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  if (!Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1) {
    throw new Error(`parquetOf: rowGroupRows must be a positive integer, got ${rowGroupRows}`);
  }
  const file = new ParquetFile(columns);

  // One row group's cells, converted as the rows arrive (the rows themselves are not kept).
  let batch: Cell[][] = columns.map(() => []);
  let batchRows = 0;
  const flush = () => {
    file.writeRowGroup(batch, batchRows);
    batch = columns.map(() => []);
    batchRows = 0;
  };

  let rowNumber = 0;
  for (const row of rows) {
    rowNumber++;
    if (row.length !== columns.length) {
      const detail =
        row.length < columns.length
          ? `missing column ${columns[row.length]!.name}`
          : `extra cell after column ${columns[columns.length - 1]!.name}`;
      throw new Error(
        `parquetOf: row ${rowNumber} has ${row.length} cells, expected ${columns.length} (${detail})`,
      );
    }
    for (let c = 0; c < columns.length; c++) {
      const { name, type } = columns[c]!;
      const text = row[c];
      if (typeof text !== 'string') {
        throw new Error(`parquetOf: row ${rowNumber}, column ${name}: cell is not a string`);
      }
      let cell: Cell;
      if (text === '') cell = null;
      else if (type === 'string') cell = text;
      else if (type === 'int32') {
        cell = int32Of(text) ?? null;
        if (cell === null) {
          throw new Error(
            `parquetOf: row ${rowNumber}, column ${name}: ${JSON.stringify(text)} is not an int32`,
          );
        }
      } else {
        cell = decimalHundredths(text) ?? null;
        if (cell === null) {
          throw new Error(
            `parquetOf: row ${rowNumber}, column ${name}: ${JSON.stringify(text)} is not a decimal with exactly 2 decimals (like "512.02")`,
          );
        }
      }
      batch[c]!.push(cell);
    }
    batchRows++;
    if (batchRows === rowGroupRows) flush();
  }
  flush();
  return file.finish();
}
