import { and, eq, inArray } from 'drizzle-orm';
import type { Disclosure } from '../disclosure/facts.js';
import { SubjectCatalog } from '../disclosure/subjects.js';
import { DEFAULT_STAGE, type Stage } from '../domain.js';
import type { Db } from './client.js';
import {
  assembleDisclosure,
  type BudgetRow,
  FACT_TABLES,
  type FactRow,
  type FactTable,
  factRows,
  indicatorRows,
  parseUnitKey,
  projectRows,
  tupleIn,
  type UnitRow,
  unitKey,
} from './facts.js';
import { keptQuery } from './kept-query.js';
import * as t from './schema.js';

/** Loads whole disclosures for many budgets with one statement per fact table, whatever their number. */
export function loadDisclosures(db: Db, budgetIds: readonly number[]): Map<number, Disclosure> {
  const result = new Map<number, Disclosure>();
  if (!budgetIds.length) return result;
  const ids = [...new Set(budgetIds)];
  const budgets = db.select().from(t.budgets).where(inArray(t.budgets.id, ids)).all();
  const facts = Object.fromEntries(
    FACT_TABLES.map((table) => {
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
    result.set(
      budget.id,
      assembleDisclosure({
        budget,
        facts: Object.fromEntries(FACT_TABLES.map((table) => [table, facts[table](budget.id)])) as {
          [K in FactTable]: FactRow<K>[];
        },
        projects: projects.filter((p) => p.budgetId === budget.id),
        indicators: (projectId) => indicators.filter((i) => i.projectId === projectId),
      }),
    );
  }
  return result;
}

export type { BudgetRow };

/** Units by their keys (region/code), in one statement. */
export function unitsByKey(db: Db, keys: readonly string[]): Map<string, UnitRow> {
  const wanted = [...new Set(keys)].flatMap((k) => parseUnitKey(k) ?? []);
  if (!wanted.length) return new Map();
  const rows = keptQuery(
    db,
    'unitsByKey',
    wanted.flatMap((w) => [w.regionCode, w.code]),
    (p) =>
      db
        .select()
        .from(t.units)
        .where(
          tupleIn(
            [t.units.regionCode, t.units.code],
            wanted.map((_, i) => [p[2 * i], p[2 * i + 1]]),
          ),
        ),
  );
  return new Map(rows.map((u) => [unitKey(u), u]));
}

export function loadCatalog(db: Db): SubjectCatalog {
  return new SubjectCatalog(db.select().from(t.subjects).all());
}

/**
 * A unit named by its code and region, or by its code alone while only one region has that code
 * (an ambiguous code is an error that lists the regions).
 */
export function findUnit(db: Db, code: string, regionCode?: string | null): UnitRow | undefined {
  const rows = db
    .select()
    .from(t.units)
    .where(
      regionCode == null
        ? eq(t.units.code, code)
        : and(eq(t.units.code, code), eq(t.units.regionCode, regionCode)),
    )
    .all();
  if (rows.length > 1)
    throw new AmbiguousUnit(
      code,
      rows.map((r) => r.regionCode),
    );
  return rows[0];
}

export class AmbiguousUnit extends Error {
  constructor(
    readonly code: string,
    readonly regions: string[],
  ) {
    super(`unit ${code} is in more than one region (${regions.join(', ')}): name its region`);
  }
}

/**
 * The latest revision of a unit-year budget of a stage (or the given revision); the unit as
 * findUnit takes it.
 */
export function findBudget(
  db: Db,
  unit: string | { regionCode?: string | null; code: string },
  year: number,
  revision?: number,
  stage: Stage = DEFAULT_STAGE,
): BudgetRow | undefined {
  const { code, regionCode } = typeof unit === 'string' ? { code: unit, regionCode: null } : unit;
  const found = findUnit(db, code, regionCode);
  if (!found) return undefined;
  return db
    .select()
    .from(t.budgets)
    .where(and(eq(t.budgets.regionCode, found.regionCode), eq(t.budgets.unitCode, found.code)))
    .all()
    .filter(
      (b) => b.year === year && b.stage === stage && (revision === undefined || b.revision === revision),
    )
    .sort((a, b) => b.revision - a.revision)[0];
}
