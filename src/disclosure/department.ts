import { BudgetContext } from './context.js';
import { bareProfile, type Disclosure } from './facts.js';
import type { SubjectCatalog } from './subjects.js';

/**
 * A department's budget (部门预算) for a year: its units' disclosures (the latest revision of
 * each), added up. The facts are the units' facts side by side — every table sums what it
 * shows — and the context keeps each unit's own, so that the tables list each unit below the
 * department row. Nothing is split or invented: a figure is a sum of the units' figures.
 */
export function departmentContext(
  department: { code: string; name: string },
  units: readonly Disclosure[],
  catalog: SubjectCatalog,
): BudgetContext {
  const [first] = units;
  if (!first) throw new Error(`department ${department.code} has no unit budgets to add up`);
  /** a list of every unit's, side by side */
  const all = <T>(list: (u: Disclosure) => readonly T[]): T[] => units.flatMap(list);
  const declared = new Map(all((u) => u.declaredSubjects).map((s) => [`${s.scheme}:${s.code}`, s]));
  const merged: Disclosure = {
    source: units.map((u) => u.source).join(', '),
    title: `${department.name}${first.year}年度部门预算`,
    publishedOn: null,
    year: first.year,
    stage: first.stage,
    department,
    unit: bareProfile(department.code, department.name, first.unit.regionCode),
    declaredSubjects: [...declared.values()],
    // a unit's own labels stay on its rows; the department's rows print the official names
    labels: [],
    incomes: all((u) => u.incomes),
    functional: all((u) => u.functional),
    economic: all((u) => u.economic),
    basicItems: all((u) => u.basicItems),
    projects: all((u) => u.projects),
    threePublic: all((u) => u.threePublic),
    operatingCosts: all((u) => u.operatingCosts),
    priorYear: [],
    procurement: all((u) => u.procurement),
    assets: [],
    narrative: [],
    // a unit's reasons are its own: a sum has none
    statements: [],
  };
  return new BudgetContext(
    merged,
    catalog,
    units.map((u) => new BudgetContext(u, catalog)),
  );
}
