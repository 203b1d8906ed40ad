/** What the benchmarks share: servers started in child processes, and their memory. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT } from '../src/config.js';

export interface Server {
  child: ChildProcess;
  url: string;
  /** milliseconds from spawn to listening */
  startMs: number;
  stop(): Promise<void>;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A server in a child process — by default Yusuan's compiled src/server.ts on `database` — with
 * PORT and any further settings in `env`; resolves once it prints that it listens.
 */
export async function startServer(
  database: string,
  options: { env?: NodeJS.ProcessEnv; entry?: string; timeoutMs?: number } = {},
): Promise<Server> {
  const { env = {}, entry = path.join(ROOT, 'dist', 'server.js'), timeoutMs = 120_000 } = options;
  const port = await freePort();
  const start = now();
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), YUSUAN_DB: database },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server did not start within ${timeoutMs} ms`)),
        timeoutMs,
      );
      let output = '';
      child.stdout!.on('data', (chunk) => {
        output += String(chunk);
        if (/serving GraphQL at http:\/\/localhost:\d+\/graphql/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code ?? signal}) before listening`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, url: `http://127.0.0.1:${port}`, startMs: now() - start, stop };
}

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
