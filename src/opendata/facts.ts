import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import * as t from '../db/schema.js';
import {
  CATEGORIES,
  CATEGORY_GROUPS,
  type Category,
  type CategoryGroup,
  fundLabel,
  INCOME_OF_WHICH,
  isFundKey,
  isKeyOf,
  PRIOR_YEAR_METRICS,
  PROCUREMENT_KINDS,
  STAGES,
  type SubjectScheme,
  THREE_PUBLIC_ITEMS,
} from '../domain.js';
import { formatWan, type Yuan } from '../money.js';
import type { PublishedBudget } from './budgets.js';
import { BOM, csvRecords, neutraliseFormula } from './csv.js';
import { utf8 } from './http.js';
import { FORMAT_VERSION } from './settings.js';

/**
 * facts.csv: every fact of a year's budgets, one row each, with every dimension as code and
 * name — the long format analysts load into pandas or R. Rows are pulled from SQLite as the
 * client reads (statement.iterate()), so memory stays flat however many facts there are.
 */
export const FACT_COLUMNS = [
  'year',
  'stage',
  'stage_name',
  'revision',
  'department_code',
  'department_name',
  'unit_code',
  'unit_name',
  'fact',
  'fact_name',
  'functional_subject_code',
  'functional_subject_name',
  'economic_department_code',
  'economic_department_name',
  'economic_government_code',
  'economic_government_name',
  'category',
  'category_name',
  'category_group',
  'category_group_name',
  'fund',
  'fund_name',
  'item_code',
  'item_name',
  'amount_wan',
] as const;
type FactColumn = (typeof FACT_COLUMNS)[number];

/** The kinds of fact, in file order. They are views of one budget: filter by `fact` before adding up. */
export const FACT_KINDS = {
  income: '收入',
  income_of_which: '收入（其中数，已含在上级收入中）',
  functional_expenditure: '支出（功能分类科目 × 支出类别 × 资金来源）',
  economic_expenditure: '支出（部门/政府经济分类科目 × 经费类别 × 资金来源）',
  basic_item: '基本支出明细',
  project: '项目支出',
  three_public_cost: '“三公”经费',
  operating_cost: '机关（机构）运行经费',
  procurement: '政府采购预算',
  prior_year_figure: '上年数（说明中所述）',
  asset: '国有资产（上年期末价值）',
} as const;
type FactKind = keyof typeof FACT_KINDS;

interface Fact {
  budgetId: number;
  fact: FactKind;
  amount: Yuan;
  dimensions: Partial<Record<FactColumn, string | null>>;
}

/** A Drizzle query run lazily: rows come from statement.iterate(), one at a time, as objects. */
function* lazyRows<R>(
  connection: Database.Database,
  query: { toSQL(): { sql: string; params: unknown[] }; all(): R[] },
  keys: readonly (keyof R)[],
): Generator<R> {
  const { sql: source, params } = query.toSQL();
  for (const values of connection
    .prepare(source)
    .raw(true)
    .iterate(...params) as Iterable<unknown[]>) {
    const row = {} as R;
    keys.forEach((key, i) => {
      row[key] = values[i] as R[keyof R];
    });
    yield row;
  }
}

function select<F extends Record<string, unknown>>(fields: F) {
  return { fields, keys: Object.keys(fields) as (keyof F)[] };
}

const category = (key: Category | null) =>
  key ? { category: key, category_name: CATEGORIES[key].label, ...categoryGroup(CATEGORIES[key].group) } : {};
/** a group, or blank where the document does not say whether the amount is basic or project spending */
const categoryGroup = (key: CategoryGroup | null) =>
  key ? { category_group: key, category_group_name: CATEGORY_GROUPS[key].label } : {};
/** a fund key: one fund, or several joined by + where the document does not split the amount */
const fund = (key: string) => ({ fund: key, fund_name: isFundKey(key) ? fundLabel(key) : '' });

