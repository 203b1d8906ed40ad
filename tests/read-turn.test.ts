import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, openDatabase, readTurn } from '../src/db/client.js';
import { seededDatabaseFile, seededMemoryDatabase } from './support/database.js';

const opened: Db[] = [];
const open = (file: string, options: Parameters<typeof openDatabase>[1] = {}) => {
  const db = openDatabase(file, options);
  opened.push(db);
  return db;
};
afterEach(() => {
  for (const db of opened.splice(0)) if (db.$client.open) db.$client.close();
});

const unitNames = (db: Db) =>
  (db.$client.prepare('select name from units order by code').pluck().all() as string[]).join(',');

describe('readTurn: one read transaction per turn of the event loop on a read-only file connection', () => {
  it('holds one snapshot for the rest of the turn and lets it go in the check phase', async () => {
    const file = seededDatabaseFile();
    const reader = open(file, { readonly: true });
    const writer = open(file);
    const before = unitNames(reader);

    readTurn(reader);
    expect(reader.$client.inTransaction).toBe(true);
    expect(unitNames(reader)).toBe(before);
    // another process commits while the turn is still running: this turn does not see it
    writer.$client.prepare("update units set name = name || '（改）' where code = '122201'").run();
    expect(unitNames(reader)).toBe(before);

    await nextTurn();
    expect(reader.$client.inTransaction).toBe(false);
    readTurn(reader);
    expect(unitNames(reader)).toBe(before.replace('焦作市政务大数据中心', '焦作市政务大数据中心（改）'));
    await nextTurn();
    expect(reader.$client.inTransaction).toBe(false);
  });

  it('a second call in the same turn joins the transaction already open', async () => {
    const reader = open(seededDatabaseFile(), { readonly: true });
    readTurn(reader);
    readTurn(reader);
    expect(reader.$client.inTransaction).toBe(true);
    await nextTurn();
    expect(reader.$client.inTransaction).toBe(false);
  });

  it('a statement still iterated when the turn ends keeps it open until the next turn after it', async () => {
    const reader = open(seededDatabaseFile(), { readonly: true });
    readTurn(reader);
    const rows = reader.$client.prepare('select code from units order by code').pluck().iterate();
    expect(rows.next().value).toBe('122');
    await nextTurn();
    expect(reader.$client.inTransaction).toBe(true);
    expect([...rows]).toEqual(['122201']);
    await nextTurn();
    await nextTurn();
    expect(reader.$client.inTransaction).toBe(false);
  });

  it('leaves connections that write, and in-memory ones, as they are', async () => {
    const writer = open(seededDatabaseFile());
    readTurn(writer);
    expect(writer.$client.inTransaction).toBe(false);
    const memory = seededMemoryDatabase();
    opened.push(memory);
    readTurn(memory);
    expect(memory.$client.inTransaction).toBe(false);
  });

  it('a GraphQL answer reads its facts inside the transaction, which ends after it', async () => {
    const states: boolean[] = [];
    let reader: Db | undefined;
    reader = open(seededDatabaseFile(), {
      readonly: true,
      onStatement: (sql) => {
        if (/from "functional_expenditures"/.test(sql)) states.push(reader!.$client.inTransaction);
      },
    });
    const app = createApp({ db: reader, config: loadConfig({ YUSUAN_GRAPHQL_RESPONSE_CACHE_BYTES: '0' }) });
    const answer = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ unit(code: "122201") { budget(year: 2024) { total { value } } } }',
      }),
    });
    expect(await answer.json()).toEqual({ data: { unit: { budget: { total: { value: '512.02' } } } } });
    expect(states).toEqual([true]);
    await nextTurn();
    expect(reader.$client.inTransaction).toBe(false);
  });
});
