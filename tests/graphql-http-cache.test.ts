import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { importDisclosure, seedDatabase } from '../src/importer/index.js';
import { writeTableFolder } from '../src/importer/table-folder.js';
import { yusuan } from './support/cli.js';
import { SEEDS, tempDir } from './support/database.js';
import { recordedApp } from './support/fixtures.js';
import { reviseTwoProjects } from './support/import.js';
import { seedCatalog, seedDisclosure } from './support/seed.js';

const QUERY = '{ unit(code: "122201") { name budget(year: 2024) { total { value } } } }';
const url = (query: string, variables?: object) =>
  `http://yusuan/graphql?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`;

describe('HTTP caching of GraphQL answers', () => {
  it('a GET query with no special header: 200 with an ETag and Cache-Control; with If-None-Match: 304, no statement run', async () => {
    const { app, log } = recordedApp();
    const first = await app.fetch(new Request(url(QUERY)));
    expect([first.status, first.headers.get('cache-control'), await first.json()]).toEqual([
      200,
      'public, max-age=60',
      { data: { unit: { name: '焦作市政务大数据中心', budget: { total: { value: '512.02' } } } } },
    ]);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    log.on = true;
    const again = await app.fetch(new Request(url(QUERY), { headers: { 'if-none-match': etag } }));
    log.on = false;
    expect([again.status, again.headers.get('etag'), await again.text()]).toEqual([304, etag, '']);
    // the data version is probed with statements prepared once: nothing is prepared or parsed
    expect(log.statements).toEqual([]);
  });

  it('the ETag follows the query, its variables and the Accept header; a POST gets the same treatment', async () => {
    const { app } = recordedApp();
    const etag = async (request: Request) => (await app.fetch(request)).headers.get('etag');
    const byVariable = 'query($code: String!) { unit(code: $code) { name } }';
    const tags = [
      await etag(new Request(url(QUERY))),
      await etag(new Request(url('{ __typename }'))),
      await etag(new Request(url(byVariable, { code: '122201' }))),
      await etag(new Request(url(byVariable, { code: '122' }))),
      await etag(new Request(url(QUERY), { headers: { accept: 'application/graphql-response+json' } })),
    ];
    expect(new Set(tags).size).toBe(tags.length);
    const post = () =>
      new Request('http://yusuan/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
      });
    const posted = await app.fetch(post());
    const tag = posted.headers.get('etag')!;
    expect([posted.status, tag === (await etag(post()))]).toEqual([200, true]);
    const conditional = post();
    conditional.headers.set('if-none-match', tag);
    expect((await app.fetch(conditional)).status).toBe(304);
  });

  it('a change of the data is a new version: a new ETag, and the old copy is not current', async () => {
    const { app, db } = recordedApp();
    const first = await app.fetch(new Request(url(QUERY)));
    const etag = first.headers.get('etag')!;
    db.$client.prepare("update units set name = '改名单位' where code = '122201'").run();
    const conditional = await app.fetch(new Request(url(QUERY), { headers: { 'if-none-match': etag } }));
    expect(conditional.status).toBe(200);
    expect(conditional.headers.get('etag')).not.toBe(etag);
    expect((await conditional.json()).data.unit.name).toBe('改名单位');
  });

  it('two servers on two copies of a snapshot give the same answers and ETags', async () => {
    const dir = tempDir('yusuan-replicas-');
    const source = openDatabase(path.join(dir, 'live.sqlite'));
    migrateDatabase(source);
    seedDatabase(source, SEEDS);
    // a snapshot made while serving (`yusuan snapshot`), copied to two replicas
    const serving = createApp({
      db: openDatabase(path.join(dir, 'live.sqlite'), { readonly: true }),
      config: loadConfig({}),
    });
    expect((await serving.fetch(new Request(url(QUERY)))).status).toBe(200);
    const snapshot = path.join(dir, 'snapshot.sqlite');
    const made = await yusuan(['snapshot', snapshot], path.join(dir, 'live.sqlite'));
    expect([made.status, made.stderr]).toEqual([0, '']);
    expect(made.stdout).toMatch(/^wrote .*snapshot\.sqlite \(\d+ bytes\), a snapshot of .*live\.sqlite\n$/);
    expect(await yusuan(['snapshot', snapshot], path.join(dir, 'live.sqlite'))).toEqual({
      status: 2,
      stdout: '',
      stderr: `yusuan: ${snapshot} exists: a snapshot is written to a new file\n`,
    });
    for (const name of ['a', 'b'])
      fs.copyFileSync(path.join(dir, 'snapshot.sqlite'), path.join(dir, `${name}.sqlite`));
    const [here, there] = ['a', 'b'].map((name) =>
      createApp({
        db: openDatabase(path.join(dir, `${name}.sqlite`), { readonly: true }),
        config: loadConfig({}),
      }),
    );
    const answers = await Promise.all(
      [here!, there!].map(async (app) => {
        const response = await app.fetch(new Request(url(QUERY)));
        return [response.headers.get('etag'), await response.text()];
      }),
    );
    expect(answers[0]).toEqual(answers[1]);
    const catalogs = await Promise.all(
      [here!, there!].map(async (app) =>
        (await app.fetch(new Request('http://yusuan/opendata/catalog.json'))).headers.get('etag'),
      ),
    );
    expect(catalogs[0]).toBe(catalogs[1]);
  });

  it('two apps on one database give the same ETags', async () => {
    const { db } = recordedApp();
    const here = createApp({ db, config: loadConfig({}) });
    const there = createApp({ db, config: loadConfig({}) });
    const tags = await Promise.all(
      [here, there].map(async (app) => (await app.fetch(new Request(url(QUERY)))).headers.get('etag')),
    );
    expect(tags[0]).toBe(tags[1]);
  });

  it('an answer with errors is not cached, whatever its status', async () => {
    const { app } = recordedApp();
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const answer = await app.fetch(new Request(url('{ nope }'), { headers: { accept } }));
      expect([answer.headers.get('etag'), answer.headers.get('cache-control')], accept).toEqual([
        null,
        'no-store',
      ]);
      expect((await answer.json()).errors.length).toBe(1);
    }
  });
});

