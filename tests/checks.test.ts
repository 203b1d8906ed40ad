import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Checker, claimResult } from '../src/disclosure/checks/checker.js';
import { CHECK_RULES, runChecks, toleranceFor } from '../src/disclosure/checks/index.js';
import { BudgetContext } from '../src/disclosure/context.js';
import type { Disclosure } from '../src/disclosure/facts.js';
import { type RenderedTable, renderDisclosure } from '../src/disclosure/render.js';
import type { SubjectCatalog } from '../src/disclosure/subjects.js';
import { readDisclosureSync } from '../src/importer/index.js';
import { formatWan } from '../src/money.js';
import { SOURCE_DOCUMENTS } from './support/documents.js';
import { SYNTHETIC_FOLDER } from './support/import.js';
import { seedCatalog, seedDisclosure } from './support/seed.js';
import { SYNTHETIC_UNITS, syntheticCatalog } from './support/synthetic.js';

const catalog = seedCatalog();

function failures(d: Disclosure, tables?: RenderedTable[]) {
  return runChecks(d, catalog, tables)
    .filter((r) => !r.passed)
    .map(({ id, expected, found, detail }) => ({ id, expected, found, detail }));
}

describe('a stated figure against the computed one', () => {
  it('passes exactly when the two are equal as decimals, with their difference as decimal.js gives it', () => {
    const texts = [
      '0',
      '-0',
      '0.00',
      '-0.00',
      '16',
      '16.00',
      '16.0',
      '16.01',
      '-16.00',
      '160',
      '1.5',
      '1.50',
      '0.05',
      '.5',
      '00.5',
      '1e1',
      'NaN',
      'Infinity',
      '10',
      '012',
      '12',
      '99.990',
      '99.99',
    ];
    const pairs = texts.flatMap((stated) => texts.map((computed) => [stated, computed] as const));
    const results = pairs.map(([stated, computed]) => {
      const { passed, difference } = claimResult('narrative.x', '', {
        stated,
        computed,
        undetermined: false,
      });
      return [stated, computed, passed, difference];
    });
    const reference = pairs.map(([stated, computed]) => [
      stated,
      computed,
      new Decimal(stated).equals(computed),
      new Decimal(computed).minus(stated).toString(),
    ]);
    expect(results).toEqual(reference);
  });
});

