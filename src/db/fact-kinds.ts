import { getTableColumns, type Table } from 'drizzle-orm';
import type { Disclosure } from '../disclosure/facts.js';
import { INCOME_OF_WHICH, PRIOR_YEAR_METRICS, PROCUREMENT_KINDS, THREE_PUBLIC_ITEMS } from '../domain.js';
import * as t from './schema.js';

/**
 * The kinds of fact a disclosure holds, one entry each: the list of the Disclosure it is (the
 * entry's key), the table it is stored in, the columns that say what a row is of (dimensions) and
 * the one that holds its yuan (amount), and what the long facts file (facts.csv, facts.parquet)
 * makes of it. The reader (db/facts.ts), the writer (importer/write.ts), the long file
 * (opendata/facts.ts) and an import's fact count are drawn from this table: adding a kind of fact
 * is an entry here, its table in schema.ts and its migration (CONTRIBUTING.md).
 *
 * Entries are in the order of facts.csv's rows; the writer writes kinds in this order too.
 */

/** The columns of a table, by their keys in its rows. */
export type ColumnOf<T extends Table> = Extract<keyof T['$inferSelect'], string>;

/** A vocabulary of domain.ts (THREE_PUBLIC_ITEMS …): each key's Chinese name. */
export type Labels = Readonly<Record<string, { readonly label: string }>>;

/**
 * How the rows of a kind become rows of the long facts file. Columns are named by their keys;
 * each dimension column of the file (a code and its name) is filled from the column given for it,
 * and left blank where none is given. The dimension columns are worked out once per combination
 * of values (FactNames), so only the item may vary by row.
 */
export interface FileFact<C extends string = string> {
  /** the `fact` column's code and `fact_name` */
  fact: string;
  name: string;
  /** a functional 项: functional_subject_*, and its 类 and 款 (functional_class_*, functional_section_*) */
  subject?: C;
  /** a 部门经济分类 款: economic_department_* */
  department?: C;
  /** a 政府经济分类 款: economic_government_* */
  government?: C;
  /** a category (CATEGORIES): category_*, and its group in category_group_* */
  category?: C;
  /** a group alone (CATEGORY_GROUPS): category_group_*; blank where the value is null */
  group?: C;
  /** a fund key: fund_* */
  fund?: C;
  /**
   * Values of the fund column that are of-which lines: a fact of their own (this code and name),
   * under the line's parent fund, with the line as the item.
   */
  ofWhich?: {
    fact: string;
    name: string;
    lines: Readonly<Record<string, { label: string; parent: string }>>;
  };
  /** item_code from a vocabulary, item_name its label (blank where the vocabulary lacks it) */
  item?: { code: C; labels: Labels };
  /**
   * item_code and item_name as each row gives them: the code column (none: blank), the name
   * column, the name as a vocabulary's label (the value itself where it lacks one), then a
   * qualifier in full-width parentheses.
   */
  rowItem?: { code?: C; name: C; labels?: Labels; qualifier?: C };
  /** rows in the order of the seq column (through the budget index), not in the order written */
  bySeq?: boolean;
  /** the file's rows are those of an owned table (a project's amounts), with their owner's columns */
  rows?: string;
}

/** Rows of another table that each row owns (a project's amounts), listed on the row under the entry's key. */
export interface Owned<T extends Table = Table> {
  table: T;
  /** the column holding the owner's id */
  owner: ColumnOf<T>;
  dimensions: readonly ColumnOf<T>[];
  amount: ColumnOf<T> | null;
}

export interface FactKind<T extends Table, O extends Readonly<Record<string, AnyOwned>>> {
  table: T;
  /**
   * what a row is of: the columns that describe it (subject, category, fund …), as opposed to
   * its amount; tests/fact-kinds.test.ts checks them against the table
   */
  dimensions: readonly ColumnOf<T>[];
  /** the column holding the row's yuan; null: the kind holds no amount (words, codes) */
  amount: ColumnOf<T> | null;
  /**
   * counted in an import's fact count (ImportResult.facts, `yusuan import`'s "N facts"), with the
   * rows it owns: the tables' facts and the prior-year figures, as the count has always been
   */
  counted: boolean;
  owns?: O;
  /** absent: the kind is not in the long facts file */
  file?: FileFact<ColumnOf<T> | OwnedColumn<O>>;
}

