import { eq, inArray } from 'drizzle-orm';
import type { Disclosure } from '../disclosure/facts.js';
import { SubjectCatalog } from '../disclosure/subjects.js';
import type { Db } from './client.js';
import {
  assembleDisclosure,
  type BudgetRow,
  FACT_TABLES,
  type FactRow,
  type FactTable,
  factRows,
  indicatorRows,
  projectRows,
} from './facts.js';
import * as t from './schema.js';

/** Loads whole disclosures for many budgets with one statement per fact table, whatever their number. */
export function loadDisclosures(db: Db, budgetIds: readonly number[]): Map<number, Disclosure> {
  const result = new Map<number, Disclosure>();
  if (!budgetIds.length) return result;
  const ids = [...new Set(budgetIds)];
  const budgets = db.select().from(t.budgets).where(inArray(t.budgets.id, ids)).all();
  const unitCodes = budgets.map((b) => b.unitCode);
  const units = new Map(
    db
      .select()
      .from(t.units)
      .where(inArray(t.units.code, unitCodes))
      .all()
      .map((u) => [u.code, u]),
  );
  const parentCodes = [...units.values()].flatMap((u) => (u.parentCode ? [u.parentCode] : []));
  const departments = new Map(
    db
      .select()
      .from(t.units)
      .where(inArray(t.units.code, parentCodes))
      .all()
      .map((u) => [u.code, u]),
  );
  const facts = Object.fromEntries(
    (Object.keys(FACT_TABLES) as FactTable[]).map((table) => {
      const rows = factRows(db, table, ids) as { budgetId: number }[];
      return [table, (id: number) => rows.filter((r) => r.budgetId === id)];
    }),
  ) as { [K in FactTable]: (id: number) => FactRow<K>[] };
  const projects = projectRows(db, ids);
  const indicators = indicatorRows(
    db,
    projects.map((p) => p.id),
  );
  for (const budget of budgets) {
    const unit = units.get(budget.unitCode)!;
    result.set(
      budget.id,
      assembleDisclosure({
        budget,
        unit,
        department: departments.get(unit.parentCode ?? '') ?? null,
        facts: Object.fromEntries(
          (Object.keys(FACT_TABLES) as FactTable[]).map((table) => [table, facts[table](budget.id)]),
        ) as { [K in FactTable]: FactRow<K>[] },
        projects: projects.filter((p) => p.budgetId === budget.id),
        indicators: (projectId) => indicators.filter((i) => i.projectId === projectId),
      }),
    );
  }
  return result;
}

export type { BudgetRow };

export function loadCatalog(db: Db): SubjectCatalog {
  return new SubjectCatalog(db.select().from(t.subjects).all());
}

/** The latest revision of a unit-year budget (or the given revision). */
export function findBudget(db: Db, unitCode: string, year: number, revision?: number): BudgetRow | undefined {
  const rows = db.select().from(t.budgets).where(eq(t.budgets.unitCode, unitCode)).all();
  return rows
    .filter(
      (b) => b.year === year && b.stage === 'budget' && (revision === undefined || b.revision === revision),
    )
    .sort((a, b) => b.revision - a.revision)[0];
}
