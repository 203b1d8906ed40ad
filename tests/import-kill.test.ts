import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from '../src/db/disclosures.js';
import { writeTableFolder } from '../src/importer/table-folder.js';
import { seededDatabaseFile, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';
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

describe('killed at 20 random moments inside one long write transaction, the database is as it was', () => {
  /** A seeds folder of `count` documents (copies of the published ones under new codes): `yusuan seed` stores them in one transaction. */
  function seedsOf(count: number): string {
    const dir = tempDir('yusuan-kill-seeds-');
    fs.cpSync(path.join(ROOT, 'seeds', 'reference'), path.join(dir, 'reference'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'disclosures'));
    for (let i = 0; i < count; i++) {
      const source = SOURCE_DOCUMENTS[i % SOURCE_DOCUMENTS.length]!;
      const code = `${source.code.slice(0, 3)}${String(100 + i).padStart(3, '0')}`;
      fs.writeFileSync(path.join(dir, 'disclosures', `2024-${code}.txt`), copyDocument(source, code));
    }
    return dir;
  }

  /** `yusuan seed` on a copy of `base`, announcing each write; resolves with the ms from its first write to its exit, or once killed `killAfter` ms after its first write. */
  function seed(base: string, seeds: string, killAfter?: number) {
    const file = path.join(tempDir('yusuan-kill-db-'), 'yusuan.sqlite');
    fs.copyFileSync(base, file);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'yusuan.js'), 'seed'], {
      env: { ...process.env, YUSUAN_DB: file, YUSUAN_SEEDS: seeds, YUSUAN_FAULT_PAUSE_AFTER: 'trace' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let firstWrite: number | undefined;
    let killedAt: number | undefined;
    child.stderr!.on('data', (chunk) => {
      if (firstWrite === undefined && String(chunk).includes('yusuan: at writing ')) {
        firstWrite = performance.now();
        if (killAfter !== undefined)
          setTimeout(() => {
            killedAt = performance.now();
            child.kill('SIGKILL');
          }, killAfter);
      }
    });
    return new Promise<{ file: string; signal: string | null; writing: number; killedAt?: number }>(
      (resolve) =>
        child.on('exit', (_code, signal) =>
          resolve({ file, signal, writing: performance.now() - (firstWrite ?? Number.NaN), killedAt }),
        ),
    );
  }

  it('each of 20 kills leaves every table as it was and the file intact', async () => {
    const seeds = seedsOf(100);
    const base = path.join(tempDir('yusuan-kill-base-'), 'yusuan.sqlite');
    const db = openDatabase(base);
    migrateDatabase(db);
    const before = {
      contents: databaseState(db),
      integrity: db.$client.pragma('integrity_check', { simple: true }),
    };
    db.$client.close();
    // uninterrupted runs: how long the transaction writes. The faster of two, so that a first,
    // cold run (files not yet cached) does not put kills past the end of a warm one
    const first = await seed(base, seeds);
    const second = await seed(base, seeds);
    expect([first.signal, second.signal]).toEqual([null, null]);
    const whole = first.writing < second.writing ? first : second;
    const stored = openDatabase(whole.file);
    expect(databaseCounts(stored).budgets).toBe(100);
    stored.$client.close();
    // 20 kills at moments spread over the first 85% of that time, four at a time
    const moments = Array.from({ length: 20 }, (_, i) => ((i + Math.random()) / 20) * 0.85 * whole.writing);
    for (let i = 0; i < moments.length; i += 4) {
      const runs = await Promise.all(moments.slice(i, i + 4).map((ms) => seed(base, seeds, ms)));
      for (const run of runs) {
        // killed while writing, not after it finished
        expect(run.signal).toBe('SIGKILL');
        const after = openDatabase(run.file);
        expect({
          contents: databaseState(after),
          integrity: after.$client.pragma('integrity_check', { simple: true }),
        }).toEqual(before);
        after.$client.close();
      }
    }
  }, 180_000);
});
