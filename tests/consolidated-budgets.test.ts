import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { importDisclosure } from '../src/importer/index.js';
import { seededMemoryDatabase, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';
import { statementsOfQuery } from './support/fixtures.js';
import { graphqlClient } from './support/graphql.js';

/**
 * Consolidated budgets — a department's (部门预算) and every unit's — are the sums of their units'
 * latest budgets. Every expectation here is added up in the test from the documents' own text
 * (01's 支出总计, part 三's 基本支出, the narrative's “三公” total, table 03's rows by 类).
 */
interface Figures {
  department: string;
  total: Decimal;
  basic: Decimal;
  threePublic: Decimal;
  classes: Map<string, Decimal>;
}

function figuresOf(text: string, department: string): Figures {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\d{4}年单位支出预算表$/.test(l.trim()));
  const end = lines.findIndex((l, i) => i > start && /^\d{4}年财政拨款收支预算表$/.test(l.trim()));
  const classes = new Map<string, Decimal>();
  for (const line of lines.slice(start, end)) {
    const cells = line.split('\t');
    if (!/^\d{3}$/.test(cells[0] ?? '') || !/^\d{2}$/.test(cells[2] ?? '')) continue;
    classes.set(cells[0]!, (classes.get(cells[0]!) ?? new Decimal(0)).plus(cells[5]!));
  }
  return {
    department,
    total: new Decimal(/\n收入总计\t[\d.]+\t支出总计\t([\d.]+)/.exec(text)![1]!),
    basic: new Decimal(/基本支出([\d.]+)万元，占/.exec(text)![1]!),
    threePublic: new Decimal(/“三公”经费预算为([\d.]+)万元/.exec(text)![1]!),
    classes,
  };
}

/** The same document a year earlier: every year it names moves back by one. */
const yearBefore = (text: string) => text.replaceAll('2023', '2022').replaceAll('2024', '2023');

const wan = (d: Decimal) => d.toFixed(2, Decimal.ROUND_HALF_UP);
const share = (part: Decimal, whole: Decimal) => wan(part.times(100).dividedBy(whole));

function sumOf(units: Figures[]) {
  const classes = new Map<string, Decimal>();
  for (const u of units)
    for (const [c, v] of u.classes) classes.set(c, (classes.get(c) ?? new Decimal(0)).plus(v));
  const total = units.reduce((s, u) => s.plus(u.total), new Decimal(0));
  return {
    unitCount: units.length,
    total: wan(total),
    basic: { value: wan(units.reduce((s, u) => s.plus(u.basic), new Decimal(0))) },
    threePublicCosts: {
      total: { value: wan(units.reduce((s, u) => s.plus(u.threePublic), new Decimal(0))) },
    },
    subjects: [...classes.keys()].sort().map((code) => ({
      code,
      total: { value: wan(classes.get(code)!), share: share(classes.get(code)!, total) },
    })),
  };
}

const FIGURES = `unitCount total { value share } basic { value } threePublicCosts { total { value } }
  subjects(level: 1) { code total { value share } }`;
const shaped = (b: any) => ({ ...b, total: b.total.value });

