import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig, ROOT } from '../src/config.js';
import {
  type Chromium,
  chromiumMissing,
  launchChromium,
  type RunningServer,
  serve,
} from './support/browser.js';
import { seededMemoryDatabase } from './support/database.js';

/** Issue 11: what a first visit downloads, with Accept-Encoding: br, stays under this. */
const FIRST_VISIT_BR_BYTES = 1_500_000;

/** Screenshots to look at (not compared): artifacts/screenshots/. */
const SCREENSHOTS = path.join(ROOT, 'tests', 'artifacts');

const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const bytes = async (response: Response) => Buffer.from(await response.arrayBuffer());
const decode = (encoding: string | null, body: Buffer) =>
  encoding === 'br' ? zlib.brotliDecompressSync(body) : encoding === 'gzip' ? zlib.gunzipSync(body) : body;
/** The files a page names, in order: its stylesheets and scripts under /graphiql/. */
const filesOf = (html: string) => [...html.matchAll(/(?:href|src)="(\/graphiql\/[^"]+)"/g)].map((m) => m[1]!);

describe('the GraphiQL page and its files', () => {
  const app = createApp({ db: seededMemoryDatabase(), config: loadConfig({}) });
  const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
    app.fetch(new Request(`http://yusuan${url}`, { method, headers }));

  it('is a small page in zh-CN with a viewport, a strong ETag and Cache-Control, naming its files', async () => {
    const page = await get('/graphql', BROWSER);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(page.headers.get('cache-control')).toBe('public, no-cache');
    expect(page.headers.get('vary')).toContain('Accept');
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>Yusuan 预算 GraphQL</title>');
    expect(html).toContain('unit(code: \\"122201\\")'); // the example query, as JSON in the script
    expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere: no CDN
    // the page, its phone layout and the five example queries it opens tabs with
    expect(Buffer.byteLength(html)).toBeLessThan(8_192);
    expect(filesOf(html).map((url) => url.replace(/^\/graphiql\/[0-9a-f]{16}\//, ''))).toEqual([
      'graphiql.min.css',
      'react.production.min.js',
      'react-dom.production.min.js',
      'graphiql.min.js',
    ]);
  });

  it('sends page and files in brotli and gzip that decompress to the exact bytes, under 1.5 MB in all with br', async () => {
    const identity = await get('/graphql', BROWSER);
    const plain = await bytes(identity);
    const urls = filesOf(plain.toString('utf8'));
    const sent: Record<string, number> = { br: 0, gzip: 0, identity: plain.byteLength };
    for (const encoding of ['br', 'gzip']) {
      const page = await get('/graphql', { ...BROWSER, 'accept-encoding': encoding });
      const body = await bytes(page);
      expect(page.headers.get('content-encoding')).toBe(encoding);
      expect(page.headers.get('content-length')).toBe(String(body.byteLength));
      expect(page.headers.get('etag')).toBe(`W/${identity.headers.get('etag')}`);
      expect(decode(encoding, body).equals(plain)).toBe(true);
      sent[encoding] = sent[encoding]! + body.byteLength;
    }
    for (const url of urls) {
      const whole = await bytes(await get(url));
      sent.identity = sent.identity! + whole.byteLength;
      for (const encoding of ['br', 'gzip']) {
        const file = await get(url, { 'accept-encoding': encoding });
        const body = await bytes(file);
        expect([file.status, file.headers.get('content-encoding')]).toEqual([200, encoding]);
        expect(decode(encoding, body).equals(whole)).toBe(true);
        sent[encoding] = sent[encoding]! + body.byteLength;
      }
    }
    // measured on 2026-12-02: br ≈ 632 kB, gzip ≈ 662 kB, identity ≈ 1.63 MB
    expect(sent.br).toBeLessThan(FIRST_VISIT_BR_BYTES);
    expect(sent.br).toBeLessThan(sent.gzip!);
    expect(sent.gzip).toBeLessThan(sent.identity! / 2);
  });

  it('answers If-None-Match with 304, for the page and for each file, with the compressed answer’s ETag too', async () => {
    const page = await get('/graphql', { ...BROWSER, 'accept-encoding': 'br' });
    const html = decode('br', await bytes(page)).toString('utf8');
    const again = await get('/graphql', { ...BROWSER, 'if-none-match': page.headers.get('etag')! });
    expect([again.status, await again.text()]).toEqual([304, '']);
    expect(again.headers.get('cache-control')).toBe('public, no-cache');
    for (const url of filesOf(html)) {
      const file = await get(url, { 'accept-encoding': 'br' });
      await file.arrayBuffer();
      const revisit = await get(url, { 'if-none-match': file.headers.get('etag')! });
      expect(revisit.status).toBe(304);
      expect(revisit.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  it('serves its files immutable under their hash, with their types; HEAD too; a stale hash is 404', async () => {
    const urls = filesOf(await (await get('/graphql', BROWSER)).text());
    for (const url of urls) {
      const file = await get(url);
      expect(file.status).toBe(200);
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(file.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
      // the URL's hash is the start of the ETag: other bytes, another URL
      expect(url.split('/')[2]).toBe(file.headers.get('etag')!.slice(1, 17));
      expect(file.headers.get('content-type')).toBe(
        url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      const body = await file.text();
      expect(body).not.toContain('sourceMappingURL'); // the maps are not served
      const head = await get(url, {}, 'HEAD');
      expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([
        200,
        String(Buffer.byteLength(body)),
        '',
      ]);
    }
    const stale = await get(urls[0]!.replace(/\/graphiql\/[0-9a-f]{16}\//, '/graphiql/0000000000000000/'));
    expect(stale.status).toBe(404);
    expect((await stale.json()).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('is not what a GraphQL client gets from /graphql', async () => {
    const answer = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      accept: 'application/graphql-response+json',
    });
    expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe.skipIf(chromiumMissing)(
  `GraphiQL in chromium${chromiumMissing ? ` (${chromiumMissing})` : ''}`,
  () => {
    let server: RunningServer;
    let browser: Chromium;
    /** What reached the server: each request's path, If-None-Match and answer status. */
    const requests: { url: string; method?: string; ifNoneMatch?: string; status?: number }[] = [];

    beforeAll(async () => {
      const app = createApp({ db: seededMemoryDatabase(), config: loadConfig({}) });
      server = await serve((request, response) => {
        const seen: (typeof requests)[number] = {
          url: request.url ?? '',
          method: request.method,
          ifNoneMatch: request.headers['if-none-match'],
        };
        requests.push(seen);
        response.on('finish', () => {
          seen.status = response.statusCode;
        });
        app(request, response);
      });
      browser = await launchChromium();
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const queryEditor = '.graphiql-query-editor .CodeMirror';
    const editorText = (page: import('playwright-core').Page) =>
      page.evaluate(
        (selector) =>
          (
            document.querySelector(selector) as unknown as { CodeMirror: { getValue(): string } }
          ).CodeMirror.getValue(),
        queryEditor,
      );

    it('opens /graphql with the example query, under 1.5 MB sent, and shows 512.02 after running it', async () => {
      const page = await browser.context.newPage();
      const failedRequests: string[] = [];
      const responses: Promise<{ url: string; status: number; sent: number; encoding?: string }>[] = [];
      page.on('requestfailed', (request) => failedRequests.push(request.url()));
      page.on('response', (response) =>
        responses.push(
          response
            .request()
            .sizes()
            .then((sizes) => ({
              url: new URL(response.url()).pathname,
              status: response.status(),
              sent: sizes.responseBodySize,
              encoding: response.headers()['content-encoding'],
            })),
        ),
      );
      await page.goto(`${server.url}/graphql`, { waitUntil: 'load' });
      expect(await page.title()).toBe('Yusuan 预算 GraphQL');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      const run = page.locator('.graphiql-execute-button');
      await run.waitFor({ timeout: 20_000 });
      await expect.poll(() => editorText(page), { timeout: 20_000 }).toContain('unit(code: "122201")');
      await run.click();
      const result = page.locator('.graphiql-response');
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain('"512.02"');
      const text = await result.innerText();
      expect(text).toContain('"194.01"');
      expect(text).toContain('"93.28"');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql.png') });
      expect(failedRequests).toEqual([]);
      // the first visit as chromium received it (page, files, introspection, the query): ≈645 kB with br
      const loaded = (await Promise.all(responses)).filter(
        (r) => r.url === '/graphql' || r.url.startsWith('/graphiql/'),
      );
      const files = loaded.filter((r) => r.url.startsWith('/graphiql/'));
      expect(files.map((r) => [r.status, r.encoding])).toEqual(Array(4).fill([200, 'br']));
      const sent = loaded.reduce((sum, r) => sum + r.sent, 0);
      expect(sent).toBeGreaterThan(100_000);
      expect(sent).toBeLessThan(FIRST_VISIT_BR_BYTES);
      await page.close();
    });

    it('is usable at 390 px: the query above its answer, both full width, no horizontal scroll; the examples are tabs', async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}/graphql`, { waitUntil: 'load' });
      const run = page.locator('.graphiql-execute-button');
      await run.waitFor({ timeout: 20_000 });
      await run.click();
      const result = page.locator('.graphiql-response');
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain('"512.02"');
      const layout = await page.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        const [editors, response] = [box('.graphiql-editors'), box('.graphiql-response')];
        return {
          scroll: document.scrollingElement!.scrollWidth <= window.innerWidth,
          responseWide: response.width >= 280,
          // below the editors, not beside them
          stacked: response.top > editors.top + 100 && response.left < editors.left + 10,
          tabs: [...document.querySelectorAll('.graphiql-tab-button')].map((t) => t.textContent?.trim()),
        };
      });
      expect(layout).toEqual({
        scroll: true,
        responseWide: true,
        stacked: true,
        tabs: ['<untitled>', 'UnitTreemap', 'DepartmentRanking', 'RegionClasses', 'UnitOverYears'],
      });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql-390.png') });
      await page.close();
    });

    it('runs { __typename } typed into the editor, by GET; a revisit gets 304 for the page and loads no file again', async () => {
      const first = await browser.context.newPage();
      await first.goto(`${server.url}/graphql`, { waitUntil: 'load' });
      await first.close();
      requests.length = 0;
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/graphql`, { waitUntil: 'load' });
      const run = page.locator('.graphiql-execute-button');
      await run.waitFor({ timeout: 20_000 });
      // the browser had the page: it asked whether it changed (304), and took the files from its cache
      expect(requests.find((r) => r.url === '/graphql')).toMatchObject({ status: 304 });
      expect(requests.find((r) => r.url === '/graphql')?.ifNoneMatch).toMatch(/^W\/"[0-9a-f]{32}"$/);
      expect(requests.filter((r) => r.url.startsWith('/graphiql/'))).toEqual([]);
      const type = (text: string) =>
        page.evaluate(
          ([selector, value]) =>
            (
              document.querySelector(selector!) as unknown as { CodeMirror: { setValue(v: string): void } }
            ).CodeMirror.setValue(value!),
          [queryEditor, text],
        );
      await type('{ __typename }');
      await run.click();
      const result = page.locator('.graphiql-response');
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain('"__typename": "Query"');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql-typename.png') });
      // queries went by GET (a POST to /graphql would drop the page from the browser's cache)
      expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
      expect(requests.some((r) => r.url.startsWith('/graphql?query=%7B+__typename+%7D'))).toBe(true);
      // but one too long for a URL goes by POST
      await type(`# ${'长'.repeat(2_000)}\n{ __typename }`);
      await run.click();
      await expect
        .poll(() => requests.filter((r) => r.method === 'POST').length, { timeout: 20_000 })
        .toBe(1);
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain('"__typename": "Query"');
      await page.close();
    });

    it('has the docs explorer with the schema’s descriptions', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/graphql`, { waitUntil: 'load' });
      await page.locator('button[aria-label="Show Documentation Explorer"]').click({ timeout: 20_000 });
      const docs = page.locator('.graphiql-doc-explorer');
      await expect.poll(() => docs.innerText(), { timeout: 20_000 }).toContain('Query');
      await docs.getByText('Query', { exact: true }).first().click();
      await expect
        .poll(() => docs.innerText(), { timeout: 20_000 })
        .toContain('单位 A department or unit by its code (and region, where the code is in more than one).');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql-docs.png') });
      await page.close();
    });
  },
);
