import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * SQLite's quick_check reads every page of the database: seconds on a province. The server runs
 * it on a thread of its own after it starts listening, so start-up costs nothing; a database
 * that fails it is reported on stderr (answers that touch a bad page fail with an error).
 * Resolves to null when the check passes, else to what SQLite found.
 */
export function checkIntegrityInBackground(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: file });
    worker.unref();
    worker.once('message', (found: string | null) => resolve(found));
    worker.once('error', (error) => resolve(error.message));
  });
}

if (!isMainThread && parentPort) {
  let found: string | null;
  try {
    const db = new Database(workerData as string, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    db.close();
    found =
      rows.length === 1 && rows[0]!.quick_check === 'ok'
        ? null
        : rows.map((r) => r.quick_check.replace(/\s*\n\s*/g, ' ')).join('; ');
  } catch (error) {
    found = (error as Error).message;
  }
  parentPort.postMessage(found);
}
