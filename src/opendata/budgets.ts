import { and, asc, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { type BudgetRow, findBudget, loadCatalog, loadDisclosures } from '../db/disclosures.js';
import * as t from '../db/schema.js';
import type { Disclosure } from '../disclosure/facts.js';
import { type RenderedTable, renderDisclosure } from '../disclosure/render.js';
import { notFound } from './http.js';

/** A stored budget as the feed publishes it: the revision served, and who it belongs to. */
export interface PublishedBudget {
  budget: BudgetRow;
  unit: { code: string; name: string };
  department: { code: string; name: string };
}

/** The latest revision of every unit-year budget (of one year, or all), by year then unit code. */
export function publishedBudgets(db: Db, year?: number): PublishedBudget[] {
  const department = alias(t.units, 'department');
  const rows = db
    .select({ budget: t.budgets, unit: t.units, department })
    .from(t.budgets)
    .innerJoin(t.units, eq(t.units.code, t.budgets.unitCode))
    .leftJoin(department, eq(department.code, t.units.parentCode))
    .where(and(eq(t.budgets.stage, 'budget'), year === undefined ? undefined : eq(t.budgets.year, year)))
    .orderBy(desc(t.budgets.year), asc(t.budgets.unitCode), desc(t.budgets.revision))
    .all();
  const latest = new Map<string, PublishedBudget>();
  for (const row of rows) {
    const key = `${row.budget.year}/${row.budget.unitCode}`;
    if (latest.has(key)) continue;
    latest.set(key, {
      budget: row.budget,
      unit: { code: row.unit.code, name: row.unit.name },
      department: { code: row.department?.code ?? '', name: row.department?.name ?? '' },
    });
  }
  return [...latest.values()];
}

/** The budget a download URL names, or a 404 that says which part of the URL is unknown. */
export function requestedBudget(db: Db, year: number, unitCode: string, revision?: number): PublishedBudget {
  const budget = findBudget(db, unitCode, year, revision);
  if (budget) {
    const unit = db.select().from(t.units).where(eq(t.units.code, budget.unitCode)).get()!;
    const department = unit.parentCode
      ? db.select().from(t.units).where(eq(t.units.code, unit.parentCode)).get()
      : undefined;
    return {
      budget,
      unit: { code: unit.code, name: unit.name },
      department: { code: department?.code ?? '', name: department?.name ?? '' },
    };
  }
  const ofYear = db
    .select({ id: t.budgets.id })
    .from(t.budgets)
    .where(and(eq(t.budgets.year, year), eq(t.budgets.stage, 'budget')))
    .limit(1)
    .all();
  if (!ofYear.length) throw notFound(`no budget disclosures for year ${year}`);
  if (revision !== undefined && findBudget(db, unitCode, year))
    throw notFound(`unit ${unitCode} has no revision ${revision} of its ${year} budget`);
  throw notFound(`no ${year} budget disclosure of unit ${unitCode}`);
}

/** Loads a budget's facts and draws its 14 tables, fresh for every request. */
export function renderBudget(db: Db, budget: BudgetRow): { disclosure: Disclosure; tables: RenderedTable[] } {
  const disclosure = loadDisclosures(db, [budget.id]).get(budget.id)!;
  return { disclosure, tables: renderDisclosure(disclosure, loadCatalog(db)) };
}

/** The latest import among some budgets: when a file made from all of them last changed. */
export function lastImported(budgets: readonly PublishedBudget[]): string {
  return (
    budgets
      .map((b) => b.budget.importedAt)
      .sort()
      .at(-1) ?? '1970-01-01T00:00:00Z'
  );
}
