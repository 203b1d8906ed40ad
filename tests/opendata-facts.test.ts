import v8 from 'node:v8';
import vm from 'node:vm';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, openDatabase } from '../src/db/client.js';
import * as t from '../src/db/schema.js';
import { FACT_COLUMNS } from '../src/opendata/facts.js';
import { seededDatabaseFile, seededMemoryDatabase } from './support/database.js';

const appOn = (db: Db) => createApp({ db, config: loadConfig({}) });
const get = (app: ReturnType<typeof appOn>, url: string) => app.fetch(new Request(`http://yusuan${url}`));

/** Adds up 万元 figures exactly, in fen. */
const totalWan = (figures: string[]) => {
  const fen = figures.reduce((sum, f) => sum + Math.round(Number(f) * 100), 0);
  return `${(fen / 100).toFixed(2)}`;
};

describe('facts.csv of the seed year', () => {
  let rows: Record<string, string>[];
  let header: string[];
  beforeAll(async () => {
    const text = await (await get(appOn(seededMemoryDatabase()), '/opendata/2024/facts.csv')).text();
    header = (parse(text, { to_line: 1 }) as string[][])[0]!;
    rows = parse(text, { columns: true });
  });

  it('has one column per dimension code and name', () => {
    expect(header).toEqual([...FACT_COLUMNS]);
    expect(header).toMatchInlineSnapshot(`
      [
        "year",
        "stage",
        "stage_name",
        "revision",
        "region_code",
        "region_name",
        "department_code",
        "department_name",
        "unit_code",
        "unit_name",
        "fact",
        "fact_name",
        "functional_subject_code",
        "functional_subject_name",
        "functional_class_code",
        "functional_class_name",
        "functional_section_code",
        "functional_section_name",
        "economic_department_code",
        "economic_department_name",
        "economic_government_code",
        "economic_government_name",
        "category",
        "category_name",
        "category_group",
        "category_group_name",
        "fund",
        "fund_name",
        "item_code",
        "item_name",
        "amount_wan",
      ]
    `);
  });

  it('?bom=1 prepends a UTF-8 byte order mark and changes nothing else', async () => {
    const app = appOn(seededMemoryDatabase());
    const bytes = async (url: string) => new Uint8Array(await (await get(app, url)).arrayBuffer());
    const plain = await bytes('/opendata/2024/facts.csv');
    const bom = await bytes('/opendata/2024/facts.csv?bom=1');
    expect([...bom.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.slice(3)).toEqual(plain);
  });

  it('has one row per stored fact, by kind', () => {
    const counts: Record<string, number> = {};
    for (const row of rows) counts[row.fact!] = (counts[row.fact!] ?? 0) + 1;
    expect(counts).toEqual({
      income: 1,
      income_of_which: 1,
      functional_expenditure: 10,
      economic_expenditure: 41,
      basic_item: 48,
      project: 5,
      three_public_cost: 4,
      operating_cost: 10,
      procurement: 3,
      prior_year_figure: 11,
      asset: 5,
    });
  });

  it('carries the prior-year figures the narrative states and the assets with a value', () => {
    const of = (fact: string) =>
      rows.filter((r) => r.fact === fact).map((r) => [r.item_code, r.item_name, r.amount_wan]);
    expect(of('prior_year_figure').slice(0, 2)).toEqual([
      ['total', '收支总计（焦作市人民政府电子政务管理中心(焦作市云计算服务中心)）', '174.15'],
      ['total', '收支总计（焦作市外来投资服务中心）', '147.57'],
    ]);
    expect(of('asset')).toEqual([
      ['buildings', '房屋建筑物', '0.17'],
      ['vehicles', '车辆', '41.35'],
      ['officeEquipment', '办公设备', '1223.00'],
      ['specialEquipment', '专用设备', '2.19'],
      ['otherAssets', '其他资产', '13.29'],
    ]);
  });

  it('adds up, kind by kind, to the totals the published tables print', () => {
    const total = (fact: string, filter: (r: Record<string, string>) => boolean = () => true) =>
      totalWan(rows.filter((r) => r.fact === fact && filter(r)).map((r) => r.amount_wan!));
    expect({
      income: total('income'),
      functional: total('functional_expenditure'),
      basic: total('functional_expenditure', (r) => r.category_group !== 'project'),
      economic: total('economic_expenditure'),
      basicItems: total('basic_item'),
      projects: total('project'),
      threePublic: total('three_public_cost'),
      operatingCosts: total('operating_cost'),
    }).toEqual({
      income: '512.02',
      functional: '512.02',
      basic: '477.62',
      economic: '512.02',
      basicItems: '477.62',
      projects: '34.40',
      threePublic: '4.00',
      operatingCosts: '24.75',
    });
  });

  it('names every dimension it codes', () => {
    expect(rows.find((r) => r.fact === 'functional_expenditure')).toMatchInlineSnapshot(`
      {
        "amount_wan": "351.72",
        "category": "wages",
        "category_group": "personnel",
        "category_group_name": "人员经费",
        "category_name": "工资福利支出",
        "department_code": "122",
        "department_name": "政务服务和大数据局",
        "economic_department_code": "",
        "economic_department_name": "",
        "economic_government_code": "",
        "economic_government_name": "",
        "fact": "functional_expenditure",
        "fact_name": "支出（功能分类科目 × 支出类别 × 资金来源）",
        "functional_class_code": "201",
        "functional_class_name": "一般公共服务支出",
        "functional_section_code": "20103",
        "functional_section_name": "政府办公厅（室）及相关机构事务",
        "functional_subject_code": "2010301",
        "functional_subject_name": "行政运行",
        "fund": "generalPublic",
        "fund_name": "一般公共预算",
        "item_code": "",
        "item_name": "",
        "region_code": "410800",
        "region_name": "焦作市",
        "revision": "1",
        "stage": "budget",
        "stage_name": "预算",
        "unit_code": "122201",
        "unit_name": "焦作市政务大数据中心",
        "year": "2024",
      }
    `);
    const project = rows.find((r) => r.fact === 'project')!;
    const economic = rows.find((r) => r.fact === 'economic_expenditure')!;
    expect([
      [project.item_code, project.item_name, project.functional_subject_name, project.category_name],
      [economic.economic_department_name, economic.economic_government_name, economic.category_group_name],
    ]).toEqual([
      ['410800220000000035869', '信息采集加工费', '一般行政管理事务', '其他运转类'],
      ['基本工资', '工资奖金津补贴', '人员经费'],
    ]);
    const pairs = [
      ['functional_subject_code', 'functional_subject_name'],
      ['economic_department_code', 'economic_department_name'],
      ['economic_government_code', 'economic_government_name'],
      ['category', 'category_name'],
      ['category_group', 'category_group_name'],
      ['fund', 'fund_name'],
      ['item_code', 'item_name'],
    ];
    const unnamed = rows.flatMap((r) =>
      pairs.filter(([code, name]) => r[code!] && !r[name!]).map(([code]) => code),
    );
    expect(unnamed).toEqual([]);
  });
});

describe('facts.csv of a 100k-fact fixture', () => {
  const FACTS = 100_000;
  let file: string;
  let writable: Db;
  let readonly: Db;

  beforeAll(() => {
    file = seededDatabaseFile();
    writable = openDatabase(file);
    writable.transaction((tx) => {
      tx.insert(t.units)
        .values({ regionCode: '410800', code: '990', name: '合成部门', kind: 'department' })
        .run();
      tx.insert(t.units)
        .values({ regionCode: '410800', code: '990001', name: '合成单位', kind: 'unit', parentCode: '990' })
        .run();
      const { id } = tx
        .insert(t.budgets)
        .values({
          regionCode: '410800',
          unitCode: '990001',
          year: 2099,
          stage: 'budget',
          revision: 1,
          title: '合成单位2099年度单位预算',
          source: 'synthetic',
          contentHash: 'synthetic-100k',
        })
        .returning({ id: t.budgets.id })
        .get();
      for (let start = 0; start < FACTS; start += 500) {
        tx.insert(t.functionalExpenditures)
          .values(
            Array.from({ length: Math.min(500, FACTS - start) }, (_, i) => ({
              budgetId: id,
              subjectCode: String(2_000_000 + start + i),
              category: 'goods' as const,
              fund: 'generalPublic',
              amount: (start + i) * 100 + 1,
            })),
          )
          .run();
      }
    });
    readonly = openDatabase(file, { readonly: true });
  });
  afterAll(() => {
    readonly.$client.close();
    writable.$client.close();
  });

  it('streams with flat memory: what the process holds stays far below the body size', async ({
    annotate,
  }) => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const held = () => {
      gc();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    const app = appOn(readonly);
    const before = held();
    const response = await get(app, '/opendata/2099/facts.csv');
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let bytes = 0;
    let chunks = 0;
    let lines = 0;
    let peak = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      chunks += 1;
      for (const byte of value) if (byte === 0x0a) lines += 1;
      if (chunks % 10 === 0) peak = Math.max(peak, held() - before);
    }
    await annotate(
      `${FACTS} facts: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${chunks} chunks; peak growth of heap + array buffers ${(peak / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(lines).toBe(FACTS + 1);
    expect(bytes).toBeGreaterThan(10 * 2 ** 20);
    expect(chunks).toBeGreaterThan(50);
    expect(peak).toBeLessThan(bytes / 5);
  });

  it('a slow download holds no snapshot of the shared connection, and lets go of its own when the client leaves', async () => {
    const app = appOn(writable);
    const reader = (await get(app, '/opendata/2099/facts.csv')).body!.getReader();
    await reader.read();
    await reader.read();
    const rename = () =>
      writable.$client
        .prepare("update budgets set title = title || '（改）' where unit_code = '990001'")
        .run();
    expect(rename).not.toThrow();
    const checkpoint = () =>
      writable.$client.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    const [during] = checkpoint();
    expect(during!.checkpointed).toBeLessThan(during!.log);
    await reader.cancel();
    const [after] = checkpoint();
    expect(after!.checkpointed).toBe(after!.log);
  });
});
