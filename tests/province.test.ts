import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, migrateDatabase, openDatabase } from '../src/db/client.js';
import { importDisclosure, seedDatabase } from '../src/importer/index.js';
import { formatWan } from '../src/money.js';
import { SEEDS, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';
import { graphqlClient } from './support/graphql.js';
import { catalogValidator, errorsOf } from './support/schemas.js';

/**
 * Two cities of one province: 焦作市 (410800, in the region list) and 示例一市 (419901, declared
 * at import), each with units of two departments, and one unit code (122201) in both. Every
 * figure the tests expect is computed here from the units' own budgets, not from consolidated sums.
 */
const [SEED, VILLAGE, CULTURE] = SOURCE_DOCUMENTS;
const DOCUMENTS = [
  // (the seed, 410800's 122201 of 2024, is in both databases first: seedDatabase)
  { file: '410800-2023-122201.txt', text: () => copyDocument(SEED, '122201', { year: 2023 }) },
  { file: '410800-2024-122202.txt', text: () => copyDocument(SEED, '122202', '焦作市政务服务中心') },
  { file: '410800-2024-201003.txt', text: () => copyDocument(VILLAGE, '201003') },
  { file: '410800-2024-207105.txt', text: () => copyDocument(CULTURE, '207105') },
  {
    file: '419901-2024-122201.txt',
    region: true,
    text: () => copyDocument(SEED, '122201', { region: '419901', name: '示例一市政务大数据中心' }),
  },
  {
    file: '419901-2024-201004.txt',
    region: true,
    text: () => copyDocument(VILLAGE, '201004', { region: '419901', name: '示例一市乡村建设中心' }),
  },
];

async function provinceDatabase(order: 'forward' | 'backward'): Promise<Db> {
  const dir = tempDir('yusuan-province-');
  const db = openDatabase(path.join(dir, 'province.sqlite'));
  migrateDatabase(db);
  seedDatabase(db, SEEDS);
  const documents = order === 'forward' ? DOCUMENTS : [...DOCUMENTS].reverse();
  for (const d of documents) {
    const file = path.join(dir, d.file);
    fs.writeFileSync(file, d.text());
    await importDisclosure(db, file, d.region ? { regionName: '示例一市', regionParent: '410000' } : {});
  }
  return db;
}

let db: Db;
let other: Db;
let graphql: ReturnType<typeof graphqlClient>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await provinceDatabase('forward');
  other = await provinceDatabase('backward');
  graphql = graphqlClient(db);
  app = createApp({ db, config: loadConfig({}) });
}, 60_000);

afterAll(() => {
  db?.$client.close();
  other?.$client.close();
});

/** Each unit's own 2024 budget, as the unit answers it: the independent side of every comparison. */
async function unitTotals(): Promise<
  {
    region: string;
    department: string;
    code: string;
    total: string;
    threePublic: string;
    classes: Record<string, string>;
  }[]
> {
  const { data, errors } = await graphql(`{ units(first: 100, kind: UNIT) { edges { node {
    code region { code } department { code }
    budget(year: 2024) { total { value } threePublicCosts { total { value } }
      subjects(scheme: FUNCTIONAL, level: 1) { code total { value } } } } } } }`);
  expect(errors).toBeUndefined();
  return data.units.edges.map(({ node }: any) => ({
    region: node.region.code,
    department: node.department.code,
    code: node.code,
    total: node.budget.total.value,
    threePublic: node.budget.threePublicCosts.total.value,
    classes: Object.fromEntries(node.budget.subjects.map((s: any) => [s.code, s.total.value])),
  }));
}

/** Adds 万元 strings exactly (integers of 分 inside). */
const add = (values: string[]) =>
  formatWan(values.reduce((n, v) => n + Math.round(Number(v) * 100), 0) * 100);

