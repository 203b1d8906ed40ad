/**
 * npm run bench — import speed, measured side by side in one run:
 *
 * - a folder of BENCH_DOCUMENTS published documents (default 1,000: the seed and the two synthetic
 *   multi-fund units, each copied under new unit codes) imported with `yusuan import`'s own code
 *   (one createImportSession's importEach, one transaction per document) into a fresh database
 *   file: documents/s and facts/s; then again with worker threads reading ahead (2 readers, or
 *   none when YUSUAN_IMPORT_READERS sets some);
 * - the same documents only read and checked (no writes): what reading costs;
 * - the rows the import stored, read back from its database and written again by plain prepared
 *   INSERTs into a fresh database of the same schema, one transaction per document, with the
 *   session's settings, and the checkpoint at the end that the session's close makes (within
 *   the import's time too): what storing those rows costs at least (the target's baseline). The
 *   import and these INSERTs alternate BENCH_ROUNDS times (default 5), each into a fresh
 *   database; the median round's ratio is the result;
 * - the same facts as one row each in a table of their own (no indexes), all in one transaction:
 *   a lower bound of storing them at all, kept for comparison with earlier runs.
 *
 * The ratios are what to compare between runs; seconds depend on how busy the machine is. The
 * target (issue 11): the import's rate at least 20% of the raw insert rate of the same rows (at
 * most 5× the time of writing its own rows with plain INSERTs).
 *
 *   BENCH_DOCUMENTS=200 npm run bench
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ROOT } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { loadCatalog } from '../src/db/disclosures.js';
import { runChecks } from '../src/disclosure/checks/index.js';
import {
  createImportSession,
  factCount,
  readDisclosureSync,
  seedDatabase,
  sessionSettings,
} from '../src/importer/index.js';
import { copyDocument, SOURCE_DOCUMENTS } from '../tests/support/documents.js';
import { insertRawFacts, insertStoredRows, storedRows } from './raw-facts.js';

const count = Number(process.env.BENCH_DOCUMENTS ?? 1000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yusuan-bench-'));
const folder = path.join(dir, 'documents');
fs.mkdirSync(folder);
for (let i = 0; i < count; i++) {
  const source = SOURCE_DOCUMENTS[i % SOURCE_DOCUMENTS.length]!;
  // a new unit of the same department, with the source's figures
  const code = `${source.code.slice(0, 3)}${String(500 + i).padStart(3, '0')}`;
  fs.writeFileSync(path.join(folder, `2024-${code}.txt`), copyDocument(source, code));
}
const files = fs.readdirSync(folder).map((f) => path.join(folder, f));

function fresh(name: string) {
  const db = openDatabase(path.join(dir, `${name}.sqlite`));
  migrateDatabase(db);
  seedDatabase(db, path.join(ROOT, 'seeds'));
  return db;
}

function time<T>(run: () => T): { seconds: number; result: T } {
  const start = process.hrtime.bigint();
  const result = run();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
}

// 1. read and check only
const readDb = fresh('read');
const catalog = loadCatalog(readDb);
const reading = time(() => {
  let facts = 0;
  for (const file of files) {
    // as the import checks: against the tables the reader drew from the facts
    const { disclosure, tables } = readDisclosureSync(file, catalog);
    runChecks(disclosure, catalog.with(disclosure.declaredSubjects), tables);
    facts += factCount(disclosure);
  }
  return facts;
});

// 2. the import, as `yusuan import <folder>` runs it (its readers: YUSUAN_IMPORT_READERS)
const readers = loadConfig().importReaders;
async function importFolder(name: string, readers: number) {
  const db = fresh(name);
  const start = process.hrtime.bigint();
  let facts = 0;
  const session = createImportSession(db, { readers });
  for await (const each of session.importEach(files)) {
    if ('error' in each) throw each.error;
    facts += each.result.facts;
  }
  session.close();
  db.$client.close();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result: facts };
}
// 3. the rows the import stored, as plain INSERTs into the same schema, one transaction per
// document. The import and the plain INSERTs alternate, BENCH_ROUNDS times (default 5), each
// into a fresh database: each round's ratio is measured side by side, and the median round's is
// the result, so that a few seconds of another process on this shared machine move one round,
// not the result.
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
// the seed's budgets, which every fresh database has (readDb is one, never written to)
const seeded = Number(readDb.$client.prepare('select max(id) from budgets').pluck().get() ?? 0);
const removeDatabase = (name: string) => {
  for (const suffix of ['', '-wal', '-shm'])
    fs.rmSync(path.join(dir, `${name}.sqlite${suffix}`), { force: true });
};
const measured: {
  importing: Awaited<ReturnType<typeof importFolder>>;
  same: ReturnType<typeof time<number>>;
}[] = [];
let stored: ReturnType<typeof storedRows> | undefined;
for (let round = 0; round < rounds; round++) {
  const importing = await importFolder(`import-${round}`, readers);
  stored ??= storedRows(path.join(dir, `import-${round}.sqlite`), { after: seeded });
  const sameDb = fresh(`same-${round}`);
  const restore = sessionSettings(sameDb.$client);
  const rows = stored;
  // restore() checkpoints what the INSERTs left in the WAL, as the import's session.close() does
  // within the import's time
  const same = time(() => {
    const written = insertStoredRows(sameDb.$client, rows);
    restore();
    return written;
  });
  // the same rows: every table holds as many rows in both databases
  const imported = openDatabase(path.join(dir, `import-${round}.sqlite`), { readonly: true });
  for (const table of rows.tables.keys()) {
    const count = (db: typeof sameDb) => db.$client.prepare(`select count(*) from "${table}"`).pluck().get();
    if (count(imported) !== count(sameDb))
      throw new Error(`${table}: ${count(imported)} rows imported, ${count(sameDb)} inserted plain`);
  }
  imported.$client.close();
  sameDb.$client.close();
  removeDatabase(`import-${round}`);
  removeDatabase(`same-${round}`);
  measured.push({ importing, same });
}
const share = (m: (typeof measured)[number]) => m.same.seconds / m.importing.seconds;
const byShare = [...measured].sort((x, y) => share(x) - share(y));
const { importing, same } = byShare[Math.floor((byShare.length - 1) / 2)]!;
// and with two readers ahead (or, when the setting has readers, with none): the other way, once
const other = readers ? 0 : 2;
const otherWay = await importFolder('other', other);

// 4. the facts as one row each, in one table of their own, one transaction
const rawDb = fresh('raw');
const disclosures = files.map((file) => readDisclosureSync(file, catalog).disclosure);
const raw = time(() => insertRawFacts(rawDb.$client, disclosures));

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
const lines = [
  `documents: ${files.length} (${SOURCE_DOCUMENTS.length} units' documents under new codes), facts: ${importing.result}, rows stored: ${same.result}`,
  `import (read, check, store; ${readers} readers): ${importing.seconds.toFixed(2)} s, ${rate(files.length, importing.seconds)} documents/s, ${rate(importing.result, importing.seconds)} facts/s, ${rate(same.result, importing.seconds)} rows/s`,
  `the same with ${other} readers:   ${otherWay.seconds.toFixed(2)} s, ${rate(same.result, otherWay.seconds)} rows/s`,
  `read and check only:         ${reading.seconds.toFixed(2)} s, ${rate(reading.result, reading.seconds)} facts/s`,
  `plain INSERTs of its rows:   ${same.seconds.toFixed(2)} s, ${rate(same.result, same.seconds)} rows/s (same schema, a transaction per document)`,
  `one-table INSERTs of facts:  ${raw.seconds.toFixed(2)} s, ${rate(raw.result, raw.seconds)} rows/s (no indexes, one transaction)`,
  `ratios: import / read = ${(importing.seconds / reading.seconds).toFixed(2)}×, import / plain INSERTs of its rows = ${(importing.seconds / same.seconds).toFixed(1)}×, import / one-table INSERTs = ${(importing.seconds / raw.seconds).toFixed(1)}×`,
  `rounds (import and plain INSERTs alternating, each side by side): ${measured.map((m) => `${(100 * share(m)).toFixed(1)}% (${m.importing.seconds.toFixed(2)} s against ${m.same.seconds.toFixed(2)} s)`).join(', ')}; the median round is reported`,
  `import rate = ${((100 * same.seconds) / importing.seconds).toFixed(1)}% of the raw insert rate of the same rows (target: 20%; median of ${rounds} rounds); with ${other} readers: ${((100 * same.seconds) / otherWay.seconds).toFixed(1)}%; ${((100 * raw.seconds) / importing.seconds).toFixed(1)}% of one-table INSERTs`,
];
console.log(lines.join('\n'));
fs.rmSync(dir, { recursive: true, force: true });