describe('the response cache', () => {
  const TREE =
    '{ unit(code: "122201") { budget(year: 2024) { subjects(scheme: FUNCTIONAL, level: 1) { code total { value share } children { code total { value } } } } } }';

  it('answers the same operation again with the same bytes and headers, running no statement', async () => {
    const { app, log } = recordedApp();
    const first = await app.fetch(new Request(url(TREE)));
    const firstBody = await first.text();
    log.on = true;
    const again = await app.fetch(new Request(url(TREE)));
    const againBody = await again.text();
    log.on = false;
    expect([again.status, [...again.headers], againBody]).toEqual([200, [...first.headers], firstBody]);
    expect(JSON.parse(againBody).data.unit.budget.subjects.length).toBeGreaterThan(0);
    expect(log.statements).toEqual([]);
  });

  it('with the cache off (0 bytes) every request runs its query', async () => {
    const { app, log } = recordedApp({ YUSUAN_GRAPHQL_RESPONSE_CACHE_BYTES: '0' });
    const first = await (await app.fetch(new Request(url(TREE)))).text();
    log.on = true;
    const again = await (await app.fetch(new Request(url(TREE)))).text();
    log.on = false;
    expect(again).toBe(first);
    expect(log.statements.length).toBeGreaterThan(0);
  });

  it('an import is a new version: a new ETag, the new figures, and the old answers are gone', async () => {
    const { app, db, log } = recordedApp();
    const query = '{ unit(code: "122201") { budgets { revision } } }';
    const before = await app.fetch(new Request(url(query)));
    expect((await before.json()).data.unit.budgets).toEqual([{ revision: 1 }]);
    const dir = tempDir('yusuan-cache-');
    const folder = path.join(dir, '2024-122201');
    writeTableFolder(seedDisclosure(), seedCatalog(), folder);
    reviseTwoProjects(folder);
    expect((await importDisclosure(db, folder)).created).toBe(true);
    log.on = true;
    const after = await app.fetch(new Request(url(query)));
    log.on = false;
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect((await after.json()).data.unit.budgets).toEqual([{ revision: 1 }, { revision: 2 }]);
    expect(log.statements.length).toBeGreaterThan(0);
  });
});