describe('consistency checks', () => {
  it('all pass on the seed disclosure, exactly', () => {
    const results = runChecks(seedDisclosure(), catalog);
    expect(results.length).toBe(93);
    expect(results.filter((r) => !r.passed)).toEqual([]);
    // Only the subset rule (13 is part of 06 公用经费) compares unequal figures: 24.75 of 33.38.
    expect(
      results.filter((r) => !['0.00', '0'].includes(r.difference)).map((r) => [r.id, r.expected, r.found]),
    ).toEqual([['13-06.operating-costs', '33.38', '24.75']]);
  });

  it('every check has a distinct id and a description', () => {
    const results = runChecks(seedDisclosure(), catalog);
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
    expect(results.every((r) => r.description.length > 5)).toBe(true);
  });

  it('a basic-expenditure line in 06 that no longer matches 05 and 07 fails those checks, naming expected and found', () => {
    const d = seedDisclosure();
    const line = d.economic.find((e) => e.departmentCode === '30101' && e.governmentCode === '50101')!;
    line.amount += 10_000; // 43.14 → 44.14 万元
    expect(failures(d)).toEqual([
      { id: '05-06.basic', expected: '477.62', found: '478.62', detail: null },
      { id: '06-07.basic', expected: '478.62', found: '477.62', detail: null },
      { id: '06-03.personnel', expected: '444.24', found: '445.24', detail: null },
      { id: '05-06.economic-classes', expected: '430.18', found: '431.18', detail: '类 301' },
      { id: '07.types', expected: '445.24', found: '444.24', detail: '人员类' },
      { id: '08.total', expected: '512.02', found: '513.02', detail: null },
    ]);
  });

  it('a “三公” figure that disagrees with its economic line fails 09-06.items and the narrative', () => {
    const d = seedDisclosure();
    d.threePublic.find((c) => c.item === 'reception')!.amount = 20_000;
    expect(failures(d)).toEqual([
      { id: '09-06.items', expected: '1.00', found: '2.00', detail: '30217 公务接待费' },
      { id: 'narrative.threePublic.total', expected: '4', found: '5.00', detail: null },
      { id: 'narrative.threePublic.total.change.delta', expected: '2.70', found: '3.70', detail: null },
      { id: 'narrative.threePublic.total.change.percent', expected: '207.69', found: '284.62', detail: null },
      { id: 'narrative.threePublic.reception', expected: '1', found: '2.00', detail: null },
      { id: 'narrative.threePublic.reception.change.delta', expected: '1', found: '2.00', detail: null },
    ]);
  });

  it('a project amount that leaves 12 short of 03 fails 12-03.project, 12-03.subjects, 08-06-12.project and the narrative', () => {
    const d = seedDisclosure();
    d.projects[0]!.amounts[0]!.amount = 0;
    expect(failures(d).map((f) => f.id)).toEqual([
      '08-06-12.project',
      '12-03.project',
      '12-03.subjects',
      'narrative.projects.total',
    ]);
  });

  it('a project filed under another functional 项 fails 12-03.subjects, naming the 项', () => {
    const d = seedDisclosure();
    d.projects[0]!.functionalSubjectCode = '2010301';
    expect(failures(d)).toEqual([
      { id: '12-03.subjects', expected: '0.00', found: '0.80', detail: '2010301 其他运转类' },
    ]);
  });

  it('13 机关运行经费 above 06 公用经费 for a subject fails 13-06.operating-costs and the narrative’s 机关运行经费', () => {
    const d = seedDisclosure();
    d.operatingCosts.find((c) => c.departmentCode === '30201')!.amount = 40_000;
    expect(failures(d)).toEqual([
      { id: '13-06.operating-costs', expected: '3.18', found: '4.00', detail: '30201 办公费' },
      { id: 'narrative.operatingCosts', expected: '24.75', found: '25.57', detail: null },
      { id: 'narrative.operatingCosts.change.delta', expected: '16', found: '16.82', detail: null },
      { id: 'narrative.operatingCosts.change.percent', expected: '182.86', found: '192.23', detail: null },
    ]);
  });

  it('a narrative figure that the facts do not give fails its narrative check', () => {
    const d = seedDisclosure();
    d.narrative.find((n) => n.metric === 'basic.share')!.value = '93.29';
    expect(failures(d)).toEqual([
      { id: 'narrative.basic.share', expected: '93.29', found: '93.28', detail: null },
    ]);
  });

  it('states its tolerance: 50 元 per published addend, at least 100 元', () => {
    expect([toleranceFor(1), toleranceFor(2), toleranceFor(10)]).toEqual([100, 100, 500]);
  });
});

