import DataLoader from 'dataloader';
import { asc, inArray, sql } from 'drizzle-orm';
import type { Disclosure } from '../disclosure/facts.js';
import { regionAndBelow } from '../disclosure/regions.js';
import { SubjectCatalog } from '../disclosure/subjects.js';
import {
  DEFAULT_STAGE,
  type Stage,
  SUBJECT_CODE_LENGTHS,
  type SubjectScheme,
  subjectLevel,
} from '../domain.js';
import type { Db } from './client.js';
import { unitsByKey } from './disclosures.js';
import { keyed } from './fact-kinds.js';
import {
  assembleDisclosure,
  type BudgetRow,
  budgetKey,
  budgetUnitKey,
  departmentKey,
  FACT_TABLES,
  type FactRow,
  type FactTable,
  factRows,
  groupBy,
  type IndicatorRow,
  indicatorRows,
  type ProjectRow,
  parseBudgetKey,
  parseUnitKey,
  projectRows,
  tupleIn,
  type UnitRow,
  unitKey,
} from './facts.js';
import { keptQuery } from './kept-query.js';
import * as t from './schema.js';
import { BoundedMap } from './version.js';

export type RegionRow = typeof t.regions.$inferSelect;
export type { BasicItemRow, BudgetRow, IndicatorRow, ProjectRow, StoredProject, UnitRow } from './facts.js';

function one<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Loads nodes for node(id:)/nodes(ids:): a failed load is a missing node. */
export async function loadNodes<K, V>(
  loader: DataLoader<K, V | null>,
  keys: readonly K[],
): Promise<(V | null)[]> {
  return (await loader.loadMany(keys)).map((v) => (v instanceof Error ? null : v));
}

/**
 * Per-request batch loaders: each relation is fetched with one SQL statement for all the
 * parents a request asks about, however many there are. Built fresh for every request.
 */
/**
 * Results that belong to a data version, not to a request: sums across units. Made afresh
 * whenever the data changes (PerVersion), bounded in entries.
 */
export interface SharedResults {
  consolidated: BoundedMap<ConsolidatedKey, ConsolidatedFacts>;
  /** the code list, regions and years stored, read on first use */
  reference: { years?: number[]; regions?: RegionRow[]; catalog?: SubjectCatalog };
}

export function sharedResults(entries: number): SharedResults {
  return { consolidated: new BoundedMap(entries), reference: {} };
}

