/** What the benchmarks share: servers started in child processes (tests/support/server.ts), and their memory. */
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

export { freePort, type Server, startServer } from '../tests/support/server.js';

/** VmRSS and its peak (VmHWM) of a process, in MiB. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Rows of a Parquet file, as DuckDB counts them. */
export async function parquetRows(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `select count(*) from read_parquet('${file.replaceAll("'", "''")}')`,
    );
    return Number(reader.getRows()[0]![0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A whole-number setting of a bench from the environment (at least `min`), else `fallback`. */
export function setting(name: string, fallback: number, min = 0): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, found "${text}"`);
  return n;
}