describe('consolidated budgets', () => {
  let db: Db;
  const units: Figures[] = [];
  beforeAll(async () => {
    db = seededMemoryDatabase();
    units.push(figuresOf(fs.readFileSync(SOURCE_DOCUMENTS[0].file, 'utf8'), '122'));
    const dir = tempDir('yusuan-consolidated-');
    const copies = [
      { source: SOURCE_DOCUMENTS[0], code: '122702', name: '焦作市政务数据二中心' },
      { source: SOURCE_DOCUMENTS[0], code: '122703', name: '焦作市政务数据三中心' },
      { source: SOURCE_DOCUMENTS[1], code: '201003' },
      { source: SOURCE_DOCUMENTS[1], code: '201704', name: '焦作市乡村建设二中心' },
      { source: SOURCE_DOCUMENTS[2], code: '207105' },
    ];
    for (const copy of copies) {
      const text = copyDocument(copy.source, copy.code, copy.name);
      const file = path.join(dir, `2024-${copy.code}.txt`);
      fs.writeFileSync(file, text);
      await importDisclosure(db, file);
      units.push(figuresOf(text, copy.code.slice(0, 3)));
    }
    // 122201 a year earlier: the department's prior-year sum
    const earlier = path.join(dir, '2023-122201.txt');
    fs.writeFileSync(earlier, yearBefore(fs.readFileSync(SOURCE_DOCUMENTS[0].file, 'utf8')));
    await importDisclosure(db, earlier);
  });

  it('a department’s budget is the sum of its units’, for each department', async () => {
    const { data, errors } = await graphqlClient(db)(`{
      d122: unit(code: "122") { departmentBudget(year: 2024) { ${FIGURES} } }
      d201: unit(code: "201") { departmentBudget(year: 2024) { ${FIGURES} } }
      d207: unit(code: "207") { departmentBudget(year: 2024) { ${FIGURES} } }
      unit: unit(code: "122201") { departmentBudget(year: 2024) { unitCount } }
      none: unit(code: "122") { departmentBudget(year: 2030) { unitCount } }
    }`);
    expect(errors).toBeUndefined();
    const of = (department: string) => {
      const sum = sumOf(units.filter((u) => u.department === department));
      return { ...sum, total: sum.total };
    };
    expect({
      d122: shaped(data.d122.departmentBudget),
      d201: shaped(data.d201.departmentBudget),
      d207: shaped(data.d207.departmentBudget),
      unit: data.unit.departmentBudget,
      none: data.none.departmentBudget,
    }).toEqual({ d122: of('122'), d201: of('201'), d207: of('207'), unit: null, none: null });
    expect(data.d122.departmentBudget.total.share).toBe('100.00');
  });

  it('the sum of every unit, with its shares by 类', async () => {
    const { data, errors } = await graphqlClient(db)(`{ allUnitsBudget(year: 2024) { ${FIGURES} } }`);
    expect(errors).toBeUndefined();
    expect(shaped(data.allUnitsBudget)).toEqual(sumOf(units));
  });

  it('changes from the year before are the sums’ changes', async () => {
    const { data, errors } = await graphqlClient(db)(
      '{ unit(code: "122") { departmentBudget(year: 2024) { total { value change { previous delta } } } } }',
    );
    expect(errors).toBeUndefined();
    const now = units.filter((u) => u.department === '122').reduce((s, u) => s.plus(u.total), new Decimal(0));
    const before = units[0]!.total;
    expect(data.unit.departmentBudget.total).toEqual({
      value: wan(now),
      change: { previous: wan(before), delta: wan(now.minus(before)) },
    });
  });

  it('follows a figure over the years: a unit’s, a department’s and a region’s', async () => {
    const { data, errors } = await graphqlClient(db)(`{
      unit: unit(code: "122201") { series(metric: TOTAL) { year value } }
      department: unit(code: "122") { series(metric: TOTAL) { year value } }
      threePublic: unit(code: "122") { series(metric: THREE_PUBLIC_COSTS) { year value } }
      region: region(code: "410800") { series(metric: PROJECT) { year value } }
    }`);
    expect(errors).toBeUndefined();
    const of = (department: string, figure: (u: Figures) => Decimal) =>
      wan(
        units.filter((u) => u.department === department).reduce((s, u) => s.plus(figure(u)), new Decimal(0)),
      );
    const seed = units[0]!;
    // every unit here is in 焦作市 (410800); its project spending is total less basic
    const project = (u: Figures) => u.total.minus(u.basic);
    expect(data).toEqual({
      unit: {
        series: [
          { year: 2023, value: wan(seed.total) },
          { year: 2024, value: wan(seed.total) },
        ],
      },
      department: {
        series: [
          { year: 2023, value: wan(seed.total) },
          { year: 2024, value: of('122', (u) => u.total) },
        ],
      },
      threePublic: {
        series: [
          { year: 2023, value: wan(seed.threePublic) },
          { year: 2024, value: of('122', (u) => u.threePublic) },
        ],
      },
      region: {
        series: [
          { year: 2023, value: wan(project(seed)) },
          { year: 2024, value: wan(units.reduce((s, u) => s.plus(project(u)), new Decimal(0))) },
        ],
      },
    });
  });

  it('by source of funds, the parts add up to the whole', async () => {
    const { data } = await graphqlClient(db)(
      '{ unit(code: "201") { departmentBudget(year: 2024) { total { value } byFund { fund funds amount { value } } } } }',
    );
    const budget = data.unit.departmentBudget;
    const parts = budget.byFund.reduce((s: Decimal, f: any) => s.plus(f.amount.value), new Decimal(0));
    expect(wan(parts)).toBe(budget.total.value);
    expect(budget.byFund.map((f: any) => f.fund)).toEqual([
      'GENERAL_PUBLIC',
      'GOVERNMENT_FUND',
      'STATE_CAPITAL',
      'OPERATING_REVENUE',
      'CARRYOVER_GENERAL_PUBLIC',
    ]);
  });
});

describe('statements per consolidated request', () => {
  it('stay the same from 10 to 300 units', async () => {
    const query = `{ units(first: 10, filter: { kind: DEPARTMENT }) { edges { node { code
      departmentBudget(year: 2024) { unitCount total { value change { delta } } byFund { fund }
        subjects(level: 1) { code total { value share } children { code total { value } } }
        threePublicCosts { total { value } } operatingCosts { value } } } } } }`;
    const counts: number[] = [];
    for (const extra of [9, 299]) {
      const { data, errors, statements } = await statementsOfQuery(extra, query);
      expect(errors).toBeUndefined();
      const counted = data.units.edges.reduce(
        (n: number, e: any) => n + (e.node.departmentBudget?.unitCount ?? 0),
        0,
      );
      expect(counted).toBe(extra + 1);
      counts.push(statements.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
