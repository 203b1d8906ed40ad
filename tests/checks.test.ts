import { describe, expect, it } from 'vitest';
import { runChecks, toleranceFor } from '../src/disclosure/checks.js';
import type { Disclosure } from '../src/disclosure/facts.js';
import { seedCatalog, seedDisclosure } from './support/seed.js';

const catalog = seedCatalog();

function failures(d: Disclosure) {
  return runChecks(d, catalog)
    .filter((r) => !r.passed)
    .map(({ id, expected, found, detail }) => ({ id, expected, found, detail }));
}

describe('consistency checks', () => {
  it('all pass on the seed disclosure, exactly', () => {
    const results = runChecks(seedDisclosure(), catalog);
    expect(results.length).toBeGreaterThan(80);
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

  it('13 机关运行经费 above 06 公用经费 for a subject fails 13-06.operating-costs', () => {
    const d = seedDisclosure();
    d.operatingCosts.find((c) => c.departmentCode === '30201')!.amount = 40_000;
    expect(failures(d).slice(0, 1)).toEqual([
      { id: '13-06.operating-costs', expected: '3.18', found: '4.00', detail: '30201 办公费' },
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
