import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { preferredEncoding } from '../src/compression.js';
import { loadConfig } from '../src/config.js';
import { seededMemoryDatabase } from './support/database.js';

const app = createApp({ db: seededMemoryDatabase(), config: loadConfig({}) });
const get = (path: string, headers: Record<string, string> = {}) =>
  app.fetch(new Request(`http://yusuan${path}`, { headers }));
const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());
const decode = (encoding: string | null, body: Buffer) =>
  encoding === 'br' ? zlib.brotliDecompressSync(body) : encoding === 'gzip' ? zlib.gunzipSync(body) : body;

const QUERY = `/graphql?query=${encodeURIComponent('{ unit(code: "122201") { budget(year: 2024) { subjects(scheme: FUNCTIONAL) { code name total { value share } children { code name total { value share } children { code name total { value share } } } } basicItems(first: 100) { edges { node { name amount { value share } } } } } } }')}`;

describe('compression of text answers', () => {
  it.each([
    ['br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['*', 'br'],
  ])('Accept-Encoding %s → %s', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });

  it.each([
    QUERY,
    '/opendata/catalog.json',
    '/opendata/410800/catalog.json',
    '/opendata/410800/unit/122201/',
    '/opendata/410800/2024/122201/07.csv',
    '/opendata/2024/facts.csv',
  ])(
    '%s decompresses to the same bytes, in brotli and in gzip, with a weak ETag of the same value',
    async (path) => {
      const identity = await get(path);
      const plain = await bytes(identity);
      for (const encoding of ['br', 'gzip']) {
        const answer = await get(path, { 'accept-encoding': encoding });
        expect(answer.headers.get('content-encoding'), path).toBe(encoding);
        expect(answer.headers.get('vary')).toContain('Accept-Encoding');
        const body = await bytes(answer);
        expect(body.byteLength).toBeLessThan(plain.byteLength);
        expect(decode(encoding, body).equals(plain)).toBe(true);
        expect(answer.headers.get('etag')).toBe(`W/${identity.headers.get('etag')}`);
        // the weak ETag revalidates as the strong one does
        const again = await get(path, {
          'accept-encoding': encoding,
          'if-none-match': answer.headers.get('etag')!,
        });
        expect(again.status).toBe(304);
      }
    },
  );

  it('leaves small answers and binary files as they are', async () => {
    const small = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      'accept-encoding': 'br',
    });
    const workbook = await get('/opendata/410800/2024/122201.xlsx', { 'accept-encoding': 'br' });
    expect([small.headers.get('content-encoding'), workbook.headers.get('content-encoding')]).toEqual([
      null,
      null,
    ]);
  });

  it('the GraphiQL page and its script have ETags, answer If-None-Match with 304, and go compressed', async () => {
    const browser = { accept: 'text/html', 'accept-encoding': 'br, gzip' };
    const page = await get('/graphql', browser);
    const body = await bytes(page);
    expect([page.status, page.headers.get('content-encoding')]).toEqual([200, 'br']);
    const html = decode('br', body).toString('utf8');
    expect(html).toContain('<html');
    const again = await get('/graphql', { ...browser, 'if-none-match': page.headers.get('etag')! });
    expect(again.status).toBe(304);
    const url = /src="(\/graphiql\/[^"]+\/graphiql\.min\.js)"/.exec(html)![1]!;
    const script = await get(url, { 'accept-encoding': 'br, gzip' });
    const compressed = await bytes(script);
    expect([script.status, script.headers.get('content-encoding')]).toEqual([200, 'br']);
    expect(compressed.byteLength).toBeLessThan(decode('br', compressed).byteLength / 3);
    const revisit = await get(url, { 'accept-encoding': 'br', 'if-none-match': script.headers.get('etag')! });
    expect(revisit.status).toBe(304);
  });
});
