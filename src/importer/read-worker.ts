import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { SubjectCatalog } from '../disclosure/subjects.js';
import { checkRead, type ImportOptions, readDisclosure } from './index.js';
import { ImportFailed } from './problems.js';
import type { FromReader, ReadOutcome, ToReader } from './read-ahead.js';

/**
 * A reading thread of a folder import (read-ahead.ts): reads an input with the session's code
 * list and runs every check on it, as the importing thread would before it writes, and answers
 * with the outcome as plain data.
 */
async function readAndCheck(
  target: string,
  catalog: SubjectCatalog,
  options: ImportOptions,
): Promise<ReadOutcome> {
  try {
    const read = await readDisclosure(target, catalog, options);
    const { tables: _, ...kept } = read;
    try {
      const checks = checkRead(read, catalog.with(read.disclosure.declaredSubjects), path.basename(target));
      return { kind: 'read', read: kept, passed: checks.length, refusal: null };
    } catch (error) {
      if (!(error instanceof ImportFailed)) throw error;
      return { kind: 'read', read: kept, passed: null, refusal: refusalOf(error) };
    }
  } catch (error) {
    if (error instanceof ImportFailed) return { kind: 'refused', refusal: refusalOf(error) };
    const e = error instanceof Error ? error : new Error(String(error));
    return { kind: 'error', message: e.message, stack: e.stack };
  }
}

const refusalOf = (error: ImportFailed) => ({ problems: error.problems, omitted: error.omitted });

const port = parentPort;
if (port) {
  let catalog = new SubjectCatalog([]);
  let generation = -1;
  port.on('message', async (message: ToReader) => {
    if (message.type === 'catalog') {
      catalog = new SubjectCatalog(message.subjects);
      generation = message.generation;
      return;
    }
    const used = generation;
    const outcome = await readAndCheck(message.target, catalog, message.options);
    port.postMessage({ id: message.id, generation: used, outcome } satisfies FromReader);
  });
}