/** Any entry, as the reader, the writer and the long file take it. */
export interface AnyFactKind {
  table: Table;
  dimensions: readonly string[];
  amount: string | null;
  counted: boolean;
  owns?: Readonly<Record<string, AnyOwned>>;
  file?: FileFact;
}
export interface AnyOwned {
  table: Table;
  owner: string;
  dimensions: readonly string[];
  amount: string | null;
}

type OwnedColumn<O> = {
  [K in keyof O]: O[K] extends { table: infer U extends Table } ? ColumnOf<U> : never;
}[keyof O];

/** An entry, its column names checked against its table's. */
function kind<T extends Table>(
  table: T,
  spec: Omit<FactKind<T, Readonly<Record<never, AnyOwned>>>, 'table' | 'owns'>,
): FactKind<T, Readonly<Record<never, AnyOwned>>> & { owns?: undefined } {
  return { table, ...spec };
}

/** An entry whose rows own rows of other tables (listed on each item under the keys of `owns`). */
function owningKind<T extends Table, O extends Readonly<Record<string, AnyOwned>>>(
  table: T,
  spec: Omit<FactKind<T, O>, 'table' | 'owns'> & { owns: O },
): FactKind<T, O> & { owns: O } {
  return { table, ...spec };
}

function owned<T extends Table>(table: T, spec: Omit<Owned<T>, 'table'>): Owned<T> {
  return { table, ...spec };
}

/** The lists of a Disclosure. */
type ListKey = {
  [K in keyof Disclosure]: Disclosure[K] extends readonly unknown[] ? K : never;
}[keyof Disclosure];

export const FACT_KINDS = {
  declaredSubjects: kind(t.declaredSubjects, {
    dimensions: ['scheme', 'code'],
    amount: null,
    counted: false,
  }),
  labels: kind(t.subjectLabels, { dimensions: ['scheme', 'code'], amount: null, counted: false }),
  incomes: kind(t.incomes, {
    dimensions: ['source'],
    amount: 'amount',
    counted: true,
    file: {
      fact: 'income',
      name: '收入',
      fund: 'source',
      ofWhich: { fact: 'income_of_which', name: '收入（其中数，已含在上级收入中）', lines: INCOME_OF_WHICH },
    },
  }),
  functional: kind(t.functionalExpenditures, {
    dimensions: ['subjectCode', 'category', 'fund'],
    amount: 'amount',
    counted: true,
    file: {
      fact: 'functional_expenditure',
      name: '支出（功能分类科目 × 支出类别 × 资金来源）',
      subject: 'subjectCode',
      category: 'category',
      fund: 'fund',
    },
  }),
  economic: kind(t.economicExpenditures, {
    dimensions: ['departmentCode', 'governmentCode', 'group', 'fund'],
    amount: 'amount',
    counted: true,
    file: {
      fact: 'economic_expenditure',
      name: '支出（部门/政府经济分类科目 × 经费类别 × 资金来源）',
      department: 'departmentCode',
      government: 'governmentCode',
      group: 'group',
      fund: 'fund',
    },
  }),
  basicItems: kind(t.basicItems, {
    dimensions: ['type', 'name', 'fund'],
    amount: 'amount',
    counted: true,
    file: {
      fact: 'basic_item',
      name: '基本支出明细',
      group: 'type',
      fund: 'fund',
      rowItem: { name: 'name' },
      bySeq: true,
    },
  }),
  projects: owningKind(t.projects, {
    dimensions: ['code'],
    amount: null,
    counted: true,
    owns: {
      amounts: owned(t.projectAmounts, { owner: 'projectId', dimensions: ['fund'], amount: 'amount' }),
      indicators: owned(t.performanceIndicators, {
        owner: 'projectId',
        dimensions: ['kind', 'seq'],
        amount: null,
      }),
    },
    file: {
      fact: 'project',
      name: '项目支出',
      rows: 'amounts',
      subject: 'functionalSubjectCode',
      category: 'category',
      fund: 'fund',
      rowItem: { code: 'code', name: 'name' },
      bySeq: true,
    },
  }),
  threePublic: kind(t.threePublicCosts, {
    dimensions: ['item'],
    amount: 'amount',
    counted: true,
    file: {
      fact: 'three_public_cost',
      name: '“三公”经费',
      item: { code: 'item', labels: THREE_PUBLIC_ITEMS },
    },
  }),
  operatingCosts: kind(t.operatingCosts, {
    dimensions: ['departmentCode'],
    amount: 'amount',
    counted: true,
    file: { fact: 'operating_cost', name: '机关（机构）运行经费', department: 'departmentCode' },
  }),
  procurement: kind(t.procurements, {
    dimensions: ['kind'],
    amount: 'amount',
    counted: false,
    file: { fact: 'procurement', name: '政府采购预算', item: { code: 'kind', labels: PROCUREMENT_KINDS } },
  }),
  priorYear: kind(t.priorYearFigures, {
    dimensions: ['metric', 'entity'],
    amount: 'amount',
    counted: true,
    file: {
      fact: 'prior_year_figure',
      name: '上年数（说明中所述）',
      rowItem: { code: 'metric', name: 'metric', labels: PRIOR_YEAR_METRICS, qualifier: 'entity' },
    },
  }),
  // in the file: assets with a value (a nullable amount: counts such as vehicles are no amounts)
  assets: kind(t.assets, {
    dimensions: ['item'],
    amount: 'amount',
    counted: false,
    file: { fact: 'asset', name: '国有资产（上年期末价值）', rowItem: { code: 'item', name: 'label' } },
  }),
  narrative: kind(t.narrativeClaims, { dimensions: ['metric'], amount: null, counted: false }),
  statements: kind(t.narrativeStatements, { dimensions: ['key'], amount: null, counted: false }),
} as const satisfies { [K in ListKey]: AnyFactKind };

