import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { EXAMPLE_QUERIES } from '../src/graphql/examples.js';
import { createImportSession, seedDatabase } from '../src/importer/index.js';
import { SEEDS, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';

const [SEED, VILLAGE] = SOURCE_DOCUMENTS;

/** 焦作市: the seed unit in 2022–2024, two more units of its department, and a unit of another. */
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  const dir = tempDir('yusuan-examples-');
  const db = openDatabase(path.join(dir, 'examples.sqlite'));
  migrateDatabase(db);
  seedDatabase(db, SEEDS);
  const documents: [string, string][] = [
    ['2022-122201.txt', copyDocument(SEED!, '122201', { year: 2022 })],
    ['2023-122201.txt', copyDocument(SEED!, '122201', { year: 2023 })],
    ['2024-122202.txt', copyDocument(SEED!, '122202', '焦作市政务服务中心')],
    ['2024-122203.txt', copyDocument(SEED!, '122203', '焦作市数据资源中心')],
    ['2024-201003.txt', copyDocument(VILLAGE!, '201003')],
  ];
  const session = createImportSession(db);
  for (const [name, text] of documents) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    await session.import(file);
  }
  session.close();
  app = createApp({ db, config: loadConfig({}) });
});

async function run(title: string) {
  const example = EXAMPLE_QUERIES.find((e) => e.title.startsWith(title))!;
  const answer = await app.fetch(
    new Request('http://yusuan/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: example.query }),
    }),
  );
  const body = await answer.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** 万元 with two decimals as whole hundredths, so sums are exact. */
const cents = (value: string) => Math.round(Number(value) * 100);
const sum = (values: string[]) => values.reduce((total, v) => total + cents(v), 0);

describe('the example queries GraphiQL opens with', () => {
  it('are four, each a tab of the GraphiQL page after the default query', async () => {
    expect(EXAMPLE_QUERIES.map((e) => /query (\w+)/.exec(e.query)?.[1])).toEqual([
      'UnitTreemap',
      'DepartmentRanking',
      'RegionClasses',
      'UnitOverYears',
    ]);
    const page = await (
      await app.fetch(new Request('http://yusuan/graphql', { headers: { accept: 'text/html' } }))
    ).text();
    const tabs = JSON.parse(/defaultTabs: (\[.*?\]) }\),/s.exec(page)![1]!) as { query: string }[];
    expect(tabs.slice(1).map((t) => t.query)).toEqual(EXAMPLE_QUERIES.map((e) => e.query));
    expect(tabs[0]!.query).toContain('unit(code: "122201")');
  });

  it('a unit’s treemap: each 类 is the sum of its 款 and each 款 of its 项; the 类 add up to the total', async () => {
    const { unit } = await run('单位支出功能分类树');
    const { total, subjects } = unit.budget;
    expect(subjects.length).toBeGreaterThan(3);
    expect(sum(subjects.map((s: any) => s.total.value))).toBe(cents(total.value));
    for (const klass of subjects) {
      expect(sum(klass.children.map((s: any) => s.total.value)), klass.code).toBe(cents(klass.total.value));
      for (const section of klass.children)
        expect(sum(section.children.map((s: any) => s.total.value)), section.code).toBe(
          cents(section.total.value),
        );
    }
    const shares = subjects.map((s: any) => Number(s.total.share));
    expect(Math.abs(shares.reduce((a: number, b: number) => a + b, 0) - 100)).toBeLessThan(0.05);
  });

  it('a department’s ranking: its three units by total, largest first, adding up to the department', async () => {
    const { department } = await run('部门所属单位排名');
    const nodes = department.units.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.code).sort()).toEqual(['122201', '122202', '122203']);
    expect([department.units.totalCount, department.budget.unitCount]).toEqual([3, 3]);
    const totals = nodes.map((n: any) => cents(n.budget.total.value));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(totals.reduce((a: number, b: number) => a + b, 0)).toBe(cents(department.budget.total.value));
  });

  it('a region’s 类 totals: summed over its four 2024 units, adding up to the region’s total', async () => {
    const { region } = await run('地区各类支出合计');
    expect(region.budget.unitCount).toBe(4);
    expect(sum(region.budget.subjects.map((s: any) => s.total.value))).toBe(cents(region.budget.total.value));
    const units = await (
      await app.fetch(
        new Request('http://yusuan/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            query:
              '{ units(first: 100, kind: UNIT) { edges { node { budget(year: 2024) { total { value } } } } } }',
          }),
        }),
      )
    ).json();
    const unitTotals = units.data.units.edges.flatMap((e: any) =>
      e.node.budget ? [e.node.budget.total.value] : [],
    );
    expect(unitTotals).toHaveLength(4);
    expect(sum(unitTotals)).toBe(cents(region.budget.total.value));
  });

  it('one unit over the years: 2022, 2023 and 2024, each year’s figure its budget’s', async () => {
    const { unit } = await run('单位历年预算');
    expect(unit.total.map((p: any) => p.year)).toEqual([2022, 2023, 2024]);
    expect(unit.threePublicCosts.map((p: any) => p.year)).toEqual([2022, 2023, 2024]);
    // the copies carry the seed's figures: every year the same
    expect(new Set(unit.total.map((p: any) => p.value))).toEqual(new Set(['512.02']));
    expect(new Set(unit.operatingCosts.map((p: any) => p.value))).toEqual(new Set(['24.75']));
  });
});
