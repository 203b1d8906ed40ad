import DataLoader from 'dataloader';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import * as t from '../db/schema.js';
import type { Disclosure, PerformanceIndicator, Project } from '../disclosure/facts.js';
import { SubjectCatalog } from '../disclosure/subjects.js';

export type UnitRow = typeof t.units.$inferSelect;
export type BudgetRow = typeof t.budgets.$inferSelect;
export type BasicItemRow = typeof t.basicItems.$inferSelect;
export type IndicatorRow = typeof t.performanceIndicators.$inferSelect;
export type StoredProject = Project & { id: number; budgetId: number };

const ROWID = sql`rowid`;

function group<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const grouped = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = grouped.get(key);
    if (list) list.push(row);
    else grouped.set(key, [row]);
  }
  return keys.map((k) => grouped.get(k) ?? []);
}

function one<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/**
 * Per-request batch loaders: each relation is fetched with one SQL statement for all the
 * parents a request asks about, however many there are. Built fresh for every request.
 */
/** Loads nodes for node(id:)/nodes(ids:): a failed load is a missing node. */
export async function loadNodes<K, V>(
  loader: DataLoader<K, V | null>,
  keys: readonly K[],
): Promise<(V | null)[]> {
  return (await loader.loadMany(keys)).map((v) => (v instanceof Error ? null : v));
}

