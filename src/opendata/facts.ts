import Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type AnyFactKind, FACT_KEYS, FACT_KINDS, type FileFact } from '../db/fact-kinds.js';
import {
  CATEGORIES,
  CATEGORY_GROUPS,
  fundLabel,
  isFundKey,
  isKeyOf,
  STAGES,
  type SubjectScheme,
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

/** The kinds of fact of the file (FACT_KINDS with a `file`), in file order. */
const FILE_KINDS = FACT_KEYS.flatMap((key) => {
  const kind: AnyFactKind = FACT_KINDS[key];
  return kind.file ? [{ key, kind, file: kind.file }] : [];
});

/**
 * The `fact` codes and names, in file order (an of-which kind after its kind). They are views
 * of one budget: filter by `fact` before adding up.
 */
export const FILE_FACTS: Readonly<Record<string, string>> = Object.fromEntries(
  FILE_KINDS.flatMap(({ file }) => [
    [file.fact, file.name],
    ...(file.ofWhich ? [[file.ofWhich.fact, file.ofWhich.name]] : []),
  ]),
);

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
        ...(name === 'fact' ? { constraints: { required: true, enum: Object.keys(FILE_FACTS) } } : {}),
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
const KIND_PARTS: Readonly<Record<string, Part>> = Object.fromEntries(
  Object.entries(FILE_FACTS).map(([kind, name]) => [kind, part(kind, name)]),
);

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
 * A kind's columns from functional_subject_code on, as one part, reached through the values of
 * its memoised columns (FileQuery.memo) one at a time: a memo per column, a Part at the end.
 */
type Chain = Part | Step;
type Step = (value: string | null) => Chain;

/** What FactNames keeps for a kind of the file. */
interface KindNames {
  rest: Chain;
  /** a row item's name from its vocabulary (the value itself where it lacks one) */
  label: ((value: string) => string) | undefined;
}

/**
 * The names of a data version's codes, and the cells of facts.csv drawn from them: for each
 * kind of fact, the columns from functional_subject_code on (up to item_name, or up to fund_name
 * where the item varies by row) as one part, worked out once per combination of codes and kept
 * while the version is current (see FeedState.factNames).
 */
export class FactNames {
  /** by kind, in the order of FILE_QUERIES */
  readonly kinds: readonly KindNames[];
  private readonly room = { left: MEMO_ENTRIES };

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

    /** a kind's part from the values of its memoised columns, in the order of q.memo */
    const restOf = (q: FileQuery) => {
      const { ofWhich, item, rowItem } = q.file;
      const cell = (role: Role, value: string | null): Part => {
        switch (role) {
          case 'subject':
            return value ? subject(value) : EMPTY6;
          case 'department':
            return part(value, departmentNames.get(value ?? '') ?? '');
          case 'government':
            return part(value, governmentNames.get(value ?? '') ?? '');
          case 'category':
            return category(value ?? '');
          case 'group':
            return group(value);
          case 'fund': {
            if (!ofWhich) return fund(value ?? '');
            const line = value !== null && isKeyOf(ofWhich.lines, value) ? ofWhich.lines[value] : undefined;
            return line
              ? joined(fund(line.parent), part(value, line.label))
              : joined(fund(value ?? ''), EMPTY2);
          }
          case 'item': {
            const labels = item!.labels;
            return part(value, value !== null && isKeyOf(labels, value) ? labels[value]!.label : '');
          }
        }
      };
      /** facts.csv's six groups of dimension columns: each a memoised column's (by its index in q.memo), else blank */
      const slot = (roles: readonly Role[], blank: Part) => {
        const at = q.memo.findIndex((role) => roles.includes(role));
        return at < 0 ? blank : { role: q.memo[at]!, at };
      };
      const slots = [
        slot(['subject'], EMPTY6),
        slot(['department'], EMPTY2),
        slot(['government'], EMPTY2),
        slot(['category', 'group'], EMPTY4),
        // with of-which lines, the fund's part holds the item too
        ...(ofWhich
          ? [slot(['fund'], EMPTY4)]
          : [slot(['fund'], EMPTY2), ...(rowItem ? [] : [slot(['item'], EMPTY2)])]),
      ];
      if (ofWhich && rowItem)
        throw new Error(`${q.key}: of-which lines and a row item cannot share the item columns`);
      return (a?: string | null, b?: string | null, c?: string | null, d?: string | null): Part => {
        const values = [a, b, c, d];
        return joined(...slots.map((s) => ('csv' in s ? s : cell(s.role, values[s.at] ?? null))));
      };
    };
    /** a memo for each column of a kind, down to its part (closures as the rows' values come: no arrays) */
    const chain = (depth: number, make: (...values: (string | null)[]) => Part): Chain => {
      switch (depth) {
        case 0:
          return make();
        case 1:
          return memo(room, (a: string | null) => make(a));
        case 2:
          return memo(room, (a: string | null) => memo(room, (b: string | null) => make(a, b)));
        case 3:
          return memo(room, (a: string | null) =>
            memo(room, (b: string | null) => memo(room, (c: string | null) => make(a, b, c))),
          );
        case 4:
          return memo(room, (a: string | null) =>
            memo(room, (b: string | null) =>
              memo(room, (c: string | null) => memo(room, (d: string | null) => make(a, b, c, d))),
            ),
          );
        default:
          throw new Error(`a kind of the file with ${depth} memoised columns (at most 4)`);
      }
    };

    this.kinds = FILE_QUERIES.map((q) => {
      const labels = q.file.rowItem?.labels;
      return {
        rest: chain(q.memo.length, restOf(q)),
        label: labels
          ? memo(room, (value: string) => (isKeyOf(labels, value) ? labels[value]!.label : value))
          : undefined,
      };
    });
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

/** The dimension columns of facts.csv a kind's memoised columns fill, in the file's order. */
const ROLES = ['subject', 'department', 'government', 'category', 'group', 'fund', 'item'] as const;
type Role = (typeof ROLES)[number];

/**
 * A kind's statement and where its row's cells are: the budget's id (0), the memoised columns
 * (1 … memo.length, in ROLES order), the row item's code, name and qualifier (-1: none), the
 * amount. A row is an array (raw), so that a row costs no object.
 */
interface FileQuery {
  key: string;
  file: FileFact;
  sql: string;
  memo: readonly Role[];
  code: number;
  name: number;
  qualifier: number;
  amount: number;
  /** the position of the fund column when its values may be of-which lines (-1: never) */
  ofWhich: number;
}

/**
 * The statements of facts, kind by kind, in file order, drawn from FACT_KINDS. Each reads one fact
 * table (and no names: they come from FactNames) for the budgets of a JSON array of ids, in the
 * order the facts were imported. `+budget_id` keeps SQLite from the budget index, so that a table
 * is read in rowid order with no sort; kinds read by seq (basic items, projects) come in their
 * budget index's order. Rows with no amount (an asset counted, not valued) are not facts of the file.
 */
const SCOPE = 'in (select value from json_each(?))';
const FILE_QUERIES: readonly FileQuery[] = FILE_KINDS.map(({ key, kind, file }) => {
  const owned = file.rows === undefined ? undefined : kind.owns?.[file.rows];
  if (file.rows !== undefined && !owned) throw new Error(`${key}: owns no ${file.rows}`);
  const columns = getTableColumns(kind.table);
  const ownedColumns = owned ? getTableColumns(owned.table) : {};
  const column = (name: string) => {
    const own = owned && name !== owned.owner ? ownedColumns[name] : undefined;
    const c = own ?? columns[name];
    if (!c) throw new Error(`${key}: no column ${name}`);
    return { sql: `${owned ? (own ? 'a.' : 'p.') : ''}"${c.name}"`, notNull: c.notNull };
  };
  const memo = ROLES.filter((role) => (role === 'item' ? file.item?.code : file[role]) !== undefined);
  const selected = [owned ? 'p."budget_id"' : '"budget_id"'];
  const at = (name: string | undefined) => (name === undefined ? -1 : selected.push(column(name).sql) - 1);
  for (const role of memo) at(role === 'item' ? file.item!.code : file[role]);
  const code = at(file.rowItem?.code);
  const name = at(file.rowItem?.name);
  const qualifier = at(file.rowItem?.qualifier);
  const amountName = owned ? owned.amount : kind.amount;
  if (amountName === null) throw new Error(`${key}: a kind of the file needs an amount`);
  const amount = column(amountName);
  const amountAt = at(amountName);
  const withAmount = amount.notNull ? '' : ` and ${amount.sql} is not null`;
  const table = `"${getTableName(kind.table)}"`;
  const sql = owned
    ? `select ${selected.join(', ')} from "${getTableName(owned.table)}" a join ${table} p
       on p."id" = a."${getTableColumns(owned.table)[owned.owner]!.name}"
       where p."budget_id" ${SCOPE}${withAmount}
       order by ${file.bySeq ? 'p."budget_id", p."seq"' : 'p.rowid'}, a.rowid`
    : file.bySeq
      ? `select ${selected.join(', ')} from ${table} where "budget_id" ${SCOPE}${withAmount} order by "budget_id", "seq"`
      : `select ${selected.join(', ')} from ${table} where +"budget_id" ${SCOPE}${withAmount} order by rowid`;
  return {
    key,
    file,
    sql,
    memo,
    code,
    name,
    qualifier,
    amount: amountAt,
    ofWhich: file.ofWhich ? 1 + memo.indexOf('fund') : -1,
  };
});

/** The statements of the file, kind by kind (the tests pin them and their query plans). */
export const FILE_STATEMENTS = FILE_QUERIES.map((q) => ({ fact: q.file.fact, sql: q.sql }));

/** Statements prepared once per connection (a connection is kept between requests: see readConnection). */
const statementsOf = new WeakMap<Database.Database, Map<FileQuery, Database.Statement>>();

function statement(connection: Database.Database, query: FileQuery): Database.Statement {
  let statements = statementsOf.get(connection);
  if (!statements) {
    statements = new Map();
    statementsOf.set(connection, statements);
  }
  const kept = statements.get(query);
  // a shared (in-memory) connection may be reading the same kind for another download
  if (kept && !kept.busy) return kept;
  const made = connection.prepare(query.sql).raw(true);
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
  for (let k = 0; k < FILE_QUERIES.length; k++) {
    const q = FILE_QUERIES[k]!;
    const { rest: first, label } = names.kinds[k]!;
    const kindPart = KIND_PARTS[q.file.fact]!;
    const ofWhichPart = q.file.ofWhich ? KIND_PARTS[q.file.ofWhich.fact]! : kindPart;
    const lines = q.file.ofWhich?.lines;
    const depth = q.memo.length;
    const { code, name, qualifier, amount, ofWhich } = q;
    // biome-ignore lint/suspicious/noExplicitAny: raw rows, whose cells are where FileQuery says
    for (const r of statement(connection, q).iterate(ids) as IterableIterator<any[]>) {
      let rest = first;
      for (let i = 1; i <= depth; i++) rest = (rest as Step)(r[i]);
      const kind = lines && isKeyOf(lines, r[ofWhich]) ? ofWhichPart : kindPart;
      if (name < 0) sink.add(parts.get(r[0])!, kind, rest as Part, r[amount]);
      else {
        const itemName = label ? label(r[name]) : r[name];
        sink.addItem(
          parts.get(r[0])!,
          kind,
          rest as Part,
          code < 0 ? '' : r[code],
          qualifier < 0 ? itemName : `${itemName}（${r[qualifier]}）`,
          r[amount],
        );
      }
      if (sink.full) yield;
    }
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
