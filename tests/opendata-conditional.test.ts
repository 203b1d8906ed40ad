import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { seedDatabase } from '../src/importer/index.js';
import { SEEDS } from './support/database.js';

/** An app over a seeded database whose SQL statements are recorded while `recording` is on. */
function recordedApp() {
  const log = { on: false, statements: [] as string[] };
  const db = openDatabase(':memory:', { onStatement: (sql) => log.on && log.statements.push(sql) });
  migrateDatabase(db);
  seedDatabase(db, SEEDS);
  return { db, log, app: createApp({ db, config: loadConfig({}) }) };
}

describe('conditional downloads are answered from validators, without drawing the tables', () => {
  for (const path of [
    '/opendata/2024/122201.xlsx',
    '/opendata/2024/122201/05.csv',
    '/opendata/2024/122201/datapackage.json',
  ]) {
    it(`a current copy of ${path} gets its 304 without reading a single fact`, async () => {
      const { app, log } = recordedApp();
      const first = await app.fetch(new Request(`http://yusuan${path}`));
      await first.arrayBuffer();
      const etag = first.headers.get('etag')!;
      log.on = true;
      const again = await app.fetch(
        new Request(`http://yusuan${path}`, { headers: { 'if-none-match': etag } }),
      );
      log.on = false;
      expect([again.status, again.headers.get('etag')]).toEqual([304, etag]);
      expect(log.statements.map((s) => /from "?(\w+)"?/.exec(s)?.[1])).toEqual([
        'budgets',
        'units',
        'units',
        'subjects',
      ]);
    });
  }

  it('the validators change when the code list’s names change', async () => {
    const { app, db } = recordedApp();
    const etag = async () =>
      (await app.fetch(new Request('http://yusuan/opendata/2024/122201/05.csv'))).headers.get('etag');
    const before = await etag();
    db.$client
      .prepare("update subjects set name = '行政运行（改）' where scheme = 'functional' and code = '2010301'")
      .run();
    const after = await etag();
    expect(after).not.toBe(before);
    const csv = await (await app.fetch(new Request('http://yusuan/opendata/2024/122201/05.csv'))).text();
    expect(csv).toContain('行政运行（改）');
  });
});
