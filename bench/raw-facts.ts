import Database from 'better-sqlite3';
import type { Disclosure } from '../src/disclosure/facts.js';

/**
 * What storing facts costs at least: the facts of some disclosures written as plain prepared
 * INSERTs (one row per fact, the same columns) into a table of their own, in one transaction.
 * Returns the rows written. Both benchmarks compare the import with it.
 */
export function insertRawFacts(connection: Database.Database, disclosures: readonly Disclosure[]): number {
  connection.exec(
    'create table if not exists raw_facts (budget integer, kind text, a text, b text, c text, d text, amount integer)',
  );
  const insert = connection.prepare('insert into raw_facts values (?, ?, ?, ?, ?, ?, ?)');
  return connection.transaction(() => {
    let rows = 0;
    const row = (...values: unknown[]) => {
      insert.run(...values);
      rows++;
    };
    disclosures.forEach((d, budget) => {
      for (const f of d.functional) row(budget, 'f', f.subjectCode, f.category, f.fund, null, f.amount);
      for (const e of d.economic)
        row(budget, 'e', e.departmentCode, e.governmentCode, e.group, e.fund, e.amount);
      for (const i of d.basicItems) row(budget, 'b', i.name, i.type, i.fund, null, i.amount);
      for (const i of d.incomes) row(budget, 'i', i.source, null, null, null, i.amount);
      for (const p of d.projects) {
        row(budget, 'p', p.code, p.name, p.category, p.functionalSubjectCode, 0);
        for (const a of p.amounts) row(budget, 'pa', p.code, a.fund, null, null, a.amount);
        for (const x of p.indicators) row(budget, 'pi', p.code, x.kind, x.name, x.value, x.seq);
      }
      for (const c of d.threePublic) row(budget, 't', c.item, null, null, null, c.amount);
      for (const c of d.operatingCosts) row(budget, 'o', c.departmentCode, null, null, null, c.amount);
      for (const c of d.priorYear) row(budget, 'y', c.metric, c.entity, null, null, c.amount);
    });
    return rows;
  })();
}

/** The rows one import wrote for one document, table by table, in the order they were written. */
export type DocumentRows = { table: string; values: unknown[][] }[];

/** The tables the import writes a document's rows to, with their columns, as storedRows reads them. */
export type StoredTables = Map<string, string[]>;

/** Which budgets storedRows reads: those after an id (the ones a fresh database did not have), or these ids. */
export type StoredBudgets = { after: number } | { ids: readonly number[] };

/**
 * The tables that hold a budget's rows, found from the schema (columns, foreign keys): units,
 * budgets, every table with a budget_id, and every table that refers to one of those (a
 * project's amounts and indicators), in the order the import writes them, each with the clause
 * that selects one budget's rows (units: its unit and department, by region, unit, department).
 */
