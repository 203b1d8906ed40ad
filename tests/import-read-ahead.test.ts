import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { createImportSession, type EachResult, READ_AHEAD_FROM } from '../src/importer/index.js';
import { ImportFailed } from '../src/importer/problems.js';
import { yusuan } from './support/cli.js';
import { seededDatabaseFile, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';
import { databaseState } from './support/import.js';

/**
 * A folder of READ_AHEAD_FROM + 4 documents: copies of the three source documents under new
 * codes, and among them two that are refused: one whose narrative states a figure its tables do
 * not give (its checks fail), one with a figure that is not an amount (it cannot be read).
 */
function folder(): string {
  const dir = tempDir('yusuan-ahead-');
  for (let i = 0; i < READ_AHEAD_FROM + 4; i++) {
    const source = SOURCE_DOCUMENTS[i % SOURCE_DOCUMENTS.length]!;
    const code = `${source.code.slice(0, 3)}${String(700 + i).padStart(3, '0')}`;
    let text = copyDocument(source, code);
    if (i === 3)
      text = text.replace(
        '行政运行\t383.36\t383.36\t351.72\t351.72',
        '行政运行\t383.36\t383.36\t351.72\t351.7x',
      );
    if (i === 9) text = text.replace('其中：基本支出477.62万元', '其中：基本支出477.63万元');
    fs.writeFileSync(path.join(dir, `2024-${code}.txt`), text);
  }
  return dir;
}

/** Every row the database holds, with the import times blanked (two runs are seconds apart). */
function stateOf(file: string): Record<string, string> {
  const db = openDatabase(file);
  try {
    db.$client.exec("update budgets set imported_at = ''");
    return databaseState(db);
  } finally {
    db.$client.close();
  }
}

describe('a folder import reads ahead in worker threads', () => {
  it('reports and stores exactly what reading each document in the importing thread does', async () => {
    const dir = folder();
    const runs = await Promise.all(
      ['0', '2'].map(async (readers) => {
        const database = seededDatabaseFile();
        // two problems listed at most: a refusal's count of the rest crosses the threads too
        const env = { YUSUAN_IMPORT_READERS: readers, YUSUAN_IMPORT_MAX_PROBLEMS: '2' };
        const run = await yusuan(['import', dir], database, env);
        return { run, state: stateOf(database) };
      }),
    );
    const [inThread, ahead] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(inThread.run.status).toBe(1);
    expect(inThread.run.stdout).toMatch(/budgets stored: 18, unchanged: 0, refused: 2,/);
    // the refusals say why, in the folder's order
    const refusals = inThread.run.stderr.split('\n').filter((l) => l.includes('refused, nothing stored'));
    expect(refusals.map((l) => /2024-\d+\.txt/.exec(l)?.[0])).toEqual(['2024-122703.txt', '2024-122709.txt']);
    expect(ahead.run).toEqual(inThread.run);
    expect(ahead.state).toEqual(inThread.state);
  });

  it('reads again what was read ahead with a code list another connection has since changed', async () => {
    const dir = folder();
    const targets = fs
      .readdirSync(dir)
      .sort()
      .map((f) => path.join(dir, f));
    const outcomes = async (readers: number, rename: boolean) => {
      const file = seededDatabaseFile();
      const db = openDatabase(file);
      const other = openDatabase(file);
      const session = createImportSession(db, { readers });
      const seen: string[] = [];
      try {
        for await (const each of session.importEach(targets)) {
          seen.push(summary(each));
          // after the first: the code list renames 行政运行, which every document prints
          if (rename && seen.length === 1)
            other.$client.exec(
              "update subjects set name = '行政运行（改）' where scheme = 'functional' and code = '2010301'",
            );
        }
      } finally {
        session.close();
        db.$client.close();
        other.$client.close();
      }
      return seen;
    };
    const unchanged = await outcomes(2, false);
    const inThread = await outcomes(0, true);
    // the rename matters: the documents after it are refused for the name they print
    expect(inThread).not.toEqual(unchanged);
    expect(inThread.slice(0, 1)).toEqual(unchanged.slice(0, 1));
    expect(await outcomes(2, true)).toEqual(inThread);
  });
});

/** One document's outcome, as a line: stored with its facts and notes, or its problems. */
function summary(each: EachResult): string {
  const name = path.basename(each.target);
  if ('result' in each) return `${name}: ${each.result.facts} facts, ${each.result.notes.length} notes`;
  if (each.error instanceof ImportFailed)
    return `${name}: refused: ${each.error.problems.map((p) => `${p.column}: ${p.expected}`).join('; ')}`;
  throw each.error;
}
