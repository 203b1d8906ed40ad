import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/config.js';
import { runChecks } from '../src/disclosure/checks/index.js';
import { runChecks as oldChecks } from '../src/disclosure/checks.js';
import { departmentContext } from '../src/disclosure/department.js';
import type { Disclosure } from '../src/disclosure/facts.js';
import { renderDisclosure } from '../src/disclosure/render.js';
import { readDisclosureSync } from '../src/importer/index.js';
import { SOURCE_DOCUMENTS } from './support/documents.js';
import { SYNTHETIC_FOLDER } from './support/import.js';
import { seedCatalog } from './support/seed.js';
import { SYNTHETIC_UNITS, syntheticCatalog } from './support/synthetic.js';

// temporary: the rules as data give exactly the results of the one function they replace
const catalog = seedCatalog();
const read = (file: string) => readDisclosureSync(file, catalog).disclosure;
const documents: [string, Disclosure, typeof catalog][] = [
  ...SOURCE_DOCUMENTS.map((s): [string, Disclosure, typeof catalog] => [s.file, read(s.file), catalog]),
  [SYNTHETIC_FOLDER, read(SYNTHETIC_FOLDER), catalog],
  [
    'published',
    read(path.join(ROOT, 'tests', 'fixtures', 'published', 'jiaozuo-zwdsj-2024-unit-budget.txt')),
    catalog,
  ],
  ...SYNTHETIC_UNITS.map((d): [string, Disclosure, typeof catalog] => [
    `synthetic ${d.unit.code}`,
    d,
    syntheticCatalog(),
  ]),
];

function corruptions(d: Disclosure): Disclosure[] {
  const copy = () => structuredClone(d);
  const out: Disclosure[] = [];
  let x = copy();
  if (x.economic[0]) x.economic[0].amount += 10_000;
  out.push(x);
  x = copy();
  if (x.threePublic[0]) x.threePublic[0].amount += 10_000;
  out.push(x);
  x = copy();
  if (x.projects[0]?.amounts[0]) x.projects[0].amounts[0].amount = 0;
  out.push(x);
  x = copy();
  if (x.projects[0]) x.projects[0].functionalSubjectCode = '2010301';
  out.push(x);
  x = copy();
  if (x.projects[1]) x.projects[1].functionalSubjectCode = null;
  out.push(x);
  x = copy();
  if (x.operatingCosts[0]) x.operatingCosts[0].amount += 40_000;
  out.push(x);
  x = copy();
  if (x.functional[0]) x.functional[0].amount += 1_000;
  out.push(x);
  x = copy();
  if (x.incomes[0]) x.incomes[0].amount += 1_000;
  out.push(x);
  x = copy();
  if (x.basicItems[0]) x.basicItems[0].amount += 1_000;
  out.push(x);
  x = copy();
  if (x.narrative[0]) x.narrative[0].value = '1.23';
  out.push(x);
  return out;
}

describe('CHECK_RULES against the runChecks they replace', () => {
  for (const [name, d, cat] of documents) {
    it(name, () => {
      const results = runChecks(d, cat);
      expect(results.length).toBeGreaterThan(30);
      expect(results).toEqual(oldChecks(d, cat));
      let failed = 0;
      for (const bad of corruptions(d)) {
        expect(runChecks(bad, cat)).toEqual(oldChecks(bad, cat));
        failed += oldChecks(bad, cat).filter((r) => !r.passed).length;
      }
      expect(failed).toBeGreaterThan(10);
      const tables = renderDisclosure(d, cat);
      expect(runChecks(d, cat, tables)).toEqual(oldChecks(d, cat, tables));
    });
  }
  it('a department of the fixture units', () => {
    const units = documents.slice(0, 3).map(([, d]) => d);
    const { d } = departmentContext({ code: '100', name: '合并' }, units, catalog);
    expect(runChecks(d, catalog)).toEqual(oldChecks(d, catalog));
  });
});