function budgetParts(db: Database.Database) {
  const names = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .pluck()
    .all() as string[];
  const columns = (table: string) =>
    (db.prepare(`pragma table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
  const owned = names.filter((t) => t !== 'budgets' && columns(t).includes('budget_id'));
  const parts = [
    { table: 'units', where: 'region_code = ? and code in (?, ?)', order: 'kind' },
    { table: 'budgets', where: 'id = ?', order: 'rowid' },
    ...owned.map((t) => ({ table: t, where: 'budget_id = ?', order: 'rowid' })),
    ...names.flatMap((t) =>
      (db.prepare(`pragma foreign_key_list("${t}")`).all() as { table: string; from: string; to: string }[])
        .filter((k) => owned.includes(k.table))
        .map((k) => ({
          table: t,
          where: `"${k.from}" in (select "${k.to}" from "${k.table}" where budget_id = ?)`,
          order: 'rowid',
        })),
    ),
  ];
  return { parts, tables: new Map(parts.map((p) => [p.table, columns(p.table)])) as StoredTables };
}

/**
 * Every row the import stored for each of some budgets, read back from its database, table by
 * table in the order the import writes them (budgetParts).
 */
export function storedRows(
  file: string,
  which: StoredBudgets,
): { tables: StoredTables; documents: DocumentRows[] } {
  const db = new Database(file, { readonly: true });
  try {
    const { parts, tables } = budgetParts(db);
    const statements = parts.map((p) => ({
      table: p.table,
      statement: db.prepare(`select * from "${p.table}" where ${p.where} order by ${p.order}`).raw(true),
    }));
    const budget = db
      .prepare(
        'select b.id, b.region_code, b.unit_code, u.parent_code from budgets b join units u on u.region_code = b.region_code and u.code = b.unit_code where b.id = ?',
      )
      .raw(true);
    const ids =
      'ids' in which
        ? which.ids
        : (db
            .prepare('select id from budgets where id > ? order by id')
            .pluck()
            .all(which.after) as number[]);
    const documents = ids.map((id) => {
      const [, region, unit, department] = budget.get(id) as [number, string, string, string];
      return statements.map(({ table, statement }) => ({
        table,
        // the department (kind 'department') sorts before its unit, as the import writes them
        values: (table === 'units'
          ? statement.all(region, unit, department)
          : statement.all(id)) as unknown[][],
      }));
    });
    return { tables, documents };
  } finally {
    db.close();
  }
}

/**
 * Deletes the rows of some budgets (every table budgetParts finds, children first) from a copy
 * of the import's database, in one transaction, so that insertStoredRows can write them again
 * into a database of the size the import wrote them into. Unit and department rows stay (other
 * budgets share them); insertStoredRows leaves them as they are.
 */
export function deleteStoredRows(connection: Database.Database, ids: readonly number[]): void {
  const { parts } = budgetParts(connection);
  const deletes = parts
    .filter((p) => p.table !== 'units')
    .reverse()
    .map((p) => connection.prepare(`delete from "${p.table}" where ${p.where}`));
  connection.transaction(() => {
    for (const id of ids) for (const statement of deletes) statement.run(id);
  })();
}

/**
 * What storing the import's own rows costs at least: the rows storedRows read back, written again
 * by plain prepared INSERTs into a database of the same schema (its indexes and triggers), one
 * transaction per document as the import writes them, with the import session's settings. A
 * department's row, which many documents share, is inserted once (`or ignore`), as the import's
 * upsert leaves it (and a unit's row that is already there, as deleteStoredRows leaves it). Returns
 * the rows written.
 */
export function insertStoredRows(
  connection: Database.Database,
  { tables, documents }: { tables: StoredTables; documents: readonly DocumentRows[] },
): number {
  const statements = new Map(
    [...tables].map(([table, keys]) => [
      table,
      connection.prepare(
        `insert ${table === 'units' ? 'or ignore ' : ''}into "${table}" (${keys.map((k) => `"${k}"`).join(', ')}) values (${keys.map(() => '?').join(', ')})`,
      ),
    ]),
  );
  let rows = 0;
  const write = connection.transaction((document: DocumentRows) => {
    for (const { table, values } of document) {
      const statement = statements.get(table)!;
      for (const row of values) statement.run(row);
      rows += values.length;
    }
  });
  for (const document of documents) write.immediate(document);
  return rows;
}

/**
 * The rows facts.csv draws from, for a year's latest budgets, iterated raw: what reading them
 * costs at least. The same tables and filters as src/opendata/facts.ts, without names or encoding.
 */
export function rawFactIteration(file: string, year: number): { rows: number; seconds: number } {
  const db = new Database(file, { readonly: true });
  try {
    const start = performance.now();
    db.exec(`create temp table latest as
      select id from budgets b where year = ${year} and stage = 'budget' and revision =
        (select max(revision) from budgets o where o.region_code = b.region_code and o.unit_code = b.unit_code
           and o.year = b.year and o.stage = b.stage)`);
    const queries = [
      'select * from incomes where budget_id in (select id from latest)',
      "select * from functional_expenditures f left join subjects s on s.scheme = 'functional' and s.code = f.subject_code where budget_id in (select id from latest)",
      'select * from economic_expenditures where budget_id in (select id from latest)',
      'select * from basic_items where budget_id in (select id from latest)',
      'select * from project_amounts a join projects p on p.id = a.project_id where p.budget_id in (select id from latest)',
      'select * from three_public_costs where budget_id in (select id from latest)',
      'select * from operating_costs where budget_id in (select id from latest)',
      'select * from procurements where budget_id in (select id from latest)',
      'select * from prior_year_figures where budget_id in (select id from latest)',
      'select * from assets where budget_id in (select id from latest) and amount is not null',
    ];
    let rows = 0;
    for (const sql of queries) for (const _ of db.prepare(sql).raw(true).iterate()) rows++;
    return { rows, seconds: (performance.now() - start) / 1000 };
  } finally {
    db.close();
  }
}
