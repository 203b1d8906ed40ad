import Database from 'better-sqlite3';
import type { Db } from '../db/client.js';
import {
  CATEGORIES,
  CATEGORY_GROUPS,
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
import { BOM, neutraliseFormula } from '../formats/csv.js';
import type { Yuan } from '../money.js';
import type { PublishedBudget } from './budgets.js';
import { DEFAULT_ROW_GROUP_ROWS, type ParquetCell, ParquetFile } from './parquet.js';

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

// —— cells ——

/**
 * A cell's text in a CSV record: formulas neutralised, quoted where it holds a comma, a quote or
 * a CRLF — exactly where csvRecords (csv-stringify with CRLF records) quotes, which leaves a lone
 * CR or LF unquoted.
 */
export function csvCell(text: string): string {
  const cell = neutraliseFormula(text);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
const NEEDS_QUOTES = /[",]|\r\n/;

/**
 * Integer yuan as 万元 with two decimals, as formatWan prints it (half away from zero, "-0.00"
 * for a small negative), with integer arithmetic: hundredths of a 万元 are hundreds of yuan.
 */
export function wanText(yuan: Yuan): string {
  const hundredths = wanHundredths(yuan < 0 ? -yuan : yuan);
  const fraction = hundredths % 100;
  return `${yuan < 0 ? '-' : ''}${(hundredths - fraction) / 100}.${TWO_DIGITS[fraction]}`;
}

/** "00" … "99": the hundredths of an amount. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** |yuan| in hundredths of a 万元, rounding half up. */
function wanHundredths(abs: number): number {
  const rest = abs % 100;
  return (abs - rest) / 100 + (rest >= 50 ? 1 : 0);
}

type Cell = string | number | null;

/**
 * Some adjacent columns of a row, worked out once per value: as CSV (each cell followed by its
 * comma) and as Parquet cells (the same text; null for an empty cell; year and revision as numbers).
 */
interface Part {
  csv: string;
  cells: readonly Cell[];
}

function part(...values: (string | number | null | undefined)[]): Part {
  const texts = values.map((v) => neutraliseFormula(String(v ?? '')));
  return {
    csv: texts.map((text) => `${csvCell(text)},`).join(''),
    cells: values.map((v, i) => (typeof v === 'number' ? v : texts[i] === '' ? null : texts[i]!)),
  };
}

/** Parts side by side, as one. */
function joined(...parts: Part[]): Part {
  return { csv: parts.map((p) => p.csv).join(''), cells: parts.flatMap((p) => p.cells) };
}

const EMPTY2 = part('', '');
const EMPTY4 = part('', '', '', '');
const EMPTY6 = part('', '', '', '', '', '');
/** columns 13–28 blank: no subject, economic codes, category or fund */
const BLANK_MIDDLE = joined(EMPTY6, EMPTY2, EMPTY2, EMPTY4, EMPTY2);
const KIND_PARTS = Object.fromEntries(
  Object.entries(FACT_KINDS).map(([kind, name]) => [kind, part(kind, name)]),
) as Record<FactKind, Part>;

/**
 * A map that works out a key's value the first time it is asked for (values may be memos
 * themselves). What all the memos of one FactNames keep is bounded: past `room.left` entries a
 * value is worked out each time, so codes that never repeat cannot make memory grow.
 */
function memo<K, V>(room: { left: number }, make: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let found = known.get(key);
    if (found === undefined) {
      found = make(key);
      if (room.left > 0) {
        room.left--;
        known.set(key, found);
      }
    }
    return found;
  };
}

/** Entries the memos of one data version's FactNames keep at most (each a few hundred bytes). */
const MEMO_ENTRIES = 10_000;

/**
 * The names of a data version's codes, and the cells of facts.csv drawn from them: for each
 * kind of fact, the columns from functional_subject_code on (up to item_name, or up to fund_name
 * where the item varies by row) as one part, worked out once per combination of codes and kept
 * while the version is current (see FeedState.factNames).
 */
export class FactNames {
  readonly income: (source: string) => Part;
  readonly functional: (code: string) => (category: string) => (fund: string) => Part;
  readonly economic: (
    department: string,
  ) => (government: string) => (group: string | null) => (fund: string) => Part;
  /** before the item: the group and fund of a basic item */
  readonly basic: (type: string) => (fund: string) => Part;
  /** before the item: a project's subject, category and fund */
  readonly project: (subject: string | null) => (category: string) => (fund: string) => Part;
  readonly threePublic: (item: string) => Part;
  readonly operating: (department: string) => Part;
  readonly procurement: (kind: string) => Part;
  private readonly room = { left: MEMO_ENTRIES };
  readonly priorYearLabel = memo(this.room, (metric: string) =>
    isKeyOf(PRIOR_YEAR_METRICS, metric) ? PRIOR_YEAR_METRICS[metric].label : metric,
  );

  constructor(connection: Database.Database) {
    const room = this.room;
    // names of functional 类, 款 and 项: the code list's, else the name a disclosure declared
    const names = new Map<string, string>();
    for (const [code, name] of connection
      .prepare(
        `select code, name from declared_subjects where scheme = 'functional'
         union all select code, name from subjects where scheme = 'functional'`,
      )
      .raw(true)
      .iterate() as Iterable<[string, string]>)
      names.set(code, name);
    /** a functional 项 with its 类 and 款 (the first 3 and 5 digits of its code) */
    const subject = (code: string) => {
      const klass = code.slice(0, 3);
      const section = code.length >= 5 ? code.slice(0, 5) : '';
      return part(
        code,
        names.get(code) ?? '',
        klass,
        names.get(klass) ?? '',
        section,
        section ? (names.get(section) ?? '') : '',
      );
    };
    const namesOf = (scheme: SubjectScheme) =>
      new Map(
        connection.prepare('select code, name from subjects where scheme = ?').raw(true).all(scheme) as [
          string,
          string,
        ][],
      );
    const departmentNames = namesOf('economicDepartment');
    const governmentNames = namesOf('economicGovernment');
    const department = (code: string) => part(code, departmentNames.get(code) ?? '');
    const government = (code: string) => part(code, governmentNames.get(code) ?? '');
    /** a fund key: one fund, or several joined by + where the document does not split the amount */
    const fund = (key: string) => part(key, isFundKey(key) ? fundLabel(key) : '');
    /** a category with its group; blank where the key is not a category */
    const category = (key: string) => {
      if (!isKeyOf(CATEGORIES, key)) return EMPTY4;
      const { label, group } = CATEGORIES[key];
      return part(key, label, group, CATEGORY_GROUPS[group].label);
    };
    /** a group without a category; blank where the document does not say basic or project */
    const group = (key: string | null) =>
      key === null
        ? EMPTY4
        : part('', '', key, isKeyOf(CATEGORY_GROUPS, key) ? CATEGORY_GROUPS[key].label : '');

    this.income = memo(room, (source: string) => {
      const ofWhich = isKeyOf(INCOME_OF_WHICH, source) ? INCOME_OF_WHICH[source] : undefined;
      return ofWhich
        ? joined(EMPTY6, EMPTY2, EMPTY2, EMPTY4, fund(ofWhich.parent), part(source, ofWhich.label))
        : joined(EMPTY6, EMPTY2, EMPTY2, EMPTY4, fund(source), EMPTY2);
    });
    this.functional = memo(room, (code: string) =>
      memo(room, (c: string) =>
        memo(room, (f: string) => joined(subject(code), EMPTY2, EMPTY2, category(c), fund(f), EMPTY2)),
      ),
    );
    this.economic = memo(room, (d: string) =>
      memo(room, (g: string) =>
        memo(room, (key: string | null) =>
          memo(room, (f: string) =>
            joined(EMPTY6, department(d), government(g), group(key), fund(f), EMPTY2),
          ),
        ),
      ),
    );
    this.basic = memo(room, (type: string) =>
      memo(room, (f: string) => joined(EMPTY6, EMPTY2, EMPTY2, group(type), fund(f))),
    );
    this.project = memo(room, (code: string | null) =>
      memo(room, (c: string) =>
        memo(room, (f: string) =>
          joined(code ? subject(code) : EMPTY6, EMPTY2, EMPTY2, category(c), fund(f)),
        ),
      ),
    );
    this.threePublic = memo(room, (item: string) =>
      joined(
        BLANK_MIDDLE,
        part(item, isKeyOf(THREE_PUBLIC_ITEMS, item) ? THREE_PUBLIC_ITEMS[item].label : ''),
      ),
    );
    this.operating = memo(room, (code: string) =>
      joined(EMPTY6, department(code), EMPTY2, EMPTY4, EMPTY2, EMPTY2),
    );
    this.procurement = memo(room, (kind: string) =>
      joined(BLANK_MIDDLE, part(kind, isKeyOf(PROCUREMENT_KINDS, kind) ? PROCUREMENT_KINDS[kind].label : '')),
    );
  }
}

/** The first ten columns of every row of a budget: year, stage, revision, region, department, unit. */
function budgetPart({ budget, region, department, unit }: PublishedBudget): Part {
  return part(
    budget.year,
    budget.stage,
    STAGES[budget.stage].label,
    budget.revision,
    region.code,
    region.name,
    department.code,
    department.name,
    unit.code,
    unit.name,
  );
}

/** Where the rows of facts go: a CSV chunk, or a Parquet row group. */
interface FactSink {
  /** A row: its budget's columns, its kind's, the rest up to item_name as one part, the amount in yuan. */
  add(budget: Part, kind: Part, rest: Part, yuan: Yuan): void;
  /** A row whose item varies: the columns up to fund_name as one part, then the item's code and name. */
  addItem(budget: Part, kind: Part, rest: Part, itemCode: string, itemName: string, yuan: Yuan): void;
  /** true when the sink wants its rows taken before the next one */
  readonly full: boolean;
}

/**
 * The statements of facts, kind by kind, in file order. Each reads one fact table (and no names:
 * they come from FactNames) for the budgets of a JSON array of ids, in the order the facts were
 * imported. `+budget_id` keeps SQLite from the budget index, so that a table is read in rowid
 * order with no sort; basic items and projects come in their budget index's order.
 */
const SCOPE = 'in (select value from json_each(?))';
const FACT_QUERIES = {
  income: `select budget_id, source, amount from incomes where +budget_id ${SCOPE} order by rowid`,
  functional: `select budget_id, subject_code, category, fund, amount from functional_expenditures
    where +budget_id ${SCOPE} order by rowid`,
  economic: `select budget_id, department_code, government_code, category_group, fund, amount
    from economic_expenditures where +budget_id ${SCOPE} order by rowid`,
  basic: `select budget_id, type, name, fund, amount from basic_items
    where budget_id ${SCOPE} order by budget_id, seq`,
  project: `select p.budget_id, p.functional_subject_code, p.category, a.fund, p.code, p.name, a.amount
    from project_amounts a join projects p on p.id = a.project_id
    where p.budget_id ${SCOPE} order by p.budget_id, p.seq, a.rowid`,
  threePublic: `select budget_id, item, amount from three_public_costs where +budget_id ${SCOPE} order by rowid`,
  operating: `select budget_id, department_code, amount from operating_costs where +budget_id ${SCOPE} order by rowid`,
  procurement: `select budget_id, kind, amount from procurements where +budget_id ${SCOPE} order by rowid`,
  prior: `select budget_id, metric, entity, amount from prior_year_figures where +budget_id ${SCOPE} order by rowid`,
  // assets with a value (counts such as vehicles are not amounts, and stay in GraphQL)
  asset: `select budget_id, item, label, amount from assets
    where +budget_id ${SCOPE} and amount is not null order by rowid`,
} as const;
type FactQuery = keyof typeof FACT_QUERIES;

/** Statements prepared once per connection (a connection is kept between requests: see readConnection). */
const statementsOf = new WeakMap<Database.Database, Map<FactQuery, Database.Statement>>();

function statement(connection: Database.Database, query: FactQuery): Database.Statement {
  let statements = statementsOf.get(connection);
  if (!statements) {
    statements = new Map();
    statementsOf.set(connection, statements);
  }
  const kept = statements.get(query);
  // a shared (in-memory) connection may be reading the same kind for another download
  if (kept && !kept.busy) return kept;
  const made = connection.prepare(FACT_QUERIES[query]).raw(true);
  if (!kept) statements.set(query, made);
  return made;
}

/**
 * Every fact of some budgets into a sink, kind after kind, each kind in the order it was
 * imported; pauses (yields) whenever the sink is full. Ending the generator early (return())
 * resets the open statement, which lets go of its read snapshot.
 */
function* writeFacts(
  connection: Database.Database,
  names: FactNames,
  budgets: readonly PublishedBudget[],
  sink: FactSink,
): Generator<void, void, undefined> {
  if (!budgets.length) return;
  const parts = new Map<number, Part>();
  for (const b of budgets) parts.set(b.budget.id, budgetPart(b));
  const ids = JSON.stringify([...parts.keys()]);
  const rows = (query: FactQuery) =>
    // biome-ignore lint/suspicious/noExplicitAny: raw rows, whose columns are those FACT_QUERIES select
    statement(connection, query).iterate(ids) as IterableIterator<any[]>;
  const K = KIND_PARTS;

  for (const r of rows('income')) {
    sink.add(
      parts.get(r[0])!,
      K[isKeyOf(INCOME_OF_WHICH, r[1]) ? 'income_of_which' : 'income'],
      names.income(r[1]),
      r[2],
    );
    if (sink.full) yield;
  }
  for (const r of rows('functional')) {
    sink.add(parts.get(r[0])!, K.functional_expenditure, names.functional(r[1])(r[2])(r[3]), r[4]);
    if (sink.full) yield;
  }
  for (const r of rows('economic')) {
    sink.add(parts.get(r[0])!, K.economic_expenditure, names.economic(r[1])(r[2])(r[3])(r[4]), r[5]);
    if (sink.full) yield;
  }
  for (const r of rows('basic')) {
    sink.addItem(parts.get(r[0])!, K.basic_item, names.basic(r[1])(r[3]), '', r[2], r[4]);
    if (sink.full) yield;
  }
  for (const r of rows('project')) {
    sink.addItem(parts.get(r[0])!, K.project, names.project(r[1])(r[2])(r[3]), r[4], r[5], r[6]);
    if (sink.full) yield;
  }
  for (const r of rows('threePublic')) {
    sink.add(parts.get(r[0])!, K.three_public_cost, names.threePublic(r[1]), r[2]);
    if (sink.full) yield;
  }
  for (const r of rows('operating')) {
    sink.add(parts.get(r[0])!, K.operating_cost, names.operating(r[1]), r[2]);
    if (sink.full) yield;
  }
  for (const r of rows('procurement')) {
    sink.add(parts.get(r[0])!, K.procurement, names.procurement(r[1]), r[2]);
    if (sink.full) yield;
  }
  for (const r of rows('prior')) {
    sink.addItem(
      parts.get(r[0])!,
      K.prior_year_figure,
      BLANK_MIDDLE,
      r[1],
      `${names.priorYearLabel(r[1])}（${r[2]}）`,
      r[3],
    );
    if (sink.full) yield;
  }
  for (const r of rows('asset')) {
    sink.addItem(parts.get(r[0])!, K.asset, BLANK_MIDDLE, r[1], r[2], r[3]);
    if (sink.full) yield;
  }
}

/** Rows as CSV text, taken a chunk at a time (about `chunkChars` characters). */
class CsvSink implements FactSink {
  text = '';
  /** the budget's and kind's columns of the row before, as one string */
  private lead = '';
  private leadBudget: Part | undefined;
  private leadKind: Part | undefined;

  constructor(private readonly chunkChars: number) {}

  get full(): boolean {
    return this.text.length >= this.chunkChars;
  }

  private leadOf(budget: Part, kind: Part): string {
    if (budget !== this.leadBudget || kind !== this.leadKind) {
      this.leadBudget = budget;
      this.leadKind = kind;
      this.lead = budget.csv + kind.csv;
    }
    return this.lead;
  }

  add(budget: Part, kind: Part, rest: Part, yuan: Yuan): void {
    this.text += `${this.leadOf(budget, kind)}${rest.csv}${wanText(yuan)}\r\n`;
  }

  addItem(budget: Part, kind: Part, rest: Part, itemCode: string, itemName: string, yuan: Yuan): void {
    this.text += `${this.leadOf(budget, kind)}${rest.csv}${csvCell(itemCode)},${csvCell(itemName)},${wanText(yuan)}\r\n`;
  }

  take(): string {
    const text = this.text;
    this.text = '';
    return text;
  }
}

/** Rows as Parquet cells, a column each, taken a row group at a time. */
class ParquetSink implements FactSink {
  columns: ParquetCell[][] = FACT_COLUMNS.map(() => []);
  rows = 0;
  constructor(private readonly rowGroupRows: number) {}

  get full(): boolean {
    return this.rows >= this.rowGroupRows;
  }

  private push(c: number, part: Part): number {
    for (const cell of part.cells) this.columns[c++]!.push(cell);
    return c;
  }

  private amount(c: number, yuan: Yuan): void {
    const hundredths = wanHundredths(yuan < 0 ? -yuan : yuan);
    this.columns[c]!.push(BigInt(yuan < 0 ? -hundredths : hundredths));
    this.rows++;
  }

  add(budget: Part, kind: Part, rest: Part, yuan: Yuan): void {
    this.amount(this.push(this.push(this.push(0, budget), kind), rest), yuan);
  }

  addItem(budget: Part, kind: Part, rest: Part, itemCode: string, itemName: string, yuan: Yuan): void {
    let c = this.push(this.push(this.push(0, budget), kind), rest);
    const code = neutraliseFormula(itemCode);
    const name = neutraliseFormula(itemName);
    this.columns[c++]!.push(code === '' ? null : code);
    this.columns[c++]!.push(name === '' ? null : name);
    this.amount(c, yuan);
  }

  take(): { columns: ParquetCell[][]; rows: number } {
    const taken = { columns: this.columns, rows: this.rows };
    this.columns = FACT_COLUMNS.map(() => []);
    this.rows = 0;
    return taken;
  }
}

/** Idle read-only connections of a database file, kept (with their statements) between downloads. */
const idleConnections = new WeakMap<Db, Database.Database[]>();
const MAX_IDLE_CONNECTIONS = 4;

/**
 * The connection a stream reads from. A statement left open on the shared connection would hold
 * its read snapshot for every other request until the slowest client finished, so a file
 * database lends a read-only connection of its own, taken back (with the statements it has
 * prepared) when the stream ends; an in-memory one can only share.
 */
export function streamConnection(db: Db): { connection: Database.Database; close(): void } {
  const shared = db.$client;
  if (shared.memory) return { connection: shared, close() {} };
  let idle = idleConnections.get(db);
  if (!idle) {
    idle = [];
    idleConnections.set(db, idle);
  }
  const pool = idle;
  const own = pool.pop() ?? new Database(shared.name, { readonly: true, fileMustExist: true });
  let closed = false;
  return {
    connection: own,
    close() {
      if (closed) return;
      closed = true;
      if (pool.length < MAX_IDLE_CONNECTIONS && shared.open) pool.push(own);
      else own.close();
    },
  };
}

/**
 * The facts of some budgets as a CSV stream. Nothing is read until the client asks for the first
 * chunk; each chunk (about `chunkBytes`) is formatted from the next rows of the open statement
 * when the client has taken the one before, so memory stays flat; the statement is reset and
 * its connection given back when the last row is sent, on an error, or when the client goes away.
 */
export function factsCsvStream(
  db: Db,
  names: FactNames,
  budgets: readonly PublishedBudget[],
  options: { bom?: boolean; chunkBytes: number },
): ReadableStream<Uint8Array> {
  let reading: { facts: Generator<void, void, undefined>; sink: CsvSink; close(): void } | undefined;
  let finished = false;
  const finish = () => {
    if (finished || !reading) return;
    finished = true;
    reading.facts.return();
    reading.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        try {
          if (!reading) {
            const { connection, close } = streamConnection(db);
            // a character of these files is 1.6 bytes of UTF-8 on average (1 to 3)
            const sink = new CsvSink(Math.max(1, Math.floor(options.chunkBytes / 1.6)));
            sink.text = `${options.bom ? BOM : ''}${FACT_COLUMNS.join(',')}\r\n`;
            reading = { facts: writeFacts(connection, names, budgets, sink), sink, close };
          }
          const done = reading.facts.next().done;
          const text = reading.sink.take();
          if (text) controller.enqueue(Buffer.from(text, 'utf8'));
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

/**
 * facts.parquet of some budgets: the rows of facts.csv, typed, from the same iteration, encoded
 * a row group at a time, so memory holds one row group's cells and the encoded file.
 */
export function factsParquet(
  db: Db,
  names: FactNames,
  budgets: readonly PublishedBudget[],
  options: { rowGroupRows?: number } = {},
): Uint8Array {
  const { connection, close } = streamConnection(db);
  const sink = new ParquetSink(options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS);
  const file = new ParquetFile(FACT_PARQUET_COLUMNS);
  const facts = writeFacts(connection, names, budgets, sink);
  try {
    for (;;) {
      const { done } = facts.next();
      const { columns, rows } = sink.take();
      file.writeRowGroup(columns, rows);
      if (done) break;
    }
    return file.finish();
  } finally {
    facts.return();
    close();
  }
}
