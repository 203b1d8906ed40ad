import type { Statement } from 'better-sqlite3';
import {
  asc,
  type Column,
  eq,
  getTableColumns,
  getTableName,
  inArray,
  type SQL,
  sql,
  type Table,
} from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Disclosure, Project } from '../disclosure/facts.js';
import { isKeyOf, STAGES } from '../domain.js';
import type { Db } from './client.js';
import { FACT_KINDS, FLAT_FACT_KEYS, type FlatFactKey, type FlatFactRow, keyed } from './fact-kinds.js';
import { keptQuery } from './kept-query.js';
import * as t from './schema.js';

/**
 * The SQL that reads stored facts back, and the one function that assembles them into a
 * Disclosure. The synchronous loader (CLI, downloads) and the per-request DataLoaders (GraphQL)
 * both use these, so a fact is read and shaped in one place.
 */
export type UnitRow = typeof t.units.$inferSelect;
export type BudgetRow = typeof t.budgets.$inferSelect;

/**
 * A unit's identity as one string, region and code ("410800/122201"): a unit code is unique only
 * inside one region. Loaders, global ids and download paths use it; it is the same in every database.
 */
export type UnitKey = `${string}/${string}`;
export const unitKey = (u: { regionCode: string; code: string }): UnitKey => `${u.regionCode}/${u.code}`;
/** The key of a unit's department (same region), or null for a department. */
export const departmentKey = (u: { regionCode: string; parentCode: string | null }): UnitKey | null =>
  u.parentCode == null ? null : `${u.regionCode}/${u.parentCode}`;
export const budgetUnitKey = (b: { regionCode: string; unitCode: string }): UnitKey =>
  `${b.regionCode}/${b.unitCode}`;
export function parseUnitKey(key: string): { regionCode: string; code: string } | null {
  const m = /^([^/]*)\/([^/]+)$/.exec(key);
  return m ? { regionCode: m[1]!, code: m[2]! } : null;
}
/** A budget's identity: its unit's, year, stage and revision ("410800/122201/2024/budget/1"). */
export const budgetKey = (b: Pick<BudgetRow, 'regionCode' | 'unitCode' | 'year' | 'stage' | 'revision'>) =>
  `${b.regionCode}/${b.unitCode}/${b.year}/${b.stage}/${b.revision}`;
export function parseBudgetKey(
  key: string,
): Pick<BudgetRow, 'regionCode' | 'unitCode' | 'year' | 'stage' | 'revision'> | null {
  const m = /^([^/]*)\/([^/]+)\/(\d{4})\/([a-z]+)\/(\d+)$/.exec(key);
  if (!m || !isKeyOf(STAGES, m[4]!)) return null;
  return { regionCode: m[1]!, unitCode: m[2]!, year: Number(m[3]), stage: m[4], revision: Number(m[5]) };
}
export type BasicItemRow = typeof t.basicItems.$inferSelect;
export type IndicatorRow = typeof t.performanceIndicators.$inferSelect;
export type StoredProject = Project & { id: number; budgetId: number };
export type ProjectRow = Omit<StoredProject, 'indicators'>;

/**
 * Fact tables keyed by budget, each read with one statement for any number of budgets: a budget's
 * profile, and every kind of fact stored one row per item (FACT_KINDS; projects, which own rows
 * of other tables, are read with projectRows).
 */
export type FactTable = 'profile' | FlatFactKey;
export const FACT_TABLES: readonly FactTable[] = ['profile', ...FLAT_FACT_KEYS];
export type FactRow<K extends FactTable> = K extends FlatFactKey
  ? FlatFactRow<K>
  : typeof t.budgetProfiles.$inferSelect;
const tableOf = (name: FactTable): Table => (name === 'profile' ? t.budgetProfiles : FACT_KINDS[name].table);

/** Facts come back in the order they were written: the order of the source files. */
const ROWID = sql`rowid`;

/**
 * A fact table's rows for some budgets. The hottest read of every request: its statement is
 * written once per table and number of budgets and prepared once per connection, and rows are
 * mapped only where a column needs it (booleans, JSON), not through the query builder.
 */
export function factRows<K extends FactTable>(db: Db, table: K, budgetIds: readonly number[]): FactRow<K>[] {
  if (!budgetIds.length) return [];
  const statement = factStatement(db, table, budgetIds.length);
  const rows = statement.all(...budgetIds) as Record<string, unknown>[];
  const mapped = FACT_MAPPED[table];
  if (mapped.length)
    for (const row of rows)
      for (const [key, column] of mapped) row[key] = column.mapFromDriverValue(row[key]);
  return rows as FactRow<K>[];
}

const FACT_COLUMNS = keyed(FACT_TABLES, (name): Record<string, Column> => getTableColumns(tableOf(name)));
/** columns whose stored value is not the value (booleans, JSON) */
const FACT_MAPPED = keyed(FACT_TABLES, (name) =>
  Object.entries(FACT_COLUMNS[name]).filter(([, c]) => c.dataType === 'boolean' || c.dataType === 'json'),
);