describe('automatic persisted queries (APQ)', () => {
  const query = '{ unit(code: "122201") { name } }';
  const hash = crypto.createHash('sha256').update(query).digest('hex');
  const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
  const byHash = (extensions: object) =>
    new Request(`http://yusuan/graphql?extensions=${encodeURIComponent(JSON.stringify(extensions))}`);
  const post = (body: object) =>
    new Request('http://yusuan/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const errorOf = async (response: Response) => {
    const { errors } = await response.json();
    return [errors[0].message, errors[0].extensions.code];
  };

  it('a hash the server does not know asks for the query; sent once, the hash alone runs it, cacheable by GET', async () => {
    const { app } = recordedApp();
    const unknown = await app.fetch(byHash(persisted(hash)));
    expect([unknown.status, unknown.headers.get('cache-control'), await errorOf(unknown)]).toEqual([
      200,
      'no-store',
      ['PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND'],
    ]);
    const registered = await app.fetch(post({ query, extensions: persisted(hash) }));
    expect(await registered.json()).toEqual({ data: { unit: { name: '焦作市政务大数据中心' } } });
    const known = await app.fetch(byHash(persisted(hash)));
    expect([known.status, known.headers.get('cache-control'), await known.json()]).toEqual([
      200,
      'public, max-age=60',
      { data: { unit: { name: '焦作市政务大数据中心' } } },
    ]);
    const etag = known.headers.get('etag')!;
    const revalidated = await app.fetch(
      new Request(byHash(persisted(hash)), { headers: { 'if-none-match': etag } }),
    );
    expect(revalidated.status).toBe(304);
  });

  it('refuses a hash that is not the query’s, and a malformed persistedQuery', async () => {
    const { app } = recordedApp();
    const other = crypto.createHash('sha256').update('{ __typename }').digest('hex');
    expect(await errorOf(await app.fetch(post({ query, extensions: persisted(other) })))).toEqual([
      'the sha256Hash of extensions.persistedQuery is not the query’s',
      'PERSISTED_QUERY_MISMATCH',
    ]);
    // the mismatched pair was not kept
    expect((await errorOf(await app.fetch(byHash(persisted(other)))))[1]).toBe('PERSISTED_QUERY_NOT_FOUND');
    for (const bad of [
      { persistedQuery: { version: 2, sha256Hash: hash } },
      persisted('abc'),
      { persistedQuery: 1 },
    ])
      expect(await errorOf(await app.fetch(byHash(bad))), JSON.stringify(bad)).toEqual([
        'extensions.persistedQuery must be {"version": 1, "sha256Hash": "<64 lowercase hex digits>"}',
        'PERSISTED_QUERY_INVALID',
      ]);
  });

  it('keeps at most YUSUAN_PERSISTED_QUERIES queries, and none with 0', async () => {
    const { app } = recordedApp({ YUSUAN_PERSISTED_QUERIES: '1' });
    const other = '{ __typename }';
    const otherHash = crypto.createHash('sha256').update(other).digest('hex');
    await app.fetch(post({ query, extensions: persisted(hash) }));
    await app.fetch(post({ query: other, extensions: persisted(otherHash) }));
    expect((await errorOf(await app.fetch(byHash(persisted(hash)))))[1]).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await (await app.fetch(byHash(persisted(otherHash)))).json()).toEqual({
      data: { __typename: 'Query' },
    });
    const none = recordedApp({ YUSUAN_PERSISTED_QUERIES: '0' }).app;
    expect(await errorOf(await none.fetch(post({ query, extensions: persisted(hash) })))).toEqual([
      'PersistedQueryNotSupported',
      'PERSISTED_QUERY_NOT_SUPPORTED',
    ]);
  });
});