describe('the rules as data', () => {
  it('run in the order of CHECK_RULES, one result per rule (one per claim for the narrative), with its id and description', () => {
    const results = runChecks(seedDisclosure(), catalog);
    const single = CHECK_RULES.filter((r) => !r.several);
    expect(new Set(CHECK_RULES.map((r) => r.id)).size).toBe(CHECK_RULES.length);
    expect(results.slice(0, single.length).map((r) => [r.id, r.description])).toEqual(
      single.map((r) => [r.id, r.description]),
    );
    expect(results.slice(single.length).every((r) => r.id.startsWith('narrative.'))).toBe(true);
  });

  it('give the whole result list of a multi-fund document (201003: 政府性基金, 国有资本经营, 事业收入, 上年结转)', () => {
    const source = SOURCE_DOCUMENTS.find((s) => s.code === '201003')!;
    const d = readDisclosureSync(source.file, catalog).disclosure;
    expect(
      runChecks(d, catalog).map((r) => [
        r.id,
        r.expected,
        r.found,
        r.difference,
        r.tolerance,
        r.passed,
        r.detail,
      ]),
    ).toEqual([
      ['01.balance', '551.30', '551.30', '0.00', '0.00', true, null],
      ['01.income-lines', '536.30', '536.30', '0.00', '0.05', true, null],
      ['01.expenditure-lines', '551.30', '551.30', '0.00', '0.15', true, null],
      ['02.total', '551.30', '551.30', '0.00', '0.00', true, null],
      ['02.appropriation', '351.80', '351.80', '0.00', '0.00', true, null],
      ['02.appropriation-within', '351.80', '351.80', '0.00', '0.00', true, null],
      ['04.total', '551.30', '551.30', '0.00', '0.00', true, null],
      ['04.balance', '551.30', '551.30', '0.00', '0.00', true, null],
      ['03.total', '551.30', '551.30', '0.00', '0.00', true, null],
      ['03.rows', '551.30', '551.30', '0.00', '0.01', true, '乡村建设局'],
      ['03.subjects', '551.30', '551.30', '0.00', '0.06', true, null],
      ['subjects.rollup', '1.30', '1.30', '0.00', '0.00', true, '类 205 (01 vs Σ项)'],
      ['05.total', '366.80', '366.80', '0.00', '0.01', true, null],
      ['05.rows', '351.80', '351.80', '0.00', '0.01', true, '乡村建设局'],
      ['03-05.rows', '1.30', '1.30', '0.00', '0.01', true, '2050803 培训支出'],
      ['10-11.total', '120.00', '120.00', '0.00', '0.00', true, '10 政府性基金'],
      ['05-06.basic', '249.40', '249.40', '0.00', '0.00', true, null],
      ['06-07.basic', '249.40', '249.40', '0.00', '0.00', true, null],
      ['06.rows', '249.40', '249.40', '0.00', '0.13', true, null],
      ['06-03.personnel', '206.20', '206.20', '0.00', '0.00', true, null],
      ['06-03.public', '43.20', '43.20', '0.00', '0.00', true, null],
      ['05-06.economic-classes', '191.80', '191.80', '0.00', '0.05', true, '类 301'],
      ['07.types', '206.20', '206.20', '0.00', '0.07', true, '人员类'],
      ['08.total', '551.30', '551.30', '0.00', '0.00', true, null],
      ['08-06.basic-within', '62.40', '62.40', '0.00', '0.00', true, '30101/50501'],
      ['08-06-12.project', '102.40', '102.40', '0.00', '0.00', true, null],
      ['12-03.project', '286.90', '286.90', '0.00', '0.00', true, null],
      ['12-03.subjects', '0.00', '0.00', '0.00', '0.00', true, '2120804 其他运转类'],
      ['14-12.projects', '286.90', '286.90', '0.00', '0.00', true, '合计'],
      ['09.sum', '21.70', '21.70', '0.00', '0.02', true, null],
      ['09-06.items', '0.00', '0.00', '0.00', '0.00', true, '30212 因公出国（境）费'],
      ['13-06.operating-costs', '43.20', '24.90', '-18.30', '0.00', true, '合计'],
      ['13.total', '24.90', '24.90', '0.00', '0.05', true, null],
      ['narrative.total', '551.30', '551.30', '0', '0', true, null],
      ['narrative.total.change.delta', '52.70', '52.70', '0', '0', true, null],
      ['narrative.total.change.percent', '10.57', '10.57', '0', '0', true, null],
      ['narrative.income.total', '551.30', '551.30', '0', '0', true, null],
      ['narrative.income.generalPublic', '351.80', '351.80', '0', '0', true, null],
      ['narrative.income.governmentFund', '120.00', '120.00', '0', '0', true, null],
      ['narrative.income.stateCapital', '40.00', '40.00', '0', '0', true, null],
      ['narrative.income.specialAccount', '0', '0.00', '0', '0', true, null],
      ['narrative.income.operatingRevenue', '24.50', '24.50', '0', '0', true, null],
      ['narrative.income.businessRevenue', '0', '0.00', '0', '0', true, null],
      ['narrative.income.subsidiaryRemittance', '0', '0.00', '0', '0', true, null],
      ['narrative.income.otherRevenue', '0', '0.00', '0', '0', true, null],
      ['narrative.income.carryover', '15.00', '15.00', '0', '0', true, null],
      ['narrative.basic', '264.40', '264.40', '0', '0', true, null],
      ['narrative.basic.share', '47.96', '47.96', '0', '0', true, null],
      ['narrative.project', '286.90', '286.90', '0', '0', true, null],
      ['narrative.project.share', '52.04', '52.04', '0', '0', true, null],
      ['narrative.fund.generalPublic', '351.80', '351.80', '0', '0', true, null],
      ['narrative.fund.generalPublic.change.delta', '-10.70', '-10.70', '0', '0', true, null],
      ['narrative.fund.generalPublic.change.percent', '-2.95', '-2.95', '0', '0', true, null],
      ['narrative.fund.governmentFund', '120.00', '120.00', '0', '0', true, null],
      ['narrative.fund.stateCapital', '40.00', '40.00', '0', '0', true, null],
      ['narrative.functional.205@generalPublic', '1.30', '1.30', '0', '0', true, null],
      ['narrative.functional.205@generalPublic.share', '0.37', '0.37', '0', '0', true, null],
      ['narrative.functional.208@generalPublic', '44.16', '44.16', '0', '0', true, null],
      ['narrative.functional.208@generalPublic.share', '12.55', '12.55', '0', '0', true, null],
      ['narrative.functional.210@generalPublic', '10.70', '10.70', '0', '0', true, null],
      ['narrative.functional.210@generalPublic.share', '3.04', '3.04', '0', '0', true, null],
      ['narrative.functional.213@generalPublic', '280.76', '280.76', '0', '0', true, null],
      ['narrative.functional.213@generalPublic.share', '79.81', '79.81', '0', '0', true, null],
      ['narrative.functional.221@generalPublic', '14.88', '14.88', '0', '0', true, null],
      ['narrative.functional.221@generalPublic.share', '4.23', '4.23', '0', '0', true, null],
      ['narrative.basic@generalPublic', '249.40', '249.40', '0', '0', true, null],
      ['narrative.personnel@generalPublic', '206.20', '206.20', '0', '0', true, null],
      ['narrative.publicExpense@generalPublic', '43.20', '43.20', '0', '0', true, null],
      ['narrative.total@anyGovernmentFund', '120.00', '120.00', '0', '0', true, null],
      ['narrative.total@anyStateCapital', '40.00', '40.00', '0', '0', true, null],
      ['narrative.threePublic.total', '21.70', '21.70', '0', '0', true, null],
      ['narrative.threePublic.total.change.delta', '15.30', '15.30', '0', '0', true, null],
      ['narrative.threePublic.total.change.percent', '239.06', '239.06', '0', '0', true, null],
      ['narrative.threePublic.outboundTravel', '0', '0.00', '0', '0', true, null],
      ['narrative.threePublic.outboundTravel.change.delta', '0', '0.00', '0', '0', true, null],
      ['narrative.threePublic.vehicle', '20.50', '20.50', '0', '0', true, null],
      ['narrative.threePublic.vehiclePurchase', '16', '16.00', '0', '0', true, null],
      ['narrative.threePublic.vehiclePurchase.change.delta', '16', '16.00', '0', '0', true, null],
      ['narrative.threePublic.vehicleOperation', '4.50', '4.50', '0', '0', true, null],
      ['narrative.threePublic.vehicleOperation.change.delta', '-0.70', '-0.70', '0', '0', true, null],
      ['narrative.threePublic.vehicleOperation.change.percent', '-13.46', '-13.46', '0', '0', true, null],
      ['narrative.threePublic.reception', '1.20', '1.20', '0', '0', true, null],
      ['narrative.threePublic.reception.change.delta', '0', '0.00', '0', '0', true, null],
      ['narrative.operatingCosts', '24.90', '24.90', '0', '0', true, null],
      ['narrative.operatingCosts.change.delta', '-1.20', '-1.20', '0', '0', true, null],
      ['narrative.operatingCosts.change.percent', '-4.60', '-4.60', '0', '0', true, null],
      ['narrative.procurement.total', '102.30', '102.30', '0', '0', true, null],
      ['narrative.projects.total', '286.90', '286.90', '0', '0', true, null],
      ['narrative.projects.count', '9', '9', '0', '0', true, null],
      ['narrative.project.410800240000000041072', '120', '120.00', '0', '0', true, null],
      ['narrative.project.410800240000000041087', '40', '40.00', '0', '0', true, null],
      ['narrative.assets.fixedTotal', '610', '610.00', '0', '0', true, null],
      ['narrative.assets.vehicleCount', '3', '3', '0', '0', true, null],
    ]);
  });
});