/** Every fact of the budgets, kind after kind, each kind in the order it was imported. */
function* factsOf(db: Db, connection: Database.Database, budgetIds: number[]): Generator<Fact> {
  const functionalSubject = alias(t.subjects, 'functional_subject');
  const departmentSubject = alias(t.subjects, 'department_subject');
  const governmentSubject = alias(t.subjects, 'government_subject');
  const subjectJoin = (
    subject: { scheme: SQLiteColumn; code: SQLiteColumn },
    scheme: SubjectScheme,
    code: SQLiteColumn,
  ) => and(eq(subject.scheme, scheme), eq(subject.code, code));

  const incomes = select({
    budgetId: t.incomes.budgetId,
    source: t.incomes.source,
    amount: t.incomes.amount,
  });
  for (const r of lazyRows(
    connection,
    db
      .select(incomes.fields)
      .from(t.incomes)
      .where(inArray(t.incomes.budgetId, budgetIds))
      .orderBy(sql`rowid`),
    incomes.keys,
  )) {
    const ofWhich = isKeyOf(INCOME_OF_WHICH, r.source) ? INCOME_OF_WHICH[r.source] : undefined;
    yield ofWhich
      ? {
          budgetId: r.budgetId,
          fact: 'income_of_which',
          amount: r.amount,
          dimensions: { ...fund(ofWhich.parent), item_code: r.source, item_name: ofWhich.label },
        }
      : { budgetId: r.budgetId, fact: 'income', amount: r.amount, dimensions: fund(r.source) };
  }

  const f = t.functionalExpenditures;
  const functional = select({
    budgetId: f.budgetId,
    code: f.subjectCode,
    name: functionalSubject.name,
    category: f.category,
    fund: f.fund,
    amount: f.amount,
  });
  for (const r of lazyRows(
    connection,
    db
      .select(functional.fields)
      .from(f)
      .leftJoin(functionalSubject, subjectJoin(functionalSubject, 'functional', f.subjectCode))
      .where(inArray(f.budgetId, budgetIds))
      .orderBy(sql`${f}.rowid`),
    functional.keys,
  )) {
    yield {
      budgetId: r.budgetId,
      fact: 'functional_expenditure',
      amount: r.amount,
      dimensions: {
        functional_subject_code: r.code,
        functional_subject_name: r.name,
        ...category(isKeyOf(CATEGORIES, r.category) ? r.category : null),
        ...fund(r.fund),
      },
    };
  }

  const e = t.economicExpenditures;
  const economic = select({
    budgetId: e.budgetId,
    departmentCode: e.departmentCode,
    departmentName: departmentSubject.name,
    governmentCode: e.governmentCode,
    governmentName: governmentSubject.name,
    group: e.group,
    fund: e.fund,
    amount: e.amount,
  });
  for (const r of lazyRows(
    connection,
    db
      .select(economic.fields)
      .from(e)
      .leftJoin(departmentSubject, subjectJoin(departmentSubject, 'economicDepartment', e.departmentCode))
      .leftJoin(governmentSubject, subjectJoin(governmentSubject, 'economicGovernment', e.governmentCode))
      .where(inArray(e.budgetId, budgetIds))
      .orderBy(sql`${e}.rowid`),
    economic.keys,
  )) {
    yield {
      budgetId: r.budgetId,
      fact: 'economic_expenditure',
      amount: r.amount,
      dimensions: {
        economic_department_code: r.departmentCode,
        economic_department_name: r.departmentName,
        economic_government_code: r.governmentCode,
        economic_government_name: r.governmentName,
        ...categoryGroup(r.group),
        ...fund(r.fund),
      },
    };
  }

  const b = t.basicItems;
  const basic = select({ budgetId: b.budgetId, type: b.type, name: b.name, fund: b.fund, amount: b.amount });
  for (const r of lazyRows(
    connection,
    db
      .select(basic.fields)
      .from(b)
      .where(inArray(b.budgetId, budgetIds))
      .orderBy(asc(b.budgetId), asc(b.seq)),
    basic.keys,
  )) {
    yield {
      budgetId: r.budgetId,
      fact: 'basic_item',
      amount: r.amount,
      dimensions: {
        ...categoryGroup(r.type),
        item_name: r.name,
        ...fund(r.fund),
      },
    };
  }

  const p = t.projects;
  const a = t.projectAmounts;
  const project = select({
    budgetId: p.budgetId,
    code: p.code,
    name: p.name,
    category: p.category,
    subjectCode: p.functionalSubjectCode,
    subjectName: functionalSubject.name,
    fund: a.fund,
    amount: a.amount,
  });
  for (const r of lazyRows(
    connection,
    db
      .select(project.fields)
      .from(a)
      .innerJoin(p, eq(p.id, a.projectId))
      .leftJoin(functionalSubject, subjectJoin(functionalSubject, 'functional', p.functionalSubjectCode))
      .where(inArray(p.budgetId, budgetIds))
      .orderBy(asc(p.budgetId), asc(p.seq), sql`${a}.rowid`),
    project.keys,
  )) {
    yield {
      budgetId: r.budgetId,
      fact: 'project',
      amount: r.amount,
      dimensions: {
        functional_subject_code: r.subjectCode,
        functional_subject_name: r.subjectName,
        ...category(r.category),
        ...fund(r.fund),
        item_code: r.code,
        item_name: r.name,
      },
    };
  }

  const c = t.threePublicCosts;
  const threePublic = select({ budgetId: c.budgetId, item: c.item, amount: c.amount });
  for (const r of lazyRows(
    connection,
    db.select(threePublic.fields).from(c).where(inArray(c.budgetId, budgetIds)).orderBy(sql`rowid`),
    threePublic.keys,
  )) {
    const label = isKeyOf(THREE_PUBLIC_ITEMS, r.item) ? THREE_PUBLIC_ITEMS[r.item].label : '';
    yield {
      budgetId: r.budgetId,
      fact: 'three_public_cost',
      amount: r.amount,
      dimensions: { item_code: r.item, item_name: label },
    };
  }

  const o = t.operatingCosts;
  const operating = select({
    budgetId: o.budgetId,
    code: o.departmentCode,
    name: departmentSubject.name,
    amount: o.amount,
  });
  for (const r of lazyRows(
    connection,
    db
      .select(operating.fields)
      .from(o)
      .leftJoin(departmentSubject, subjectJoin(departmentSubject, 'economicDepartment', o.departmentCode))
      .where(inArray(o.budgetId, budgetIds))
      .orderBy(sql`${o}.rowid`),
    operating.keys,
  )) {
    yield {
      budgetId: r.budgetId,
      fact: 'operating_cost',
      amount: r.amount,
      dimensions: { economic_department_code: r.code, economic_department_name: r.name },
    };
  }

  const g = t.procurements;
  const procurement = select({ budgetId: g.budgetId, kind: g.kind, amount: g.amount });
  for (const r of lazyRows(
    connection,
    db.select(procurement.fields).from(g).where(inArray(g.budgetId, budgetIds)).orderBy(sql`rowid`),
    procurement.keys,
  )) {
    const label = isKeyOf(PROCUREMENT_KINDS, r.kind) ? PROCUREMENT_KINDS[r.kind].label : '';
    yield {
      budgetId: r.budgetId,
      fact: 'procurement',
      amount: r.amount,
      dimensions: { item_code: r.kind, item_name: label },
    };
  }

  const py = t.priorYearFigures;
  const prior = select({ budgetId: py.budgetId, metric: py.metric, entity: py.entity, amount: py.amount });
  for (const r of lazyRows(
    connection,
    db.select(prior.fields).from(py).where(inArray(py.budgetId, budgetIds)).orderBy(sql`rowid`),
    prior.keys,
  )) {
    const label = isKeyOf(PRIOR_YEAR_METRICS, r.metric) ? PRIOR_YEAR_METRICS[r.metric].label : r.metric;
    yield {
      budgetId: r.budgetId,
      fact: 'prior_year_figure',
      amount: r.amount,
      dimensions: { item_code: r.metric, item_name: `${label}（${r.entity}）` },
    };
  }

  // assets with a value (counts such as vehicles are not amounts, and stay in GraphQL)
  const as = t.assets;
  const asset = select({ budgetId: as.budgetId, item: as.item, label: as.label, amount: as.amount });
  for (const r of lazyRows(
    connection,
    db
      .select(asset.fields)
      .from(as)
      .where(and(inArray(as.budgetId, budgetIds), isNotNull(as.amount)))
      .orderBy(sql`rowid`),
    asset.keys,
  )) {
    yield {
      budgetId: r.budgetId,
      fact: 'asset',
      amount: r.amount ?? 0,
      dimensions: { item_code: r.item, item_name: r.label },
    };
  }
}