describe('a province of two cities', () => {
  it('keeps the same unit code in two regions apart, and asks for a region only where a code is in both', async () => {
    const { data, errors } = await graphql(`{
      jiaozuo: unit(code: "122201", region: "410800") { name region { code name } budgets { year } }
      example: unit(code: "122201", region: "419901") { name region { code name parent { code } } budgets { year } }
      alone: unit(code: "201004") { name region { code } }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      jiaozuo: {
        name: '焦作市政务大数据中心',
        region: { code: '410800', name: '焦作市' },
        budgets: [{ year: 2023 }, { year: 2024 }],
      },
      example: {
        name: '示例一市政务大数据中心',
        region: { code: '419901', name: '示例一市', parent: { code: '410000' } },
        budgets: [{ year: 2024 }],
      },
      alone: { name: '示例一市乡村建设中心', region: { code: '419901' } },
    });
    const ambiguous = await graphql('{ unit(code: "122201") { name } }');
    expect(ambiguous.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['unit 122201 is in 2 regions (410800, 419901): give region', 'BAD_USER_INPUT'],
    ]);
  });

  it('builds the same global ids in two databases imported in opposite orders', async () => {
    const query = `{ units(first: 20) { edges { node { id code region { code } department { id }
      budgets { id year revision projects { id } } } } }
      unit(code: "122201", region: "410800") { budget(year: 2023) {
        subjects(scheme: FUNCTIONAL, level: 1) { id } projects { id indicators { id } } table(no: 5) { id } } } }`;
    const here = await graphql(query);
    const there = await graphqlClient(other)(query);
    expect(here.errors).toBeUndefined();
    expect(there.data).toEqual(here.data);
    const ids = here.data.units.edges.map(({ node }: any) => [
      node.code,
      node.region.code,
      decodeGlobalID(node.id),
    ]);
    expect(ids).toContainEqual(['122201', '419901', { typename: 'Unit', id: '419901/122201' }]);
    // every id names its object again, in the other database too
    const budget = here.data.units.edges.find(
      ({ node }: any) => node.code === '122201' && node.region.code === '410800',
    ).node.budgets[0];
    const project = here.data.unit.budget.projects[0];
    const refetched = await graphqlClient(other)(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Budget { year } ... on Project { code } ... on PerformanceIndicator { name } } }`,
      { ids: [budget.id, project.id, project.indicators[0].id] },
    );
    expect(refetched.errors).toBeUndefined();
    expect(refetched.data.nodes.map((n: any) => n.id)).toEqual([
      budget.id,
      project.id,
      project.indicators[0].id,
    ]);
    expect(refetched.data.nodes[0].year).toBe(2023);
  });

  it('answers the issue’s dashboard query, every figure equal to the sums of the units’ own budgets', async () => {
    const units = await unitTotals();
    const { data, errors } = await graphql(`
      { region(code: "410800") { name budget(year: 2024) { total { value } unitCount
          subjects(scheme: FUNCTIONAL, level: 1) { code total { value share } } } }
        department(region: "410800", code: "122") { name budget(year: 2024) { total { value }
          threePublicCosts { total { value } } }
          units(first: 50, orderBy: { field: TOTAL, year: 2024, direction: DESC }) { totalCount
            edges { node { code name budget(year: 2024) { total { value } } } } } }
        units(first: 20, filter: { region: "410800", nameContains: "数据" }) { totalCount
          edges { node { code name region { code } } } } }`);
    expect(errors).toBeUndefined();
    const jiaozuo = units.filter((u) => u.region === '410800');
    const classes = [...new Set(jiaozuo.flatMap((u) => Object.keys(u.classes)))].sort();
    const total = add(jiaozuo.map((u) => u.total));
    expect(data.region.budget.total.value).toBe(total);
    expect(data.region.budget.unitCount).toBe(jiaozuo.length);
    expect(data.region.budget.subjects.map((s: any) => [s.code, s.total.value])).toEqual(
      classes.map((c) => [c, add(jiaozuo.map((u) => u.classes[c] ?? '0.00'))]),
    );
    const department = jiaozuo.filter((u) => u.department === '122');
    expect(data.department.budget).toEqual({
      total: { value: add(department.map((u) => u.total)) },
      threePublicCosts: { total: { value: add(department.map((u) => u.threePublic)) } },
    });
    expect(data.department.units.totalCount).toBe(department.length);
    expect(data.department.units.edges.map(({ node }: any) => node.code)).toEqual(
      [...department]
        .sort((a, b) => Number(b.total) - Number(a.total) || a.code.localeCompare(b.code))
        .map((u) => u.code),
    );
    // units and departments of 焦作市 with 数据 in their names
    expect(data.units).toEqual({
      totalCount: 2,
      edges: [
        { node: { code: '122', name: '政务服务和大数据局', region: { code: '410800' } } },
        { node: { code: '122201', name: '焦作市政务大数据中心', region: { code: '410800' } } },
      ],
    });
  });

  it('sums the province over both cities, and changes where a prior year is stored', async () => {
    const units = await unitTotals();
    const { data, errors } = await graphql(`{
      province: region(code: "410000") { budget(year: 2024) { total { value } unitCount } }
      prior: region(code: "410800") { budget(year: 2023) { total { value } unitCount } }
      example: region(code: "419901") { budget(year: 2024) { total { value } unitCount } series(metric: TOTAL) { year value } }
    }`);
    expect(errors).toBeUndefined();
    const example = units.filter((u) => u.region === '419901');
    expect(data.province.budget).toEqual({
      total: { value: add(units.map((u) => u.total)) },
      unitCount: units.length,
    });
    expect(data.prior.budget).toEqual({
      total: { value: units.find((u) => u.code === '122201' && u.region === '410800')!.total },
      unitCount: 1,
    });
    expect(data.example.budget).toEqual({ total: { value: add(example.map((u) => u.total)) }, unitCount: 2 });
    expect(data.example.series).toEqual([{ year: 2024, value: add(example.map((u) => u.total)) }]);
  });
});

