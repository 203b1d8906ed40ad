import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Subject } from '../disclosure/subjects.js';
import type { ImportOptions, ReadResult } from './index.js';
import type { ImportProblem } from './problems.js';

/**
 * Reading ahead: the worker threads that read and check the next documents of a folder import
 * while the importing thread stores the one before (createImportSession's importEach). A worker
 * does what the importing thread would do before it writes (read-worker.ts: readDisclosure, then
 * the checks) and answers with plain data; the importing thread still decides, in the folder's
 * order, what is stored, each document in its own transaction.
 */

/** A refusal as it crosses threads: the problems listed and how many more there were. */
export interface Refusal {
  problems: ImportProblem[];
  omitted: number;
}

/** What reading and checking one input came to, in a worker. */
export type ReadOutcome =
  /** read; passed: every check passed, this many; refusal: the checks that failed (the import refuses it once the region is settled) */
  | { kind: 'read'; read: ReadResult; passed: number; refusal: null }
  | { kind: 'read'; read: ReadResult; passed: null; refusal: Refusal }
  /** the input could not be read: its problems */
  | { kind: 'refused'; refusal: Refusal }
  /** anything else that went wrong (a bug): its message and stack */
  | { kind: 'error'; message: string; stack?: string };

/** The messages to a worker: the code list to read with (one per data version), and inputs to read. */
export type ToReader =
  | { type: 'catalog'; generation: number; subjects: Subject[] }
  | { type: 'read'; id: number; target: string; options: ImportOptions };

/** A worker's answer: the read's outcome, and the code list it read with. */
export interface FromReader {
  id: number;
  generation: number;
  outcome: ReadOutcome;
}

/**
 * The worker's module: compiled, read-worker.js beside this one; from source (tests, tsx), the
 * .ts file, loaded through tsx's loader, which a worker thread does not inherit.
 */
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./read-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry);
  // the loader's ESM entry, where its package sends an `import` of tsx/esm/api
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const tsx = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api'].import.default)).href;
  return new Worker(
    `const { workerData } = require('node:worker_threads');
     import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });`,
    { eval: true, workerData: { tsx, entry: entry.href } },
  );
}

/**
 * A fixed set of reading threads. read() hands an input to the least busy one; the answers come
 * back as promises. A worker that fails (it cannot start, it exits) fails every read it holds.
 */
export class ReadPool {
  private readonly workers: { worker: Worker; pending: Map<number, (reply: FromReader) => void> }[];
  private readonly failures = new Map<number, (error: Error) => void>();
  private next = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = startWorker();
      const slot = { worker, pending: new Map<number, (reply: FromReader) => void>() };
      worker.on('message', (reply: FromReader) => {
        slot.pending.get(reply.id)?.(reply);
        slot.pending.delete(reply.id);
        this.failures.delete(reply.id);
      });
      const fail = (error: Error) => {
        for (const id of slot.pending.keys()) this.failures.get(id)?.(error);
        slot.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`an import reader stopped (exit code ${code})`)));
      return slot;
    });
  }

  /** The code list the next reads use: the session's, whenever it loads it again. */
  setCatalog(generation: number, subjects: Subject[]): void {
    const message: ToReader = { type: 'catalog', generation, subjects };
    for (const { worker } of this.workers) worker.postMessage(message);
  }

  read(target: string, options: ImportOptions): Promise<FromReader> {
    const id = this.next++;
    const slot = this.workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return new Promise<FromReader>((resolve, reject) => {
      slot.pending.set(id, resolve);
      this.failures.set(id, reject);
      slot.worker.postMessage({ type: 'read', id, target, options } satisfies ToReader);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(({ worker }) => {
        worker.removeAllListeners('exit');
        return worker.terminate();
      }),
    );
  }
}
