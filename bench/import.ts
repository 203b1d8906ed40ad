/**
 * npm run bench — import speed, measured side by side in one run:
 *
 * - a folder of BENCH_DOCUMENTS published documents (default 1,000: the seed and the two synthetic
 *   multi-fund units, each copied under new unit codes) imported with `yusuan import`'s own code
 *   (one createImportSession, one transaction per document) into a fresh database file:
 *   documents/s and facts/s;
 * - the same documents only read and checked (no writes): what reading costs;
 * - the same facts written by plain prepared INSERTs in one transaction: what storing costs at least.
 *
 * The ratios are what to compare between runs; seconds depend on how busy the machine is. The
 * target (issue 11): the import's rate at least 20% of the plain inserts' (at most 5× their time).
 *
 *   BENCH_DOCUMENTS=200 npm run bench
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { loadCatalog } from '../src/db/disclosures.js';
import { runChecks } from '../src/disclosure/checks/index.js';
import { createImportSession, factCount, readDisclosureSync, seedDatabase } from '../src/importer/index.js';
import { copyDocument, SOURCE_DOCUMENTS } from '../tests/support/documents.js';
import { insertRawFacts } from './raw-facts.js';

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

// 2. the import, as `yusuan import <folder>` runs it
const importDb = fresh('import');
const importing = await (async () => {
  const start = process.hrtime.bigint();
  let facts = 0;
  const session = createImportSession(importDb);
  for (const file of files) facts += (await session.import(file)).facts;
  session.close();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result: facts };
})();

// 3. plain INSERTs of the same facts (one row per fact, the same columns), one transaction
const rawDb = fresh('raw');
const disclosures = files.map((file) => readDisclosureSync(file, catalog).disclosure);
const raw = time(() => insertRawFacts(rawDb.$client, disclosures));

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
const lines = [
  `documents: ${files.length} (${SOURCE_DOCUMENTS.length} units' documents under new codes), facts: ${importing.result}`,
  `import (read, check, store): ${importing.seconds.toFixed(2)} s, ${rate(files.length, importing.seconds)} documents/s, ${rate(importing.result, importing.seconds)} facts/s`,
  `read and check only:         ${reading.seconds.toFixed(2)} s, ${rate(reading.result, reading.seconds)} facts/s`,
  `plain INSERTs of the facts:  ${raw.seconds.toFixed(2)} s, ${rate(raw.result, raw.seconds)} rows/s`,
  `ratios: import / read = ${(importing.seconds / reading.seconds).toFixed(2)}×, import / plain inserts = ${(importing.seconds / raw.seconds).toFixed(1)}×`,
  `import rate = ${((100 * raw.seconds) / importing.seconds).toFixed(1)}% of plain insert rate (target: 20%)`,
];
console.log(lines.join('\n'));
fs.rmSync(dir, { recursive: true, force: true });
