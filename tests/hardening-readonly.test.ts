import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig, ROOT } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { schema } from '../src/graphql/schema/index.js';
import { EXAMPLE_QUERY } from '../src/graphql/yoga.js';
import { seededDatabaseFile, tempDir } from './support/database.js';

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('the server cannot write', () => {
  it('has no mutation or subscription in its schema', () => {
    expect([schema.getMutationType(), schema.getSubscriptionType()]).toEqual([undefined, undefined]);
  });

  it('serves from a read-only connection: every request leaves the file as it was, and a write is refused', async () => {
    const file = seededDatabaseFile();
    const before = digest(file);
    const db = openDatabase(file, { readonly: true });
    const app = createApp({ db, config: loadConfig({}) });
    const post = (query: string) =>
      app.fetch(
        new Request('http://yusuan/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        }),
      );
    const responses = await Promise.all([
      post(EXAMPLE_QUERY),
      post('{ unit(code: "122201") { budget(year: 2024) { tables { rows { cells } } checks { passed } } } }'),
      post('mutation { seed }'),
      post('{ unit(code: "122201\'; DELETE FROM budgets; --") { name } }'),
      app.fetch(new Request('http://yusuan/opendata/2024/facts.csv')),
      app.fetch(new Request('http://yusuan/opendata/410800/2024/122201.xlsx')),
      app.fetch(new Request('http://yusuan/opendata/catalog.json')),
      app.fetch(new Request('http://yusuan/opendata/410800/2024/122201/05.csv', { method: 'DELETE' })),
    ]);
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 405]);
    const mutation = await (await post('mutation { seed }')).json();
    expect(mutation.errors[0].message).toBe('Schema is not configured to execute mutation operation.');
    expect(() => db.$client.prepare('DELETE FROM budgets').run()).toThrow(/readonly/);
    expect(() => db.$client.exec('CREATE TABLE intruder (x)')).toThrow(/readonly/);
    db.$client.close();
    expect(digest(file)).toBe(before);
  });
});

/** Starts `npm start`'s entry with some settings; resolves with its exit code and output once it exits. */
function start(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js')], {
    env: { ...process.env, PORT: '0', ...env },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  // A server that starts after all is stopped, so that the test fails instead of hanging.
  child.stdout!.on('data', (chunk) => {
    if (String(chunk).includes('serving')) child.kill();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, child })));
}

describe('a database the server cannot use stops it with a clear message and exit code, not a stack trace', () => {
  it('a corrupt file', async () => {
    const file = path.join(tempDir(), 'yusuan.sqlite');
    fs.writeFileSync(file, 'this is not a database '.repeat(200));
    const { code, stderr } = await start({ YUSUAN_DB: file });
    expect({ code, stderr }).toEqual({
      code: 3,
      stderr: `yusuan: cannot start: ${file} is not a SQLite database (a corrupt file, or another kind of file): move it away to start afresh\n`,
    });
  });

  it('a damaged page is no reason not to start: the integrity check runs after start and reports it', async () => {
    const file = seededDatabaseFile();
    // the last page (an index of the code list) overwritten: the schema and the budgets still read
    const page = 4096;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(page, 0x5a), 0, page, fs.statSync(file).size - page);
    fs.closeSync(fd);
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js')], {
      env: { ...process.env, PORT: '0', YUSUAN_DB: file },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    const reported = new Promise<void>((resolve) =>
      child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.endsWith('\n')) resolve();
      }),
    );
    await Promise.race([reported, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    child.kill();
    expect(stdout).toContain('Yusuan serving GraphQL');
    expect(stderr).toMatch(
      new RegExp(
        `^yusuan: ${file.replaceAll('/', '\\/')} fails SQLite's integrity check \\(.+\\): restore it from a backup\n$`,
      ),
    );
  });

  it('a file locked by another process', async () => {
    const file = seededDatabaseFile();
    const holder = openDatabase(file);
    // An import holding the file in exclusive locking mode keeps even readers out.
    holder.$client.pragma('locking_mode = EXCLUSIVE');
    holder.$client.exec('BEGIN EXCLUSIVE');
    const { code, stderr } = await start({ YUSUAN_DB: file });
    holder.$client.exec('ROLLBACK');
    holder.$client.close();
    expect({ code, stderr }).toEqual({
      code: 3,
      stderr: `yusuan: cannot start: ${file} is locked by another process (an import?): try again when it has finished\n`,
    });
  });

  it('a place where the file cannot be created', async () => {
    const file = path.join(tempDir(), 'a-file', 'yusuan.sqlite');
    fs.writeFileSync(path.dirname(file), '');
    const { code, stderr } = await start({ YUSUAN_DB: file });
    expect(code).toBe(3);
    expect(stderr).toMatch(
      new RegExp(`^yusuan: cannot start: cannot create ${file.replaceAll('/', '\\/')}: E\\w+: .*\\n$`),
    );
  });

  it('a setting that is not valid', async () => {
    const { code, stderr } = await start({ PORT: 'eighty' });
    expect({ code, stderr }).toEqual({
      code: 2,
      stderr: 'yusuan: cannot start: PORT must be a whole number from 0 to 65535, found "eighty"\n',
    });
  });
});

describe('the server loads graphql-js in its production form', () => {
  // What the server's first import leaves behind, in a fresh node: graphql's instanceOf (a
  // foreign object of the same class name throws only in development form) and NODE_ENV.
  const probe = `
    await import(${JSON.stringify(path.join(ROOT, 'dist', 'graphql-production.js'))});
    const { createRequire } = await import('node:module');
    const require = createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))});
    const { instanceOf } = require('graphql/jsutils/instanceOf.js');
    const { GraphQLObjectType } = require('graphql');
    let answer;
    try { answer = instanceOf({ [Symbol.toStringTag]: 'GraphQLObjectType' }, GraphQLObjectType); }
    catch { answer = 'threw'; }
    console.log(JSON.stringify({ answer, nodeEnv: process.env.NODE_ENV ?? null }));`;
  const run = (nodeEnv: string | undefined) => {
    const env = { ...process.env };
    delete env.NODE_ENV;
    if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { env, encoding: 'utf8' });
    return JSON.parse(out.stdout);
  };

  it('skips the cross-realm check, and leaves NODE_ENV as the operator set it', () => {
    expect([run(undefined), run('development'), run('production')]).toEqual([
      { answer: false, nodeEnv: null },
      { answer: false, nodeEnv: 'development' },
      { answer: false, nodeEnv: 'production' },
    ]);
  });

  it('without it, the same probe throws (the check the test above shows is gone)', () => {
    const env = { ...process.env, NODE_ENV: 'development' };
    const bare = probe.replace(/await import\([^)]*graphql-production\.js"\);/, '');
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', bare], { env, encoding: 'utf8' });
    expect(JSON.parse(out.stdout)).toEqual({ answer: 'threw', nodeEnv: 'development' });
  });
});
