/** A Yusuan server (or another entry) in a child process, on a free loopback port: tests and benches. */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from '../../src/config.js';

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
