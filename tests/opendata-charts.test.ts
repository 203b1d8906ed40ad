import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig, ROOT } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { importDisclosure } from '../src/importer/index.js';
import {
  type Chromium,
  chromiumMissing,
  launchChromium,
  type RunningServer,
  serve,
} from './support/browser.js';
import { seededMemoryDatabase, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';

/**
 * The unit, department and region pages with their figures and charts, in chromium: the seed
 * and two synthetic multi-fund units (政府性基金, 事业收入), copies of them in the same
 * departments, and a year earlier of two of them — so there are changes, rankings and years.
 */
const SCREENSHOTS = path.join(ROOT, 'tests', 'artifacts');

async function pagesDatabase(): Promise<Db> {
  const db = seededMemoryDatabase();
  const dir = tempDir('yusuan-pages-');
  const [seed, village, culture] = SOURCE_DOCUMENTS;
  const copies = [
    { name: '2024-122702', text: copyDocument(seed, '122702', '焦作市政务数据二中心') },
    { name: '2024-201003', text: copyDocument(village, '201003') },
    { name: '2024-201704', text: copyDocument(village, '201704', '焦作市乡村建设二中心') },
    { name: '2024-207105', text: copyDocument(culture, '207105') },
    { name: '2023-122201', text: copyDocument(seed, '122201', { year: 2023 }) },
    { name: '2023-201003', text: copyDocument(village, '201003', { year: 2023 }) },
  ];
  for (const copy of copies) {
    const file = path.join(dir, `${copy.name}.txt`);
    fs.writeFileSync(file, copy.text);
    await importDisclosure(db, file);
  }
  return db;
}

const PAGES = [
  { name: 'unit', path: '/opendata/410800/unit/201003/', charts: 4 },
  { name: 'department', path: '/opendata/410800/department/201/', charts: 5 },
  { name: 'region', path: '/opendata/410800/', charts: 6 },
] as const;

describe('the pages of a unit, a department and a region', () => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await pagesDatabase();
    app = createApp({ db, config: loadConfig({}) });
  });

  const get = async (at: string) => {
    const response = await app.fetch(new Request(`http://yusuan${at}`));
    return { status: response.status, etag: response.headers.get('etag'), body: await response.text() };
  };

  it('draws the same bytes from the same data, and serves ECharts’ SVG with no script', async () => {
    const first = await get(PAGES[0].path);
    const again = createApp({ db, config: loadConfig({}) });
    const second = await (await again.fetch(new Request(`http://yusuan${PAGES[0].path}`))).text();
    expect(first.status).toBe(200);
    expect(second).toBe(first.body);
    expect(first.body).not.toMatch(/<script|zr\d+-/);
    expect(first.body.match(/<svg role="img"/g)?.length).toBe(PAGES[0].charts);
  });
});

describe.skipIf(chromiumMissing)(
  `the pages in chromium${chromiumMissing ? ` (${chromiumMissing})` : ''}`,
  () => {
    let db: Db;
    let app: ReturnType<typeof createApp>;
    let server: RunningServer;
    let browser: Chromium;

    beforeAll(async () => {
      db = await pagesDatabase();
      app = createApp({ db, config: loadConfig({}) });
      server = await serve(app);
      browser = await launchChromium();
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    const graphql = async (query: string) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const { data, errors } = (await response.json()) as { data: any; errors?: unknown };
      expect(errors).toBeUndefined();
      return data;
    };

    for (const { name, path: at, charts } of PAGES)
      it(`the ${name} page fits 1400 px and 390 px, with ${charts} charts that say what they show`, async () => {
        const page = await browser.context.newPage();
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
        });
        for (const width of [1400, 390]) {
          await page.setViewportSize({ width, height: 900 });
          const response = await page.goto(`${server.url}${at}`);
          expect(response?.status()).toBe(200);
          const layout = await page.evaluate(() => ({
            lang: document.documentElement.lang,
            viewport: document.querySelector('meta[name=viewport]')?.getAttribute('content'),
            scrollWidth: document.scrollingElement!.scrollWidth,
            innerWidth: window.innerWidth,
            charts: [...document.querySelectorAll('figure.chart svg')].map((svg) => ({
              role: svg.getAttribute('role'),
              labelled: (svg.getAttribute('aria-labelledby') ?? '')
                .split(' ')
                .map((id) => document.getElementById(id)?.textContent?.length ?? 0)
                .every((n) => n > 0),
              title: svg.querySelector('title')?.textContent ?? '',
              desc: svg.querySelector('desc')?.textContent ?? '',
            })),
          }));
          expect(layout.lang).toBe('zh-CN');
          expect(layout.viewport).toBe('width=device-width, initial-scale=1');
          expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
          expect(layout.charts).toHaveLength(charts);
          for (const chart of layout.charts) {
            expect(chart).toMatchObject({ role: 'img', labelled: true });
            expect(chart.title).not.toBe('');
            // each description names figures: 万元 amounts with two decimals
            expect(chart.desc).toMatch(/\d+\.\d\d万元/);
          }
          await page.screenshot({
            path: path.join(SCREENSHOTS, `page-${name}-${width}.png`),
            fullPage: true,
          });
        }
        expect(problems).toEqual([]);
        await page.close();
      });

    /** The headline figures and the 类 totals a page shows (its data attributes). */
    const shown = async (at: string) => {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}${at}`);
      const figures = await page.evaluate(() => {
        const section = document.querySelector('section.figures')!;
        const value = (metric: string) =>
          section.querySelector(`[data-metric="${metric}"] dd.amount`)?.getAttribute('data-value');
        const share = (metric: string) =>
          section.querySelector(`[data-metric="${metric}"] [data-share]`)?.getAttribute('data-share');
        return {
          total: value('total'),
          basic: { value: value('basic'), share: share('basic') },
          project: { value: value('project'), share: share('project') },
          threePublic: value('threePublic.total'),
          operatingCosts: value('operatingCosts'),
          classes: [...document.querySelectorAll('section.charts table.subjects tr.level-1')].map((tr) => ({
            code: tr.getAttribute('data-subject'),
            total: { value: tr.querySelector('[data-amount]')!.getAttribute('data-amount') },
          })),
        };
      });
      await page.close();
      return figures;
    };

    const FIGURES = `total { value } basic { value share } project { value share }
      threePublicCosts { total { value } } operatingCosts { value }
      subjects(scheme: FUNCTIONAL, level: 1) { code total { value } }`;
    const expected = (b: any) => ({
      total: b.total.value,
      basic: b.basic,
      project: b.project,
      threePublic: b.threePublicCosts.total.value,
      operatingCosts: b.operatingCosts.value,
      classes: b.subjects,
    });

    it('the unit page shows the figures GraphQL gives for its latest budget', async () => {
      const data = await graphql(`{ unit(code: "201003") { budget(year: 2024) { ${FIGURES} } } }`);
      expect(await shown('/opendata/410800/unit/201003/')).toEqual(expected(data.unit.budget));
    });

    it('the department and region pages show the figures of GraphQL’s consolidated budgets', async () => {
      const consolidated = FIGURES.replace('subjects(scheme: FUNCTIONAL, level: 1)', 'subjects(level: 1)');
      const data = await graphql(`{
        department(code: "201") { budget(year: 2024) { ${consolidated} } }
        region(code: "410800") { budget(year: 2024) { ${consolidated} } }
      }`);
      expect(await shown('/opendata/410800/department/201/')).toEqual(expected(data.department.budget));
      expect(await shown('/opendata/410800/')).toEqual(expected(data.region.budget));
    });
  },
);
