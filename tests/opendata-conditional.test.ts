import { describe, expect, it } from 'vitest';
import { recordedApp } from './support/fixtures.js';

describe('conditional downloads are answered from validators, without drawing the tables', () => {
  for (const path of [
    '/opendata/410800/2024/122201.xlsx',
    '/opendata/410800/2024/122201/05.csv',
    '/opendata/410800/2024/122201/datapackage.json',
  ]) {
    it(`a current copy of ${path} gets its 304 without reading a single table`, async () => {
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
      // the data version is probed with statements prepared once: none is prepared for the answer
      expect(log.statements).toEqual([]);
    });
  }

  for (const path of [
    '/opendata/',
    '/opendata/catalog.json',
    '/opendata/410800/',
    '/opendata/410800/catalog.json',
    '/opendata/410800/department/122/',
    '/opendata/410800/unit/122201/',
    '/opendata/2024/facts.csv',
    '/opendata/410800/2024/facts.csv',
    '/opendata/2024/datapackage.json',
    '/opendata/2024/facts.parquet',
  ]) {
    it(`${path} is built once per data version and answered with a 304 from the version alone`, async () => {
      const { app, log } = recordedApp();
      const first = await app.fetch(new Request(`http://yusuan${path}`));
      const body = await first.arrayBuffer();
      const etag = first.headers.get('etag')!;
      log.on = true;
      const again = await app.fetch(new Request(`http://yusuan${path}`));
      const conditional = await app.fetch(
        new Request(`http://yusuan${path}`, { headers: { 'if-none-match': etag } }),
      );
      const againBody = await again.arrayBuffer();
      log.on = false;
      expect([first.status, again.status, again.headers.get('etag'), conditional.status]).toEqual([
        200,
        200,
        etag,
        304,
      ]);
      expect(Buffer.from(againBody).equals(Buffer.from(body))).toBe(true);
      // facts.csv streams its rows again, through statements prepared once per connection;
      // everything else comes from memory: the second answer prepares no statement
      expect(log.statements).toEqual([]);
    });
  }

  it('a new import is a new data version: the feed’s files change with it', async () => {
    const { app, db } = recordedApp();
    const get = async (path: string) => {
      const response = await app.fetch(new Request(`http://yusuan${path}`));
      return { etag: response.headers.get('etag'), text: await response.text() };
    };
    const before = await get('/opendata/410800/catalog.json');
    db.$client.prepare("update units set name = '改名单位' where code = '122201'").run();
    const after = await get('/opendata/410800/catalog.json');
    expect(after.etag).not.toBe(before.etag);
    expect([before.text.includes('改名单位'), after.text.includes('改名单位')]).toEqual([false, true]);
  });

  it('the validators change when the code list’s names change', async () => {
    const { app, db } = recordedApp();
    const etag = async () =>
      (await app.fetch(new Request('http://yusuan/opendata/410800/2024/122201/05.csv'))).headers.get('etag');
    const before = await etag();
    db.$client
      .prepare("update subjects set name = '行政运行（改）' where scheme = 'functional' and code = '2010301'")
      .run();
    const after = await etag();
    expect(after).not.toBe(before);
    const csv = await (
      await app.fetch(new Request('http://yusuan/opendata/410800/2024/122201/05.csv'))
    ).text();
    expect(csv).toContain('行政运行（改）');
  });
});
