import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from '../src/db/disclosures.js';
import { writeTableFolder } from '../src/importer/table-folder.js';
import { seededDatabaseFile, tempDir } from './support/database.js';
import { databaseCounts, databaseState } from './support/import.js';

/** A seeded database file and a changed copy of its budget (so that importing it writes a revision 2). */
function setUp() {
  const file = seededDatabaseFile();
  const db = openDatabase(file);
  const budget = findBudget(db, '122201', 2024)!;
  const dir = tempDir('yusuan-kill-');
  writeTableFolder(loadDisclosures(db, [budget.id]).get(budget.id)!, loadCatalog(db), dir);
  const manifest = path.join(dir, 'manifest.json');
  fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('"title": "', '"title": "（修订）'));
  const before = state(db);
  db.$client.close();
  return { file, dir, before };
}

function state(db: ReturnType<typeof openDatabase>) {
  return {
    counts: databaseCounts(db),
    contents: databaseState(db),
    revisions: findBudget(db, '122201', 2024)!.revision,
    integrity: db.$client.pragma('integrity_check', { simple: true }),
  };
}

function startImport(file: string, dir: string, pauseAfter: string): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'bin', 'yusuan.js'), 'import', dir], {
    env: { ...process.env, YUSUAN_DB: file, YUSUAN_FAULT_PAUSE_AFTER: pauseAfter },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves when the child writes `text` to stderr; rejects if it exits first. */
function waitFor(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr!.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes(text)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`import exited (${code}) before "${text}": ${seen}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));

describe('import is atomic: a process killed mid-import leaves the database as it was', () => {
  for (const table of [
    'declared_subjects',
    'incomes',
    'functional_expenditures',
    'economic_expenditures',
    'narrative_claims',
  ]) {
    it(`killed inside the transaction after writing ${table}`, async () => {
      const { file, dir, before } = setUp();
      const child = startImport(file, dir, `writing ${table}`);
      await waitFor(child, `paused inside the import after writing ${table}`);
      child.kill('SIGKILL');
      expect(await exited(child)).toBe('SIGKILL');
      const db = openDatabase(file);
      expect(state(db)).toEqual(before);
      db.$client.close();
    });
  }

  it('killed after reading and checking the files, before writing', async () => {
    const { file, dir, before } = setUp();
    const child = startImport(file, dir, 'reading');
    await waitFor(child, 'paused inside the import after reading');
    child.kill('SIGKILL');
    expect(await exited(child)).toBe('SIGKILL');
    const db = openDatabase(file);
    expect(state(db)).toEqual(before);
    db.$client.close();
  });

  it('left alone, the same import stores revision 2', async () => {
    const { file, dir, before } = setUp();
    const child = startImport(file, dir, '');
    expect(await exited(child)).toBe(0);
    const db = openDatabase(file);
    const after = state(db);
    expect(after.revisions).toBe(before.revisions + 1);
    expect(after.counts.budgets).toBe(before.counts.budgets + 1);
    expect(after.counts.functional).toBe(before.counts.functional * 2);
    db.$client.close();
  });
});
