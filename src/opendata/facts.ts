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
  'region_code',
  'region_name',
  'department_code',
  'department_name',
  'unit_code',
  'unit_name',
  'fact',
  'fact_name',
  'functional_subject_code',
  'functional_subject_name',
  'functional_class_code',
  'functional_class_name',
  'functional_section_code',
  'functional_section_name',
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
  // names of functional 类 and 款: the code list's, else the name a disclosure declared
  const names = new Map<string, string>();
  for (const [code, name] of connection
    .prepare(
      `select code, name from declared_subjects where scheme = 'functional'
       union all select code, name from subjects where scheme = 'functional'`,
    )
    .raw(true)
    .iterate() as Iterable<[string, string]>)
    names.set(code, name);
  /** a 项 with its 类 and 款 (the first 3 and 5 digits of its code) */
  const functionalSubject_ = (code: string, name: string | null) => {
    const klass = code.slice(0, 3);
    const section = code.length >= 5 ? code.slice(0, 5) : '';
    return {
      functional_subject_code: code,
      functional_subject_name: name ?? names.get(code) ?? '',
      functional_class_code: klass,
      functional_class_name: names.get(klass) ?? '',
      functional_section_code: section,
      functional_section_name: section ? (names.get(section) ?? '') : '',
    };
  };

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
        ...functionalSubject_(r.code, r.name),
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
        ...(r.subjectCode ? functionalSubject_(r.subjectCode, r.subjectName) : {}),
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
  const { budget, unit, department, region } = published;
  const values: Partial<Record<FactColumn, string | number | null>> = {
    year: budget.year,
    stage: budget.stage,
    stage_name: STAGES[budget.stage].label,
    revision: budget.revision,
    region_code: region.code,
    region_name: region.name,
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

/** Every fact of some budgets as CSV records (header first), read lazily from an open statement. */
export function* factRecords(
  db: Db,
  connection: Database.Database,
  budgets: readonly PublishedBudget[],
): Generator<string[]> {
  const byId = new Map(budgets.map((b) => [b.budget.id, b]));
  yield [...FACT_COLUMNS];
  for (const fact of factsOf(db, connection, [...byId.keys()]))
    yield factRecord(fact, byId.get(fact.budgetId)!);
}

/** What each column of facts.csv holds, for its Table Schema (Frictionless). */
const FACT_COLUMN_DOCS: Record<
  FactColumn,
  [title: string, type: 'string' | 'integer' | 'number', description?: string]
> = {
  year: ['年度', 'integer'],
  stage: ['阶段', 'string', 'budget（预算）或 final（决算）'],
  stage_name: ['阶段名称', 'string'],
  revision: ['版本', 'integer', '同一单位同一年度预算的第几次导入（修订）'],
  region_code: ['行政区划代码', 'string', 'GB/T 2260'],
  region_name: ['行政区划名称', 'string'],
  department_code: ['部门代码', 'string'],
  department_name: ['部门名称', 'string'],
  unit_code: ['单位代码', 'string', '只在区划内唯一：单位由区划代码和单位代码确定'],
  unit_name: ['单位名称', 'string'],
  fact: ['事实类型', 'string', '求和前请按此列筛选：不同类型是同一预算的不同视角'],
  fact_name: ['事实类型名称', 'string'],
  functional_subject_code: ['支出功能分类科目编码（项）', 'string'],
  functional_subject_name: ['支出功能分类科目名称', 'string'],
  functional_class_code: ['功能分类类编码', 'string', '科目编码的前3位'],
  functional_class_name: ['功能分类类名称', 'string'],
  functional_section_code: ['功能分类款编码', 'string', '科目编码的前5位'],
  functional_section_name: ['功能分类款名称', 'string'],
  economic_department_code: ['部门预算支出经济分类科目编码', 'string'],
  economic_department_name: ['部门预算支出经济分类科目名称', 'string'],
  economic_government_code: ['政府预算支出经济分类科目编码', 'string'],
  economic_government_name: ['政府预算支出经济分类科目名称', 'string'],
  category: ['支出类别', 'string'],
  category_name: ['支出类别名称', 'string'],
  category_group: ['经费类别', 'string', 'personnel、public 或 project；空白为文件未区分基本/项目支出'],
  category_group_name: ['经费类别名称', 'string'],
  fund: ['资金来源', 'string', '一种资金来源，或文件未拆分时以 + 连接的几种'],
  fund_name: ['资金来源名称', 'string'],
  item_code: ['项目编码或条目', 'string'],
  item_name: ['项目或条目名称', 'string'],
  amount_wan: ['金额（万元）', 'number', '两位小数'],
};

/** The Table Schema of facts.csv, drawn from its columns. */
export function factsTableSchema() {
  return {
    fields: FACT_COLUMNS.map((name) => {
      const [title, type, description] = FACT_COLUMN_DOCS[name];
      return {
        name,
        title,
        type,
        ...(description ? { description } : {}),
        ...(name === 'fact' ? { constraints: { required: true, enum: Object.keys(FACT_KINDS) } } : {}),
        ...(type === 'number' ? { decimalChar: '.', bareNumber: true } : {}),
      };
    }),
    missingValues: [''],
  };
}

/** Parquet column types of facts: integers and the exact decimal amount, the rest text. */
export const FACT_PARQUET_COLUMNS = FACT_COLUMNS.map((name) => ({
  name,
  type:
    FACT_COLUMN_DOCS[name][1] === 'integer'
      ? ('int32' as const)
      : name === 'amount_wan'
        ? ('decimal' as const)
        : ('string' as const),
}));

/**
 * The connection a stream reads from. A statement left open on the shared connection would hold
 * its read snapshot for every other request until the slowest client finished, so a file
 * database gets a read-only connection of its own; an in-memory one can only share.
 */
export function streamConnection(db: Db): { connection: Database.Database; close(): void } {
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
  let reading: { records: Generator<string[]>; close(): void } | undefined;
  let finished = false;
  const finish = () => {
    if (finished || !reading) return;
    finished = true;
    reading.records.return(undefined);
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
            reading = { records: factRecords(db, connection, budgets), close };
            prefix = options.bom ? BOM : '';
          }
          let done = false;
          while (!done && records.length < options.chunkRows) {
            const next = reading.records.next();
            if (next.done) done = true;
            else records.push(next.value);
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
