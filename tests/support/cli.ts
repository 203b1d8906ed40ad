import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { main } from '../../src/cli.js';
import { ROOT } from '../../src/config.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `yusuan <args>` in this process, as bin/yusuan.js does, with YUSUAN_DB set to `database`. */
export async function yusuan(args: string[], database: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const written = { stdout: '', stderr: '' };
  const status = await main(args, {
    stdout: { write: (text: string) => (written.stdout += text) },
    stderr: { write: (text: string) => (written.stderr += text) },
    env: { ...process.env, ...env, YUSUAN_DB: database },
  });
  return { status, ...written };
}

/** Runs bin/yusuan.js in a child process: for the few tests of the executable itself. */
export function spawnYusuan(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'yusuan.js'), ...args], {
    env,
    encoding: 'utf8',
  });
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}