describe('10-11.total: 10 and 11 合计 = 04’s 政府性基金 and 国有资本经营预算 spending', () => {
  const rule = CHECK_RULES.find((r) => r.id === '10-11.total')!;
  /** the rule's comparisons on one disclosure, 万元: [expected, found, detail] */
  const comparisons = (d: Disclosure, cat: SubjectCatalog) => {
    if (rule.several) throw new Error('10-11.total has one result');
    const c = new Checker(renderDisclosure(d, cat), new BudgetContext(d, cat));
    return rule.run(c).map((x) => [formatWan(x.expected), formatWan(x.found), x.detail]);
  };
  const documents: [string, Disclosure, SubjectCatalog][] = [
    ...SOURCE_DOCUMENTS.map((s): [string, Disclosure, SubjectCatalog] => [
      s.code,
      readDisclosureSync(s.file, catalog).disclosure,
      catalog,
    ]),
    ['900101', readDisclosureSync(SYNTHETIC_FOLDER, catalog).disclosure, catalog],
    ...SYNTHETIC_UNITS.map((d): [string, Disclosure, SubjectCatalog] => [
      `synthetic ${d.unit.code}`,
      d,
      syntheticCatalog(),
    ]),
  ];

  it('holds on every fixture document, with the money of the units that have it', () => {
    // each side's figures, 万元: 04's column and 10's (or 11's) 合计, and whether the rule passed
    const figures = (d: Disclosure, cat: SubjectCatalog) => [
      runChecks(d, cat).find((r) => r.id === rule.id)?.passed,
      ...comparisons(d, cat).map(([expected, found, detail]) => `${detail}: ${expected} = ${found}`),
    ];
    expect(Object.fromEntries(documents.map(([name, d, cat]) => [name, figures(d, cat)]))).toEqual({
      '122201': [true, '10 政府性基金: 0.00 = 0.00', '11 国有资本经营预算: 0.00 = 0.00'],
      '201003': [true, '10 政府性基金: 120.00 = 120.00', '11 国有资本经营预算: 40.00 = 40.00'],
      '207105': [true, '10 政府性基金: 0.00 = 0.00', '11 国有资本经营预算: 0.00 = 0.00'],
      '900101': [true, '10 政府性基金: 30.00 = 30.00', '11 国有资本经营预算: 5.00 = 5.00'],
      'synthetic 201003': [true, '10 政府性基金: 120.00 = 120.00', '11 国有资本经营预算: 40.00 = 40.00'],
      'synthetic 207105': [true, '10 政府性基金: 0.00 = 0.00', '11 国有资本经营预算: 0.00 = 0.00'],
    });
  });

  it('fails, alone, when 11’s 合计 is one figure off 04’s 国有资本经营预算 column', () => {
    const d = documents.find(([name]) => name === '201003')![1];
    const tables = renderDisclosure(d, catalog);
    expect(failures(d, tables)).toEqual([]);
    const total11 = tables.find((t) => t.no === 11)!.rows.find((r) => r.kind === 'total')!;
    total11.values.total = (total11.values.total as number) + 10_000;
    expect(failures(d, tables)).toEqual([
      { id: '10-11.total', expected: '40.00', found: '41.00', detail: '11 国有资本经营预算' },
    ]);
  });
});