/** `shared` is asked for only when a request needs it (a request that sums nothing probes nothing). */
export function createLoaders(db: Db, shared: () => SharedResults = () => sharedResults(0)) {
  /** Facts of one table grouped by budget, in the order they were written. */
  const byBudget = <K extends FactTable>(table: K) =>
    new DataLoader<number, FactRow<K>[]>(async (ids) =>
      groupBy(ids, factRows(db, table, ids), (r) => (r as { budgetId: number }).budgetId),
    );

  /** Units by key (region/code, see unitKey). */
  const unit = new DataLoader<string, UnitRow | null>(async (keys) => {
    const found = unitsByKey(db, keys);
    return keys.map((k) => found.get(k) ?? null);
  });
  /** A department's units, by the department's key. */
  const unitsByParent = new DataLoader<string, UnitRow[]>(async (keys) => {
    const parents = keys.flatMap((k) => parseUnitKey(k) ?? []);
    const rows = parents.length
      ? db
          .select()
          .from(t.units)
          .where(
            tupleIn(
              [t.units.regionCode, t.units.parentCode],
              parents.map((p) => [p.regionCode, p.code]),
            ),
          )
          .orderBy(asc(t.units.code))
          .all()
      : [];
    for (const row of rows) unit.prime(unitKey(row), row);
    return groupBy(keys, rows, (u) => departmentKey(u)!);
  });
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
  /** Budgets by identity (budgetKey): what global ids name. */
  const budgetByKey = new DataLoader<string, BudgetRow | null>(async (keys) => {
    const wanted = keys.flatMap((k) => parseBudgetKey(k) ?? []);
    const rows = wanted.length
      ? db
          .select()
          .from(t.budgets)
          .where(
            tupleIn(
              [t.budgets.regionCode, t.budgets.unitCode, t.budgets.year, t.budgets.stage, t.budgets.revision],
              wanted.map((w) => [w.regionCode, w.unitCode, w.year, w.stage, w.revision]),
            ),
          )
          .all()
      : [];
    for (const row of rows) budget.prime(row.id, row);
    return one(keys, rows, budgetKey);
  });
  /** Every stored budget of a unit (by unit key), by year then revision. */
  const budgetsByUnit = new DataLoader<string, BudgetRow[]>(async (keys) => {
    const wanted = keys.flatMap((k) => parseUnitKey(k) ?? []);
    const rows = wanted.length
      ? keptQuery(
          db,
          'budgetsByUnit',
          wanted.flatMap((w) => [w.regionCode, w.code]),
          (p) =>
            db
              .select()
              .from(t.budgets)
              .where(
                tupleIn(
                  [t.budgets.regionCode, t.budgets.unitCode],
                  wanted.map((_, i) => [p[2 * i], p[2 * i + 1]]),
                ),
              )
              .orderBy(asc(t.budgets.year), asc(t.budgets.stage), asc(t.budgets.revision)),
        )
      : [];
    for (const row of rows) budget.prime(row.id, row);
    return groupBy(keys, rows, budgetUnitKey);
  });
  /** Reference data of the data version: read once per version, shared by every request. */
  type Reference = SharedResults['reference'];
  const perVersion = <N extends keyof Reference>(name: N, read: () => NonNullable<Reference[N]>) =>
    new DataLoader<'all', NonNullable<Reference[N]>>(async (keys) => {
      const known = shared().reference;
      const value = known[name] ?? read();
      known[name] = value;
      return keys.map(() => value);
    });
  const years = perVersion('years', () =>
    db
      .selectDistinct({ year: t.budgets.year })
      .from(t.budgets)
      .orderBy(asc(t.budgets.year))
      .all()
      .map((r) => r.year),
  );
  const regions = perVersion('regions', () => db.select().from(t.regions).orderBy(asc(t.regions.code)).all());
  const catalog = perVersion('catalog', () => new SubjectCatalog(db.select().from(t.subjects).all()));

  // keyed types every value alike: each is byBudget of its own table
  const facts = keyed(FACT_TABLES, byBudget) as { [K in FactTable]: DataLoader<number, FactRow<K>[]> };

  /** Codes of a scheme under which a budget has spending (the stored 项/款 and every parent), once per request. */
  const subjectCodes = new DataLoader<string, string[]>(async (keys) =>
    Promise.all(
      keys.map(async (key) => {
        const [id, scheme] = key.split(':') as [string, SubjectScheme];
        const leaves =
          scheme === 'functional'
            ? (await facts.functional.load(Number(id))).map((f) => f.subjectCode)
            : (await facts.economic.load(Number(id))).map((e) =>
                scheme === 'economicDepartment' ? e.departmentCode : e.governmentCode,
              );
        const codes = new Set<string>();
        for (const code of leaves) {
          for (let level = subjectLevel(code); level >= 1; level--)
            codes.add(code.slice(0, SUBJECT_CODE_LENGTHS[level - 1]));
        }
        return [...codes].sort();
      }),
    ),
  );

  /** Projects with their amounts (one joined statement); indicators load separately. */
  const projects = new DataLoader<number, ProjectRow[]>(async (ids) =>
    groupBy(ids, projectRows(db, ids), (p) => p.budgetId),
  );
  const project = new DataLoader<number, ProjectRow | null>(async (ids) => {
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
    groupBy(ids, indicatorRows(db, ids), (i) => i.projectId),
  );
  /** A whole disclosure, assembled from the relation loaders above (no statements of its own). */
  const disclosure = new DataLoader<number, Disclosure | null>(async (ids) =>
    Promise.all(
      ids.map(async (id) => {
        const b = await budget.load(id);
        if (!b) return null;
        const projectList = await projects.load(id);
        const indicatorLists = await indicatorsByProject.loadMany(projectList.map((p) => p.id));
        const factsOfBudget = Object.fromEntries(
          await Promise.all(FACT_TABLES.map(async (table) => [table, await facts[table].load(id)] as const)),
        ) as { [K in FactTable]: FactRow<K>[] };
        return assembleDisclosure({
          budget: b,
          facts: factsOfBudget,
          projects: projectList,
          indicators: (projectId) => {
            const list = indicatorLists[projectList.findIndex((p) => p.id === projectId)];
            return !list || list instanceof Error ? [] : list;
          },
        });
      }),
    ),
  );

  return {
    consolidated: consolidatedLoader(db, () => shared().consolidated),
    regions,
    years,
    unit,
    unitsByParent,
    budget,
    budgetByKey,
    budgetsByUnit,
    catalog,
    ...facts,
    projects,
    subjectCodes,
    project,
    indicatorsByProject,
    disclosure,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * Which units a consolidated budget adds up: a department's (by its key, region/code), a
 * region's (and its regions'), or every unit's; their latest budgets of a year and stage.
 */
export type ConsolidatedScope = 'department' | 'region' | 'all';
export type ConsolidatedKey = `${ConsolidatedScope}:${string}:${number}:${Stage}`;
export const consolidatedKey = (
  scope: ConsolidatedScope,
  code: string,
  year: number,
  stage: Stage = DEFAULT_STAGE,
): ConsolidatedKey => `${scope}:${code}:${year}:${stage}`;
export function parseConsolidatedKey(key: ConsolidatedKey) {
  const [scope, code, year, stage] = key.split(':') as [ConsolidatedScope, string, string, Stage];
  return { scope, code, year: Number(year), stage };
}

/** A consolidated budget's facts, summed in SQL over its units' latest budgets of the year. */
export interface ConsolidatedFacts {
  unitCount: number;
  functional: { subjectCode: string; category: string; fund: string; amount: number }[];
  threePublic: { item: string; amount: number }[];
  operatingCosts: number;
}

type Scoped = { department: string; region: string; year: number; stage: Stage };

/**
 * Sums across units in SQL, four grouped statements for every consolidated budget a request asks
 * about: the work is bounded by the subjects × categories × funds there are, not by the units.
 */
function consolidatedLoader(db: Db, shared: () => BoundedMap<ConsolidatedKey, ConsolidatedFacts>) {
  const summed = consolidatedSums(db);
  return new DataLoader<ConsolidatedKey, ConsolidatedFacts>(async (keys) => {
    const known = shared();
    const found = new Map(keys.map((k) => [k, known.get(k)]));
    const missing = keys.filter((k) => found.get(k) === undefined);
    if (missing.length) {
      const sums = await summed(missing);
      missing.forEach((k, i) => {
        found.set(k, sums[i]);
        known.set(k, sums[i]!);
      });
    }
    return keys.map((k) => found.get(k)!);
  });
}

function consolidatedSums(db: Db) {
  return async (keys: readonly ConsolidatedKey[]): Promise<ConsolidatedFacts[]> => {
    const needsRegions = keys.some((k) => k.startsWith('region:'));
    const all = needsRegions ? db.select().from(t.regions).all() : [];
    const wanted = keys.map((key) => {
      const { scope, code, year, stage } = parseConsolidatedKey(key);
      const regions = scope === 'region' ? regionAndBelow(all, code) : [];
      const when = sql`l.year = ${year} and l.stage = ${stage}`;
      const condition =
        scope === 'department'
          ? sql`(l.department = ${code} and ${when})`
          : scope === 'region'
            ? sql`(l.region in (${sql.join(
                regions.map((r) => sql`${r}`),
                sql`, `,
              )}) and ${when})`
            : sql`(${when})`;
      const mine = (r: Scoped) =>
        r.year === year &&
        r.stage === stage &&
        (scope === 'all' || (scope === 'department' ? r.department === code : regions.includes(r.region)));
      return { mine, condition };
    });
    // each unit's latest revision of each year and stage, with what it counts under
    const latest = sql`(select b.id as budget_id, b.year as year, b.stage as stage,
        u.region_code || '/' || coalesce(u.parent_code, '') as department, u.region_code as region
      from budgets b join units u on u.region_code = b.region_code and u.code = b.unit_code
      where b.revision = (select max(x.revision) from budgets x
        where x.region_code = b.region_code and x.unit_code = b.unit_code and x.year = b.year
          and x.stage = b.stage))`;
    const where = sql.join(
      wanted.map((w) => w.condition),
      sql` or `,
    );
    const units = db.all<Scoped & { n: number }>(
      sql`select l.department, l.region, l.year, l.stage, count(*) as n from ${latest} l where ${where}
        group by l.department, l.region, l.year, l.stage`,
    );
    const functional = db.all<
      Scoped & { subjectCode: string; category: string; fund: string; amount: number }
    >(
      sql`select l.department, l.region, l.year, l.stage, f.subject_code as subjectCode, f.category, f.fund, sum(f.amount) as amount
        from functional_expenditures f join ${latest} l on l.budget_id = f.budget_id where ${where}
        group by l.department, l.region, l.year, l.stage, f.subject_code, f.category, f.fund
        order by f.subject_code, f.category, f.fund`,
    );
    const threePublic = db.all<Scoped & { item: string; amount: number }>(
      sql`select l.department, l.region, l.year, l.stage, c.item, sum(c.amount) as amount
        from three_public_costs c join ${latest} l on l.budget_id = c.budget_id where ${where}
        group by l.department, l.region, l.year, l.stage, c.item`,
    );
    const operating = db.all<Scoped & { amount: number }>(
      sql`select l.department, l.region, l.year, l.stage, sum(c.amount) as amount
        from operating_costs c join ${latest} l on l.budget_id = c.budget_id where ${where}
        group by l.department, l.region, l.year, l.stage`,
    );
    return wanted.map(({ mine }) => {
      const sumBy = <T extends Scoped & { amount: number }>(rows: T[], keyOf: (r: T) => string) => {
        const out = new Map<string, T>();
        for (const r of rows.filter(mine)) {
          const k = keyOf(r);
          const known = out.get(k);
          if (known) known.amount += r.amount;
          else out.set(k, { ...r });
        }
        return [...out.values()];
      };
      return {
        unitCount: units.filter(mine).reduce((n, r) => n + r.n, 0),
        functional: sumBy(functional, (r) => `${r.subjectCode}/${r.category}/${r.fund}`).map(
          ({ subjectCode, category, fund, amount }) => ({ subjectCode, category, fund, amount }),
        ),
        threePublic: sumBy(threePublic, (r) => r.item).map(({ item, amount }) => ({ item, amount })),
        operatingCosts: operating.filter(mine).reduce((n, r) => n + r.amount, 0),
      };
    });
  };
}