describe('the feed of a province', () => {
  const get = (url: string) => app.fetch(new Request(`http://yusuan${url}`));
  it('lists both regions in the root catalog, and each region’s catalog is valid and lists its own units', async () => {
    const validate = catalogValidator();
    const root = await (await get('/opendata/catalog.json')).json();
    expect(errorsOf(validate, root)).toEqual([]);
    expect(root.dataset.map((d: any) => d.identifier)).toEqual([
      'yusuan-region-410800',
      'yusuan-region-419901',
      'yusuan-facts-2024',
      'yusuan-facts-2023',
    ]);
    const example = await (await get('/opendata/419901/catalog.json')).json();
    expect(errorsOf(validate, example)).toEqual([]);
    expect(example.dataset.map((d: any) => d.identifier)).toEqual([
      'yusuan-budget-419901-2024-122201',
      'yusuan-budget-419901-2024-201004',
      'yusuan-facts-419901-2024',
    ]);
    // the same unit code, two different units
    const [here, there] = await Promise.all(
      ['/opendata/410800/2024/122201/02.csv', '/opendata/419901/2024/122201/02.csv'].map(async (p) =>
        (await get(p)).text(),
      ),
    );
    expect([here?.includes('焦作市政务大数据中心'), there?.includes('示例一市政务大数据中心')]).toEqual([
      true,
      true,
    ]);
  });

  it('serves facts.csv per region as the rows of that region in the year’s facts.csv', async () => {
    const rows = async (url: string) =>
      parse(await (await get(url)).text(), { columns: true }) as Record<string, string>[];
    const all = await rows('/opendata/2024/facts.csv');
    const example = await rows('/opendata/419901/2024/facts.csv');
    expect(example.length).toBeGreaterThan(0);
    expect(example).toEqual(all.filter((r) => r.region_code === '419901'));
    expect(new Set(all.map((r) => r.region_code))).toEqual(new Set(['410800', '419901']));
  });

  it('facts.parquet, read by DuckDB, holds exactly the rows of facts.csv', async () => {
    const dir = tempDir('yusuan-parquet-');
    const file = path.join(dir, 'facts.parquet');
    fs.writeFileSync(file, Buffer.from(await (await get('/opendata/2024/facts.parquet')).arrayBuffer()));
    const csv = parse(await (await get('/opendata/2024/facts.csv')).text(), { columns: true }) as Record<
      string,
      string
    >[];
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const columns = Object.keys(csv[0]!);
    const reader = await connection.runAndReadAll(
      `select ${columns.map((c) => `cast(${c} as varchar) as ${c}`).join(', ')} from read_parquet('${file}')`,
    );
    const parquet = reader
      .getRowObjects()
      .map((row) => Object.fromEntries(columns.map((c) => [c, row[c] == null ? '' : String(row[c])])));
    expect(parquet).toEqual(csv);
    const types = await connection.runAndReadAll(
      `select column_name, column_type from (describe select year, revision, amount_wan, unit_code from read_parquet('${file}'))`,
    );
    expect(types.getRows()).toEqual([
      ['year', 'INTEGER'],
      ['revision', 'INTEGER'],
      ['amount_wan', 'DECIMAL(18,2)'],
      ['unit_code', 'VARCHAR'],
    ]);
    connection.closeSync();
  });

  it('regenerates a department’s tables in the published layout: each unit below the department row, as its own tables print it', async () => {
    const csv = async (url: string) => {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      return parse(await response.text(), { relax_column_count: true }) as string[][];
    };
    const department = await csv('/opendata/410800/2024/department/122/02.csv');
    const units = await Promise.all(
      ['122201', '122202'].map((u) => csv(`/opendata/410800/2024/${u}/02.csv`)),
    );
    const body = (rows: string[][]) => rows.slice(3);
    const [total, departmentRow, ...unitRows] = body(department);
    // each unit's row is its own table's unit row; the department's row and 合计 add them up
    expect(unitRows).toEqual(units.map((u) => body(u)[2]));
    const sumColumns = (rows: string[][]) =>
      rows[0]!
        .map((_, i) => (i < 2 ? '' : add(rows.map((r) => r[i] || '0.00'))))
        .map((v, i) => (i < 2 || v !== '0.00' ? v : ''));
    expect(departmentRow!.slice(2)).toEqual(sumColumns(unitRows).slice(2));
    expect(total!.slice(2)).toEqual(departmentRow!.slice(2));
    expect(departmentRow!.slice(0, 2)).toEqual(['122', '政务服务和大数据局']);
    // 03: below the department row, each unit's row and then its 项, as the unit's own 03 prints them (with its code)
    const expenditure = body(await csv('/opendata/410800/2024/department/122/03.csv'));
    const own = await Promise.all(
      ['122201', '122202'].map(async (u) => body(await csv(`/opendata/410800/2024/${u}/03.csv`))),
    );
    expect(expenditure.slice(2)).toEqual(
      ['122201', '122202'].flatMap((code, i) => {
        // the unit's own 03: 合计, its department, its 项
        const [, departmentLine, ...subjects] = own[i]!;
        const name = code === '122201' ? '焦作市政务大数据中心' : '焦作市政务服务中心';
        return [
          ['', '', '', code, name, ...departmentLine!.slice(5)],
          ...subjects.map((r) => [...r.slice(0, 3), code, ...r.slice(4)]),
        ];
      }),
    );
    const page = await (await get('/opendata/410800/department/122/')).text();
    expect(page).toContain('/opendata/410800/2024/department/122.xlsx');
    const workbook = await get('/opendata/410800/2024/department/122.xlsx');
    expect([workbook.status, workbook.headers.get('content-type')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
  });

  it('every page links only to what exists: region → department → unit, each a page of its own', async () => {
    const seen = new Set<string>();
    const queue = ['/opendata/'];
    const pages: string[] = [];
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await get(url);
      expect(response.status, url).toBe(200);
      if (!response.headers.get('content-type')!.startsWith('text/html')) {
        await response.body?.cancel();
        continue;
      }
      pages.push(url);
      const html = await response.text();
      for (const [, href] of html.matchAll(/href="(\/opendata\/[^"#]*)/g)) queue.push(href!);
    }
    expect(pages.sort()).toEqual(
      [
        '/opendata/',
        '/opendata/410800/',
        '/opendata/419901/',
        '/opendata/410800/department/122/',
        '/opendata/410800/department/201/',
        '/opendata/410800/department/207/',
        '/opendata/419901/department/122/',
        '/opendata/419901/department/201/',
        '/opendata/410800/unit/122201/',
        '/opendata/410800/unit/122202/',
        '/opendata/410800/unit/201003/',
        '/opendata/410800/unit/207105/',
        '/opendata/419901/unit/122201/',
        '/opendata/419901/unit/201004/',
      ].sort(),
    );
  });
});
