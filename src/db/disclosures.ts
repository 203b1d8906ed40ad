import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Disclosure, Project } from '../disclosure/facts.js';
import { SubjectCatalog } from '../disclosure/subjects.js';
import type { Db } from './client.js';
import * as t from './schema.js';

/** Facts come back in the order they were written: the order of the source files. */
const ROWID = sql`rowid`;

export type BudgetRow = typeof t.budgets.$inferSelect;

/** Loads whole disclosures for many budgets with one statement per fact table, whatever their number. */
export function loadDisclosures(db: Db, budgetIds: readonly number[]): Map<number, Disclosure> {
  const result = new Map<number, Disclosure>();
  if (!budgetIds.length) return result;
  const ids = [...new Set(budgetIds)];
  const budgets = db.select().from(t.budgets).where(inArray(t.budgets.id, ids)).all();
  const unitCodes = [...new Set(budgets.map((b) => b.unitCode))];
  const units = new Map(
    db
      .select()
      .from(t.units)
      .where(inArray(t.units.code, unitCodes))
      .all()
      .map((u) => [u.code, u]),
  );
  const departmentCodes = [...units.values()].map((u) => u.parentCode).filter((c): c is string => c !== null);
  const departments = new Map(
    db
      .select()
      .from(t.units)
      .where(inArray(t.units.code, departmentCodes))
      .all()
      .map((u) => [u.code, u]),
  );

  const byBudget = <R extends { budgetId: number }>(rows: R[]) => {
    const grouped = new Map<number, Omit<R, 'budgetId'>[]>();
    for (const { budgetId, ...rest } of rows) {
      const list = grouped.get(budgetId) ?? [];
      list.push(rest);
      grouped.set(budgetId, list);
    }
    return (id: number) => grouped.get(id) ?? [];
  };
  const declared = byBudget(
    db
      .select()
      .from(t.declaredSubjects)
      .where(inArray(t.declaredSubjects.budgetId, ids))
      .orderBy(ROWID)
      .all(),
  );
  const labels = byBudget(
    db.select().from(t.subjectLabels).where(inArray(t.subjectLabels.budgetId, ids)).orderBy(ROWID).all(),
  );
  const incomes = byBudget(
    db.select().from(t.incomes).where(inArray(t.incomes.budgetId, ids)).orderBy(ROWID).all(),
  );
  const functional = byBudget(
    db
      .select()
      .from(t.functionalExpenditures)
      .where(inArray(t.functionalExpenditures.budgetId, ids))
      .orderBy(ROWID)
      .all(),
  );
  const economic = byBudget(
    db
      .select()
      .from(t.economicExpenditures)
      .where(inArray(t.economicExpenditures.budgetId, ids))
      .orderBy(asc(t.economicExpenditures.seq))
      .all(),
  );
  const basicItems = byBudget(
    db
      .select()
      .from(t.basicItems)
      .where(inArray(t.basicItems.budgetId, ids))
      .orderBy(asc(t.basicItems.seq))
      .all(),
  );
  const threePublic = byBudget(
    db
      .select()
      .from(t.threePublicCosts)
      .where(inArray(t.threePublicCosts.budgetId, ids))
      .orderBy(ROWID)
      .all(),
  );
  const operatingCosts = byBudget(
    db.select().from(t.operatingCosts).where(inArray(t.operatingCosts.budgetId, ids)).orderBy(ROWID).all(),
  );
  const priorYear = byBudget(
    db
      .select()
      .from(t.priorYearFigures)
      .where(inArray(t.priorYearFigures.budgetId, ids))
      .orderBy(ROWID)
      .all(),
  );
  const procurement = byBudget(
    db.select().from(t.procurements).where(inArray(t.procurements.budgetId, ids)).orderBy(ROWID).all(),
  );
  const assets = byBudget(
    db.select().from(t.assets).where(inArray(t.assets.budgetId, ids)).orderBy(ROWID).all(),
  );
  const narrative = byBudget(
    db.select().from(t.narrativeClaims).where(inArray(t.narrativeClaims.budgetId, ids)).orderBy(ROWID).all(),
  );
  const projectRows = db
    .select()
    .from(t.projects)
    .where(inArray(t.projects.budgetId, ids))
    .orderBy(asc(t.projects.seq))
    .all();
  const projectIds = projectRows.map((p) => p.id);
  const amounts = db
    .select()
    .from(t.projectAmounts)
    .where(inArray(t.projectAmounts.projectId, projectIds))
    .all();
  const indicators = db
    .select()
    .from(t.performanceIndicators)
    .where(inArray(t.performanceIndicators.projectId, projectIds))
    .orderBy(ROWID)
    .all();
  const projects = byBudget(
    projectRows.map(({ id, ...p }): Project & { budgetId: number } => ({
      id,
      ...p,
      amounts: amounts
        .filter((a) => a.projectId === id)
        .map(({ fund, amount }) => ({ fund: fund as never, amount })),
      indicators: indicators.filter((i) => i.projectId === id).map(({ id: _, projectId: __, ...i }) => i),
    })),
  );

  for (const b of budgets) {
    const unit = units.get(b.unitCode)!;
    const department = departments.get(unit.parentCode ?? '');
    result.set(b.id, {
      source: b.source,
      title: b.title,
      publishedOn: b.publishedOn,
      year: b.year,
      stage: b.stage,
      department: { code: department?.code ?? '', name: department?.name ?? '' },
      unit: {
        code: unit.code,
        name: unit.name,
        nature: unit.nature,
        rank: unit.rank,
        staffingQuota: unit.staffingQuota,
        staffCount: unit.staffCount,
        internalDivisions: unit.internalDivisions ?? [],
        duties: unit.duties ?? [],
        formation: unit.formation,
      },
      declaredSubjects: declared(b.id),
      labels: labels(b.id) as Disclosure['labels'],
      incomes: incomes(b.id),
      functional: functional(b.id) as Disclosure['functional'],
      economic: economic(b.id) as Disclosure['economic'],
      basicItems: basicItems(b.id) as Disclosure['basicItems'],
      projects: projects(b.id),
      threePublic: threePublic(b.id) as Disclosure['threePublic'],
      operatingCosts: operatingCosts(b.id),
      priorYear: priorYear(b.id) as Disclosure['priorYear'],
      procurement: procurement(b.id) as Disclosure['procurement'],
      assets: assets(b.id),
      narrative: narrative(b.id),
    });
  }
  return result;
}

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