const factStatements = new WeakMap<object, Map<string, Statement>>();
function factStatement(db: Db, table: FactTable, count: number): Statement {
  let known = factStatements.get(db.$client);
  if (!known) {
    known = new Map();
    factStatements.set(db.$client, known);
  }
  const key = `${table}:${count}`;
  let statement = known.get(key);
  if (!statement) {
    const columns = Object.entries(FACT_COLUMNS[table])
      .map(([key, c]) => `"${c.name}" as "${key}"`)
      .join(', ');
    const name = getTableName(tableOf(table));
    statement = db.$client.prepare(
      `select ${columns} from "${name}" where "budget_id" in (${Array(count).fill('?').join(', ')}) order by rowid`,
    );
    known.set(key, statement);
  }
  return statement;
}

/** Projects of some budgets with their amounts, in one joined statement. */
export function projectRows(db: Db, budgetIds: readonly number[]): ProjectRow[] {
  const rows = keptQuery(db, 'projectRows', budgetIds, (p) =>
    db
      .select({ project: t.projects, fund: t.projectAmounts.fund, amount: t.projectAmounts.amount })
      .from(t.projects)
      .leftJoin(t.projectAmounts, eq(t.projectAmounts.projectId, t.projects.id))
      .where(inArray(t.projects.budgetId, p))
      .orderBy(asc(t.projects.budgetId), asc(t.projects.seq), sql`${t.projectAmounts}.rowid`),
  );
  const byId = new Map<number, ProjectRow>();
  for (const { project, fund, amount } of rows) {
    let p = byId.get(project.id);
    if (!p) {
      p = { ...project, amounts: [] };
      byId.set(project.id, p);
    }
    if (fund !== null && amount !== null) p.amounts.push({ fund, amount });
  }
  return [...byId.values()];
}

export function indicatorRows(db: Db, projectIds: readonly number[]): IndicatorRow[] {
  return db
    .select()
    .from(t.performanceIndicators)
    .where(inArray(t.performanceIndicators.projectId, [...projectIds]))
    .orderBy(ROWID)
    .all();
}

/**
 * `(a, b, …) in (values (…), (…))`: rows whose columns equal one of the tuples, answered through
 * the index on those columns. The tuples must not be empty.
 */
export function tupleIn(columns: readonly SQLiteColumn[], tuples: readonly (readonly unknown[])[]): SQL {
  const row = (values: readonly unknown[]) =>
    sql`(${sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    )})`;
  return sql`(${sql.join([...columns], sql`, `)}) in (values ${sql.join(tuples.map(row), sql`, `)})`;
}

/** Rows grouped under the keys asked for, in key order (DataLoader's contract). */
export function groupBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const grouped = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = grouped.get(key);
    if (list) list.push(row);
    else grouped.set(key, [row]);
  }
  return keys.map((k) => grouped.get(k) ?? []);
}

const strip = <R extends { budgetId: number }>(rows: readonly R[]) =>
  rows.map(({ budgetId: _, ...rest }) => rest);

/** A budget's rows of every flat kind without the budget's id: the Disclosure's lists, typed as its rows. */
function factLists(facts: { [K in FactTable]: FactRow<K>[] }) {
  // keyed types every value alike: each is its kind's rows (strip keeps every other column)
  const rows = (key: FlatFactKey): readonly { budgetId: number }[] => facts[key];
  return keyed(FLAT_FACT_KEYS, (key) => strip(rows(key))) as {
    [K in FlatFactKey]: Omit<FlatFactRow<K>, 'budgetId'>[];
  };
}

/**
 * One budget's stored rows as a Disclosure: the unit and department as this revision stated them
 * (its profile: every budget has one, migration 0009 gave it to those stored before profiles).
 */
export function assembleDisclosure(parts: {
  budget: BudgetRow;
  facts: { [K in FactTable]: FactRow<K>[] };
  projects: ProjectRow[];
  indicators: (projectId: number) => IndicatorRow[];
}): Disclosure {
  const { budget: b, facts } = parts;
  const u = facts.profile[0];
  if (!u) throw new Error(`budget ${budgetKey(b)} has no profile: the database needs its migrations`);
  return {
    source: b.source,
    title: b.title,
    publishedOn: b.publishedOn,
    year: b.year,
    stage: b.stage,
    department: { code: u.departmentCode, name: u.departmentName },
    unit: {
      code: b.unitCode,
      name: u.unitName,
      regionCode: b.regionCode,
      nature: u.nature,
      rank: u.rank,
      staffingQuota: u.staffingQuota,
      staffCount: u.staffCount,
      internalDivisions: u.internalDivisions ?? [],
      duties: u.duties ?? [],
      formation: u.formation,
    },
    ...factLists(facts),
    projects: parts.projects.map(({ budgetId: _, ...p }) => ({
      ...p,
      indicators: parts.indicators(p.id).map(({ id: __, projectId: ___, ...rest }) => rest),
    })),
  };
}
