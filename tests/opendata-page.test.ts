import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig, ROOT } from '../src/config.js';
import { LAYOUTS } from '../src/disclosure/layouts.js';
import {
  type Chromium,
  chromiumMissing,
  launchChromium,
  type RunningServer,
  serve,
} from './support/browser.js';
import { seededMemoryDatabase } from './support/database.js';

/** Every link the unit's page must offer for the seed: its workbook, package and each table's files. */
const UNIT_LINKS = [
  '/opendata/410800/2024/122201.xlsx',
  '/opendata/410800/2024/122201/datapackage.json',
  ...LAYOUTS.flatMap((l) =>
    ['csv', 'json', 'xlsx'].map((f) => `/opendata/410800/2024/122201/${String(l.no).padStart(2, '0')}.${f}`),
  ),
  // the 情况说明 written from the facts
  '/opendata/410800/2024/122201/narrative.md',
  '/opendata/410800/2024/122201/narrative.json',
];

/** Screenshots of the pages, to look at (not compared): tests/artifacts/. */
const SCREENSHOTS = path.join(ROOT, 'tests', 'artifacts');

describe.skipIf(chromiumMissing)(
  `the /opendata page in chromium${chromiumMissing ? ` (${chromiumMissing})` : ''}`,
  () => {
    let app: ReturnType<typeof createApp>;
    let server: RunningServer;
    let elsewhere: RunningServer;
    let browser: Chromium;

    beforeAll(async () => {
      app = createApp({ db: seededMemoryDatabase(), config: loadConfig({}) });
      server = await serve(app);
      elsewhere = await serve((_, response) => {
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end('<!doctype html><title>another origin</title>');
      });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await elsewhere?.close();
    });

    it('goes region → department → unit, one page each, and the unit page has every download link', async () => {
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      const response = await page.goto(`${server.url}/opendata/`);
      expect(response?.status()).toBe(200);
      expect(await page.title()).toBe('预算公开数据下载 · Yusuan 预算公开数据下载');
      expect(await page.locator('h1').textContent()).toBe('预算公开数据下载');
      const cells = async () =>
        page
          .locator('main section.list tbody tr')
          .evaluateAll((rows) =>
            rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())),
          );
      expect(await cells()).toEqual([['焦作市', '410800', '1', '1', '2024', 'catalog.json']]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'opendata-root.png'), fullPage: true });

      await page.getByRole('link', { name: '焦作市' }).click();
      expect(page.url()).toBe(`${server.url}/opendata/410800/`);
      expect(await page.locator('h1').textContent()).toBe('焦作市预算公开数据');
      expect(await cells()).toEqual([['政务服务和大数据局', '122', '1', '2024']]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'opendata-region.png'), fullPage: true });

      await page.getByRole('link', { name: '政务服务和大数据局' }).click();
      expect(page.url()).toBe(`${server.url}/opendata/410800/department/122/`);
      expect(await cells()).toEqual([['焦作市政务大数据中心', '122201', '2024年']]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'opendata-department.png'), fullPage: true });

      await page.getByRole('link', { name: '焦作市政务大数据中心' }).click();
      expect(page.url()).toBe(`${server.url}/opendata/410800/unit/122201/`);
      expect(await page.locator('nav.crumbs a').allInnerTexts()).toEqual([
        '全部区划',
        '焦作市',
        '政务服务和大数据局',
      ]);
      const titles = await page.locator('article.budget table.contents tbody th').allInnerTexts();
      expect(titles).toEqual(LAYOUTS.map((l) => l.title(2024)));
      const links = await page
        .locator('main a[href^="/opendata/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      // each table's links are in the list of tables and below the table drawn
      expect([...new Set(links)].sort()).toEqual([...UNIT_LINKS].sort());
      await page.screenshot({ path: path.join(SCREENSHOTS, 'opendata-unit.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'opendata-unit-phone.png'), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });

    it('every link of every page answers 200 with the type the file should have, to a page on another origin too', async () => {
      const page = await browser.context.newPage();
      const hrefs: string[] = [];
      for (const at of [
        '/opendata/',
        '/opendata/410800/',
        '/opendata/410800/department/122/',
        '/opendata/410800/unit/122201/',
      ]) {
        await page.goto(`${server.url}${at}`);
        hrefs.push(
          ...(await page
            .locator('a[href^="/opendata/"]')
            .evaluateAll((as) => as.map((a) => a.getAttribute('href')!.split('#')[0]!))),
        );
      }
      await page.goto(elsewhere.url);
      const answers = await page.evaluate(
        ({ origin, hrefs }) =>
          Promise.all(
            hrefs.map(async (href) => {
              const response = await fetch(`${origin}${href}`, { method: 'HEAD' });
              return [href, response.status, response.headers.get('content-type')!.split(';')[0]];
            }),
          ),
        { origin: server.url, hrefs },
      );
      const typeOf = (href: string) =>
        href.endsWith('.csv')
          ? 'text/csv'
          : href.endsWith('.json')
            ? 'application/json'
            : href.endsWith('/')
              ? 'text/html'
              : href.endsWith('.parquet')
                ? 'application/vnd.apache.parquet'
                : href.endsWith('.md')
                  ? 'text/markdown'
                  : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      expect(answers).toEqual(hrefs.map((href) => [href, 200, typeOf(href)]));
      await page.close();
    });

    it("the page's own policy lets it fetch nothing (no scripts, no connections)", async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/opendata/`);
      const outcome = await page.evaluate(() =>
        fetch('/opendata/catalog.json').then(
          () => 'fetched',
          (error: Error) => error.message,
        ),
      );
      expect(outcome).toBe('Failed to fetch');
      await page.close();
    });

    it('a click on a CSV link downloads it under its Chinese name (RFC 6266 filename*)', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/opendata/410800/unit/122201/`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '01 2024年单位收支预算表 CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('焦作市政务大数据中心-01-2024年单位收支预算表.csv');
      const saved = fs.readFileSync((await download.path())!, 'utf8');
      const served = await (
        await app.fetch(new Request('http://yusuan/opendata/410800/2024/122201/01.csv'))
      ).text();
      expect(saved).toBe(served);
      await page.close();
    });

    it('a page on another origin may fetch a file and revalidate it with its ETag (CORS)', async () => {
      const page = await browser.context.newPage();
      await page.goto(elsewhere.url);
      const result = await page.evaluate(async (url) => {
        const first = await fetch(url);
        const document = await first.json();
        const etag = first.headers.get('etag');
        const again = await fetch(url, { headers: { 'if-none-match': etag! } });
        return {
          status: first.status,
          title: document.title,
          etag: /^(W\/)?"[0-9a-f]{32}"$/.test(etag ?? ''),
          disposition: first.headers.get('content-disposition')?.startsWith('attachment;'),
          revalidated: again.status,
        };
      }, `${server.url}/opendata/410800/2024/122201/05.json`);
      expect(result).toEqual({
        status: 200,
        title: '2024年一般公共预算支出预算表',
        etag: true,
        disposition: true,
        revalidated: 304,
      });
      await page.close();
    });
  },
);
