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
