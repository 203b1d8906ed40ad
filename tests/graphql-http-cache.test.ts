import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { seedDatabase } from '../src/importer/index.js';
import { SEEDS, tempDir } from './support/database.js';
import { recordedApp } from './support/fixtures.js';

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
    // a snapshot made while serving, copied to two replicas
    source.$client.exec(`vacuum into '${path.join(dir, 'snapshot.sqlite')}'`);
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
      expect([answer.headers.get('etag'), answer.headers.get('cache-control')], accept).toEqual([null, null]);
      expect((await answer.json()).errors.length).toBe(1);
    }
  });
});