export type FactKey = keyof typeof FACT_KINDS;
export const FACT_KEYS = keysOf(FACT_KINDS);

/** The kinds stored one row per item under the budget, with nothing owned: read with one statement per table. */
export type FlatFactKey = {
  [K in FactKey]: (typeof FACT_KINDS)[K] extends { owns: object } ? never : K;
}[FactKey];
export const FLAT_FACT_KEYS = FACT_KEYS.filter((k): k is FlatFactKey => !('owns' in FACT_KINDS[k]));
/** A flat kind's stored row. */
export type FlatFactRow<K extends FlatFactKey> = (typeof FACT_KINDS)[K]['table']['$inferSelect'];

/** A kind's owned tables, with the key of each one's list on the owning item. */
export function ownedOf(kind: AnyFactKind): [list: string, owned: AnyOwned][] {
  return Object.entries(kind.owns ?? {});
}

/** The rows an item owns under a list key (a project's amounts). */
export function ownedRows(item: object, list: string): readonly object[] {
  // the list keys are those of FACT_KINDS' owns, each a list of the item (checked by the tests)
  return (item as Record<string, readonly object[]>)[list] ?? [];
}

/** How many facts an import stored: the items of the counted kinds and the rows they own. */
export function factCount(d: Disclosure): number {
  let n = 0;
  for (const key of FACT_KEYS) {
    const kind: AnyFactKind = FACT_KINDS[key];
    if (!kind.counted) continue;
    const lists = ownedOf(kind);
    for (const item of d[key]) {
      n++;
      for (const [list] of lists) n += ownedRows(item, list).length;
    }
  }
  return n;
}

/** The columns a writer gives of a table: all but the owner's id and an id the database assigns. */
export function writtenColumns(table: Table, owner: string): string[] {
  return Object.entries(getTableColumns(table))
    .filter(([key, c]) => key !== owner && !(c.primary && 'autoIncrement' in c && c.autoIncrement))
    .map(([key]) => key);
}

/** The keys of an object literal, in order, typed as its keys. */
function keysOf<T extends object>(o: T): Extract<keyof T, string>[] {
  // Object.keys types its keys as string: these are exactly T's (an object literal, no prototype keys)
  return Object.keys(o) as Extract<keyof T, string>[];
}

/** An object with a value for each key, made by `make`: Object.fromEntries with its keys' types. */
export function keyed<K extends string, V>(keys: readonly K[], make: (key: K) => V): Record<K, V> {
  // Object.fromEntries types its result as a string record: its keys are exactly `keys`
  return Object.fromEntries(keys.map((k) => [k, make(k)])) as Record<K, V>;
}