export function createLoaders(db: Db) {
  /** Facts of one table grouped by budget, in the order they were written. */
  const byBudget = <T extends SQLiteTable & { budgetId: SQLiteColumn }>(table: T) =>
    new DataLoader<number, T['$inferSelect'][]>(async (ids) =>
      group(
        ids,
        db
          .select()
          .from(table as SQLiteTable)
          .where(inArray(table.budgetId, [...ids]))
          .orderBy(ROWID)
          .all() as T['$inferSelect'][],
        (r) => (r as { budgetId: number }).budgetId,
      ),
    );

  const unit = new DataLoader<string, UnitRow | null>(async (codes) =>
    one(
      codes,
      db
        .select()
        .from(t.units)
        .where(inArray(t.units.code, [...codes]))
        .all(),
      (u) => u.code,
    ),
  );
  const unitsByParent = new DataLoader<string, UnitRow[]>(async (codes) =>
    group(
      codes,
      db
        .select()
        .from(t.units)
        .where(inArray(t.units.parentCode, [...codes]))
        .orderBy(asc(t.units.code))
        .all(),
      (u) => u.parentCode!,
    ),
  );
  const budget = new DataLoader<number, BudgetRow | null>(async (ids) =>
    one(
      ids,
      db
        .select()
        .from(t.budgets)
        .where(inArray(t.budgets.id, [...ids]))
        .all(),
      (b) => b.id,
    ),
  );
  const budgetsByUnit = new DataLoader<string, BudgetRow[]>(async (codes) => {
    const rows = db
      .select()
      .from(t.budgets)
      .where(inArray(t.budgets.unitCode, [...codes]))
      .orderBy(asc(t.budgets.year), asc(t.budgets.revision))
      .all();
    for (const row of rows) budget.prime(row.id, row);
    return group(codes, rows, (b) => b.unitCode);
  });
  const catalog = new DataLoader<'all', SubjectCatalog>(async (keys) => {
    const catalogOfAll = new SubjectCatalog(db.select().from(t.subjects).all());
    return keys.map(() => catalogOfAll);
  });

  const functional = byBudget(t.functionalExpenditures);
  const economic = byBudget(t.economicExpenditures);
  const basicItems = byBudget(t.basicItems);
  const incomes = byBudget(t.incomes);
  const threePublic = byBudget(t.threePublicCosts);
  const operatingCosts = byBudget(t.operatingCosts);
  const priorYear = byBudget(t.priorYearFigures);
  const labels = byBudget(t.subjectLabels);
  const declaredSubjects = byBudget(t.declaredSubjects);
  const procurement = byBudget(t.procurements);
  const assets = byBudget(t.assets);
  const narrative = byBudget(t.narrativeClaims);

  /** Projects with their amounts (one joined statement); indicators load separately. */
  const projects = new DataLoader<number, Omit<StoredProject, 'indicators'>[]>(async (ids) => {
    const rows = db
      .select({ project: t.projects, fund: t.projectAmounts.fund, amount: t.projectAmounts.amount })
      .from(t.projects)
      .leftJoin(t.projectAmounts, eq(t.projectAmounts.projectId, t.projects.id))
      .where(inArray(t.projects.budgetId, [...ids]))
      .orderBy(asc(t.projects.budgetId), asc(t.projects.seq), sql`${t.projectAmounts}.rowid`)
      .all();
    const byId = new Map<number, Omit<StoredProject, 'indicators'>>();
    for (const { project, fund, amount } of rows) {
      let p = byId.get(project.id);
      if (!p) {
        p = { ...project, amounts: [] };
        byId.set(project.id, p);
      }
      if (fund !== null && amount !== null) p.amounts.push({ fund: fund as never, amount });
    }
    return group(ids, [...byId.values()], (p) => p.budgetId);
  });
  const project = new DataLoader<number, Omit<StoredProject, 'indicators'> | null>(async (ids) => {
    const rows = db
      .select({ budgetId: t.projects.budgetId, id: t.projects.id })
      .from(t.projects)
      .where(inArray(t.projects.id, [...ids]))
      .all();
    const lists = await projects.loadMany([...new Set(rows.map((r) => r.budgetId))]);
    const all = lists.flatMap((l) => (l instanceof Error ? [] : l));
    return one(ids, all, (p) => p.id);
  });
  const indicatorsByProject = new DataLoader<number, IndicatorRow[]>(async (ids) =>
    group(
      ids,
      db
        .select()
        .from(t.performanceIndicators)
        .where(inArray(t.performanceIndicators.projectId, [...ids]))
        .orderBy(ROWID)
        .all(),
      (i) => i.projectId,
    ),
  );
  const indicator = new DataLoader<number, IndicatorRow | null>(async (ids) =>
    one(
      ids,
      db
        .select()
        .from(t.performanceIndicators)
        .where(inArray(t.performanceIndicators.id, [...ids]))
        .all(),
      (i) => i.id,
    ),
  );
  const basicItem = new DataLoader<number, BasicItemRow | null>(async (ids) =>
    one(
      ids,
      db
        .select()
        .from(t.basicItems)
        .where(inArray(t.basicItems.id, [...ids]))
        .all(),
      (i) => i.id,
    ),
  );

  /** A whole disclosure, assembled from the relation loaders above (no statements of its own). */
  const disclosure = new DataLoader<number, Disclosure | null>(async (ids) =>
    Promise.all(
      ids.map(async (id) => {
        const b = await budget.load(id);
        if (!b) return null;
        const u = (await unit.load(b.unitCode))!;
        const department = u.parentCode ? await unit.load(u.parentCode) : null;
        const projectList = await projects.load(id);
        const indicatorLists = await indicatorsByProject.loadMany(projectList.map((p) => p.id));
        const strip = <R extends { budgetId: number }>(rows: R[]) =>
          rows.map(({ budgetId: _, ...rest }) => rest);
        return {
          source: b.source,
          title: b.title,
          publishedOn: b.publishedOn,
          year: b.year,
          stage: b.stage,
          department: { code: department?.code ?? '', name: department?.name ?? '' },
          unit: {
            code: u.code,
            name: u.name,
            nature: u.nature,
            rank: u.rank,
            staffingQuota: u.staffingQuota,
            staffCount: u.staffCount,
            internalDivisions: u.internalDivisions ?? [],
            duties: u.duties ?? [],
            formation: u.formation,
          },
          declaredSubjects: strip(await declaredSubjects.load(id)),
          labels: strip(await labels.load(id)),
          incomes: strip(await incomes.load(id)),
          functional: strip(await functional.load(id)),
          economic: strip(await economic.load(id)),
          basicItems: strip(await basicItems.load(id)),
          projects: projectList.map(({ budgetId: _, ...p }, i) => {
            const list = indicatorLists[i] ?? [];
            const indicators: PerformanceIndicator[] = (list instanceof Error ? [] : list).map(
              ({ id: __, projectId: ___, ...rest }) => rest,
            );
            return { ...p, indicators };
          }),
          threePublic: strip(await threePublic.load(id)),
          operatingCosts: strip(await operatingCosts.load(id)),
          priorYear: strip(await priorYear.load(id)),
          procurement: strip(await procurement.load(id)),
          assets: strip(await assets.load(id)),
          narrative: strip(await narrative.load(id)),
        } as Disclosure;
      }),
    ),
  );

  return {
    unit,
    unitsByParent,
    budget,
    budgetsByUnit,
    catalog,
    functional,
    economic,
    basicItems,
    basicItem,
    incomes,
    threePublic,
    operatingCosts,
    priorYear,
    labels,
    procurement,
    assets,
    narrative,
    projects,
    project,
    indicatorsByProject,
    indicator,
    disclosure,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