/** A fact as a CSV record; text that a spreadsheet would run as a formula is neutralised. */
function factRecord(fact: Fact, published: PublishedBudget): string[] {
  const { budget, unit, department } = published;
  const values: Partial<Record<FactColumn, string | number | null>> = {
    year: budget.year,
    stage: budget.stage,
    stage_name: STAGES[budget.stage].label,
    revision: budget.revision,
    department_code: department.code,
    department_name: department.name,
    unit_code: unit.code,
    unit_name: unit.name,
    fact: fact.fact,
    fact_name: FACT_KINDS[fact.fact],
    ...fact.dimensions,
  };
  return FACT_COLUMNS.map((column) =>
    column === 'amount_wan' ? formatWan(fact.amount) : neutraliseFormula(String(values[column] ?? '')),
  );
}

/**
 * The validator of a year's facts.csv, computed without writing it: the budgets served (each
 * revision's content hash and names), the subject names the rows carry, and the file format.
 */
export function factsEtagParts(
  db: Db,
  year: number,
  budgets: readonly PublishedBudget[],
  bom: boolean,
): string[] {
  const subjects = crypto.createHash('sha256');
  const names = db.$client.prepare('select scheme, code, name from subjects order by scheme, code').raw(true);
  for (const row of names.iterate() as Iterable<unknown[]>) subjects.update(`${row.join('\t')}\n`);
  return [
    'facts.csv',
    String(FORMAT_VERSION),
    String(year),
    bom ? 'bom' : '',
    subjects.digest('hex'),
    ...budgets.map(
      (b) =>
        `${b.budget.id}:${b.budget.revision}:${b.budget.contentHash}:${b.unit.name}:${b.department.code}:${b.department.name}`,
    ),
  ];
}

/**
 * The connection a stream reads from. A statement left open on the shared connection would hold
 * its read snapshot for every other request until the slowest client finished, so a file
 * database gets a read-only connection of its own; an in-memory one can only share.
 */
function streamConnection(db: Db): { connection: Database.Database; close(): void } {
  const shared = db.$client;
  if (shared.memory) return { connection: shared, close() {} };
  const own = new Database(shared.name, { readonly: true, fileMustExist: true });
  return { connection: own, close: () => own.close() };
}

/**
 * The facts of some budgets as a CSV stream. Nothing is read until the client asks for the first
 * chunk; each chunk is encoded from the next rows of an open statement; the statement and its
 * connection close when the last row is sent, on an error, or when the client goes away.
 */
export function factsCsvStream(
  db: Db,
  budgets: readonly PublishedBudget[],
  options: { bom?: boolean; chunkRows: number },
): ReadableStream<Uint8Array> {
  const byId = new Map(budgets.map((b) => [b.budget.id, b]));
  let reading: { facts: Generator<Fact>; close(): void } | undefined;
  let finished = false;
  const finish = () => {
    if (finished || !reading) return;
    finished = true;
    reading.facts.return(undefined);
    reading.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        try {
          const records: string[][] = [];
          let prefix = '';
          if (!reading) {
            const { connection, close } = streamConnection(db);
            reading = { facts: factsOf(db, connection, [...byId.keys()]), close };
            prefix = options.bom ? BOM : '';
            records.push([...FACT_COLUMNS]);
          }
          let done = false;
          while (!done && records.length < options.chunkRows) {
            const next = reading.facts.next();
            if (next.done) done = true;
            else records.push(factRecord(next.value, byId.get(next.value.budgetId)!));
          }
          if (records.length) controller.enqueue(utf8(prefix + csvRecords(records)));
          if (done) {
            finish();
            controller.close();
          }
        } catch (error) {
          finish();
          throw error;
        }
      },
      cancel: finish,
    },
    { highWaterMark: 0 },
  );
}
