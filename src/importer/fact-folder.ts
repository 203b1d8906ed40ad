import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  type Disclosure,
  type Project,
  parseIndicatorValue,
  type SubjectLabel,
} from '../disclosure/facts.js';
import type { SubjectCatalog } from '../disclosure/subjects.js';
import {
  BASIC_ITEM_TYPES,
  CATEGORIES,
  CATEGORY_GROUPS,
  FUNDS,
  INCOME_OF_WHICH,
  INDICATOR_KINDS,
  isKeyOf,
  PRIOR_YEAR_METRICS,
  PROCUREMENT_KINDS,
  PROJECT_CATEGORIES,
  type ProjectCategory,
  STAGES,
  SUBJECT_SCHEMES,
  THREE_PUBLIC_ITEMS,
} from '../domain.js';
import { AmountError, parseWan, type Yuan } from '../money.js';
import { ImportFailed, type ImportProblem } from './problems.js';

/**
 * A fact folder: one unit-year disclosure as reviewable files, one per kind of fact
 * (the seed format). Amounts are 万元 with at most two decimals, as the document prints them.
 */
export const FACT_FILES = {
  manifest: 'manifest.json',
  income: 'income.csv',
  functional: 'functional-expenditures.csv',
  economic: 'economic-expenditures.csv',
  basicItems: 'basic-items.csv',
  projects: 'projects.csv',
  indicators: 'performance-indicators.csv',
  threePublic: 'three-public-costs.csv',
  operatingCosts: 'operating-costs.csv',
} as const;

const COLUMNS: Record<Exclude<keyof typeof FACT_FILES, 'manifest'>, string[]> = {
  income: ['source', 'amount'],
  functional: ['subject_code', 'label', 'category', 'fund', 'amount'],
  economic: [
    'department_code',
    'department_label',
    'government_code',
    'government_label',
    'group',
    'fund',
    'amount',
  ],
  basicItems: ['type', 'name', 'fund', 'amount'],
  projects: ['code', 'name', 'performance_name', 'category', 'functional_subject_code', 'fund', 'amount'],
  indicators: ['project_code', 'kind', 'name', 'value'],
  threePublic: ['item', 'amount'],
  operatingCosts: ['department_code', 'label', 'amount'],
};

type Row = { cells: Record<string, string>; row: number };

/**
 * Reads and checks one fact folder; throws ImportFailed listing every problem found. With a
 * catalog, every subject code must exist in it and every label must agree with its name.
 */
export function readFactFolder(dir: string, catalog?: SubjectCatalog): Disclosure {
  const problems: ImportProblem[] = [];
  const reader = new FieldReader(problems);

  const manifestFile = FACT_FILES.manifest;
  let manifest: Manifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, manifestFile), 'utf8'));
  } catch (error) {
    problems.push({
      file: manifestFile,
      row: null,
      column: null,
      expected: 'a readable JSON manifest',
      found: String(error),
    });
    throw new ImportFailed(problems);
  }

  const rows = {} as Record<keyof typeof COLUMNS, Row[]>;
  for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
    rows[key] = readCsv(dir, FACT_FILES[key], COLUMNS[key], problems);
  }
  if (problems.length) throw new ImportFailed(problems);

  const labels = new Map<string, SubjectLabel & { file: string; row: number }>();
  /** Records the label a row gives a code; the code must exist and the label agree with its name. */
  const label = (
    file: string,
    r: Row,
    scheme: SubjectLabel['scheme'],
    codeColumn: string,
    labelColumn: string,
  ) => {
    const code = r.cells[codeColumn]!;
    const text = r.cells[labelColumn]!;
    const key = `${scheme}:${code}`;
    const column = labelColumn;
    if (catalog && /^\d+$/.test(code)) {
      const official = catalog.get(scheme, code);
      if (!official) {
        reader.problem(
          file,
          r.row,
          codeColumn,
          `a ${SUBJECT_SCHEMES[scheme].label} code in the code list`,
          `"${code}"`,
        );
      } else if (sameName(official.name) !== sameName(text)) {
        reader.problem(
          file,
          r.row,
          column,
          `the name of ${code} in the code list, "${official.name}"`,
          `"${text}"`,
        );
      }
    }
    const known = labels.get(key);
    if (known && known.label !== text) {
      reader.problem(
        file,
        r.row,
        'label',
        `the label "${known.label}" used at row ${known.row}`,
        `"${text}"`,
      );
    }
    labels.set(key, { scheme, code, label: text, file, row: r.row });
  };

  const f = FACT_FILES;
  const disclosure: Disclosure = {
    source: reader.text(manifestFile, manifest, 'source'),
    title: reader.text(manifestFile, manifest, 'title'),
    publishedOn: manifest.publishedOn ?? null,
    year: reader.integer(manifestFile, manifest, 'year'),
    stage: reader.oneOf(manifestFile, null, 'stage', manifest.stage, STAGES),
    department: {
      code: reader.text(manifestFile, manifest.department ?? {}, 'code'),
      name: reader.text(manifestFile, manifest.department ?? {}, 'name'),
    },
    unit: {
      code: reader.text(manifestFile, manifest.unit ?? {}, 'code'),
      name: reader.text(manifestFile, manifest.unit ?? {}, 'name'),
      nature: manifest.unit?.nature ?? null,
      rank: manifest.unit?.rank ?? null,
      staffingQuota: manifest.unit?.staffingQuota ?? null,
      staffCount: manifest.unit?.staffCount ?? null,
      internalDivisions: manifest.unit?.internalDivisions ?? [],
      duties: manifest.unit?.duties ?? [],
      formation: manifest.unit?.formation ?? null,
    },
    labels: [],
    incomes: rows.income.map((r) => ({
      source: reader.oneOf(f.income, r.row, 'source', r.cells.source!, { ...FUNDS, ...INCOME_OF_WHICH }),
      amount: reader.amount(f.income, r, 'amount'),
    })),
    functional: rows.functional.map((r) => {
      const subjectCode = reader.code(f.functional, r, 'subject_code', 7);
      label(f.functional, r, 'functional', 'subject_code', 'label');
      return {
        subjectCode,
        category: reader.oneOf(f.functional, r.row, 'category', r.cells.category!, CATEGORIES),
        fund: reader.oneOf(f.functional, r.row, 'fund', r.cells.fund!, FUNDS),
        amount: reader.amount(f.functional, r, 'amount'),
      };
    }),
    economic: rows.economic.map((r, seq) => {
      const departmentCode = reader.code(f.economic, r, 'department_code', 5);
      const governmentCode = reader.code(f.economic, r, 'government_code', 5);
      label(f.economic, r, 'economicDepartment', 'department_code', 'department_label');
      label(f.economic, r, 'economicGovernment', 'government_code', 'government_label');
      return {
        departmentCode,
        governmentCode,
        group: reader.oneOf(f.economic, r.row, 'group', r.cells.group!, CATEGORY_GROUPS),
        fund: reader.oneOf(f.economic, r.row, 'fund', r.cells.fund!, FUNDS),
        amount: reader.amount(f.economic, r, 'amount'),
        seq: seq + 1,
      };
    }),
    basicItems: rows.basicItems.map((r, seq) => ({
      seq: seq + 1,
      type: reader.oneOf(f.basicItems, r.row, 'type', r.cells.type!, BASIC_ITEM_TYPES),
      name: reader.nonEmpty(f.basicItems, r, 'name'),
      fund: reader.oneOf(f.basicItems, r.row, 'fund', r.cells.fund!, FUNDS),
      amount: reader.amount(f.basicItems, r, 'amount'),
    })),
    projects: [],
    threePublic: rows.threePublic.map((r) => ({
      item: reader.oneOf(f.threePublic, r.row, 'item', r.cells.item!, THREE_PUBLIC_ITEMS),
      amount: reader.amount(f.threePublic, r, 'amount'),
    })),
    operatingCosts: rows.operatingCosts.map((r) => {
      const departmentCode = reader.code(f.operatingCosts, r, 'department_code', 5);
      label(f.operatingCosts, r, 'economicDepartment', 'department_code', 'label');
      return { departmentCode, amount: reader.amount(f.operatingCosts, r, 'amount') };
    }),
    priorYear: records(manifest.priorYear).map((p, i) => ({
      metric: reader.oneOf(manifestFile, i + 1, 'priorYear.metric', String(p.metric), PRIOR_YEAR_METRICS),
      entity: reader.text(manifestFile, p, 'entity'),
      basis: p.basis === true,
      amount: reader.wan(manifestFile, i + 1, 'priorYear.amount', p.amount),
    })),
    procurement: Object.entries(manifest.procurement ?? {}).map(([kind, amount]) => ({
      kind: reader.oneOf(manifestFile, null, 'procurement', kind, PROCUREMENT_KINDS),
      amount: reader.wan(manifestFile, null, `procurement.${kind}`, amount),
    })),
    assets: records(manifest.assets).map((a, i) => ({
      item: reader.text(manifestFile, a, 'item'),
      label: reader.text(manifestFile, a, 'label'),
      amount: a.amount === undefined ? null : reader.wan(manifestFile, i + 1, 'assets.amount', a.amount),
      count: Number.isInteger(a.count) ? (a.count as number) : null,
    })),
    narrative: records(manifest.narrative).map((n) => ({
      metric: reader.text(manifestFile, n, 'metric'),
      value: reader.text(manifestFile, n, 'value'),
      quote: reader.text(manifestFile, n, 'quote'),
    })),
  };

  const projects = new Map<string, Project>();
  for (const r of rows.projects) {
    const code = reader.nonEmpty(f.projects, r, 'code');
    let project = projects.get(code);
    if (!project) {
      project = {
        seq: projects.size + 1,
        code,
        name: reader.nonEmpty(f.projects, r, 'name'),
        performanceName: r.cells.performance_name || null,
        category: reader.oneOf(f.projects, r.row, 'category', r.cells.category!, PROJECT_CATEGORY_SET),
        functionalSubjectCode: reader.code(f.projects, r, 'functional_subject_code', 7),
        amounts: [],
        indicators: [],
      };
      projects.set(code, project);
    }
    project.amounts.push({
      fund: reader.oneOf(f.projects, r.row, 'fund', r.cells.fund!, FUNDS),
      amount: reader.amount(f.projects, r, 'amount'),
    });
  }
  const indicatorSeq = new Map<string, number>();
  for (const r of rows.indicators) {
    const project = projects.get(r.cells.project_code!);
    if (!project) {
      reader.problem(
        f.indicators,
        r.row,
        'project_code',
        `a code listed in ${f.projects}`,
        `"${r.cells.project_code}"`,
      );
      continue;
    }
    const kind = reader.oneOf(f.indicators, r.row, 'kind', r.cells.kind!, INDICATOR_KINDS);
    const seqKey = `${project.code}:${kind}`;
    const seq = (indicatorSeq.get(seqKey) ?? 0) + 1;
    indicatorSeq.set(seqKey, seq);
    const value = reader.nonEmpty(f.indicators, r, 'value');
    project.indicators.push({
      kind,
      seq,
      name: reader.nonEmpty(f.indicators, r, 'name'),
      value,
      ...parseIndicatorValue(value),
    });
  }
  disclosure.projects = [...projects.values()];
  for (const p of disclosure.projects) {
    if (catalog && !catalog.get('functional', p.functionalSubjectCode)) {
      reader.problem(
        f.projects,
        null,
        'functional_subject_code',
        'a functional code in the code list',
        `"${p.functionalSubjectCode}"`,
      );
    }
  }
  disclosure.labels = [...labels.values()]
    .filter((l) => !catalog || catalog.get(l.scheme, l.code)?.name !== l.label)
    .map(({ scheme, code, label: text }) => ({ scheme, code, label: text }));
  findDuplicates(rows, problems);

  if (problems.length) throw new ImportFailed(problems);
  return disclosure;
}

/** The manifest as parsed JSON: every field is checked as it is read. */
// biome-ignore lint/suspicious/noExplicitAny: untrusted JSON, narrowed field by field by FieldReader
type Manifest = Record<string, any>;

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'object' && v !== null) : [];
}

/** Names agree when they differ only in bracket width and spacing ("维修(护)费" = "维修（护）费"). */
function sameName(name: string): string {
  return name.replace(/\s+/g, '').replaceAll('（', '(').replaceAll('）', ')');
}

const UNIQUE_KEYS: Partial<Record<keyof typeof COLUMNS, string[]>> = {
  income: ['source'],
  functional: ['subject_code', 'category', 'fund'],
  economic: ['department_code', 'government_code', 'group', 'fund'],
  projects: ['code', 'fund'],
  threePublic: ['item'],
  operatingCosts: ['department_code'],
};

function findDuplicates(rows: Record<keyof typeof COLUMNS, Row[]>, problems: ImportProblem[]): void {
  for (const [file, columns] of Object.entries(UNIQUE_KEYS) as [keyof typeof COLUMNS, string[]][]) {
    const seen = new Map<string, number>();
    for (const r of rows[file]) {
      const key = columns.map((c) => r.cells[c]).join('|');
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push({
          file: FACT_FILES[file],
          row: r.row,
          column: columns.join('+'),
          expected: `no other row with the same ${columns.join(', ')} (row ${first} has it)`,
          found: `a duplicate of row ${first}`,
        });
      } else seen.set(key, r.row);
    }
  }
}

const PROJECT_CATEGORY_SET = Object.fromEntries(PROJECT_CATEGORIES.map((c) => [c, CATEGORIES[c]])) as Record<
  ProjectCategory,
  unknown
>;

function readCsv(dir: string, file: string, columns: string[], problems: ImportProblem[]): Row[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, file), 'utf8');
  } catch {
    problems.push({ file, row: null, column: null, expected: 'the file to exist', found: 'no such file' });
    return [];
  }
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    problems.push({
      file,
      row: null,
      column: null,
      expected: 'RFC 4180 CSV',
      found: (error as Error).message,
    });
    return [];
  }
  const header = records[0] ?? [];
  if (header.join(',') !== columns.join(',')) {
    problems.push({
      file,
      row: 1,
      column: null,
      expected: `header "${columns.join(',')}"`,
      found: `"${header.join(',')}"`,
    });
    return [];
  }
  return records.slice(1).flatMap((cells, i) => {
    const row = i + 2;
    if (cells.length !== columns.length) {
      problems.push({
        file,
        row,
        column: null,
        expected: `${columns.length} cells`,
        found: `${cells.length}`,
      });
      return [];
    }
    return [{ row, cells: Object.fromEntries(columns.map((c, j) => [c, cells[j]!])) }];
  });
}

/** Reads typed fields, recording a problem (and returning a placeholder) where a field is wrong. */
class FieldReader {
  constructor(private readonly problems: ImportProblem[]) {}

  problem(file: string, row: number | null, column: string | null, expected: string, found: string): void {
    this.problems.push({ file, row, column, expected, found });
  }

  text(file: string, object: Record<string, unknown>, key: string): string {
    const value = object[key];
    if (typeof value === 'string' && value.trim()) return value;
    this.problem(file, null, key, 'a non-empty text', JSON.stringify(value) ?? 'nothing');
    return '';
  }

  integer(file: string, object: Record<string, unknown>, key: string): number {
    const value = object[key];
    if (Number.isInteger(value)) return value as number;
    this.problem(file, null, key, 'an integer', JSON.stringify(value) ?? 'nothing');
    return 0;
  }

  nonEmpty(file: string, r: Row, column: string): string {
    const value = r.cells[column] ?? '';
    if (!value.trim()) this.problem(file, r.row, column, 'a non-empty value', 'an empty cell');
    return value;
  }

  code(file: string, r: Row, column: string, length: number): string {
    const value = r.cells[column] ?? '';
    if (!new RegExp(`^\\d{${length}}$`).test(value))
      this.problem(file, r.row, column, `a ${length}-digit code`, `"${value}"`);
    return value;
  }

  oneOf<T extends object>(
    file: string,
    row: number | null,
    column: string,
    value: string,
    table: T,
  ): Extract<keyof T, string> {
    if (typeof value === 'string' && isKeyOf(table, value)) return value;
    this.problem(file, row, column, `one of ${Object.keys(table).join(', ')}`, `"${value}"`);
    return Object.keys(table)[0] as Extract<keyof T, string>;
  }

  amount(file: string, r: Row, column: string): Yuan {
    const value = this.wan(file, r.row, column, r.cells[column]);
    if (value < 0) this.problem(file, r.row, column, 'a non-negative amount', `"${r.cells[column]}"`);
    return value;
  }

  wan(file: string, row: number | null, column: string, value: unknown): Yuan {
    try {
      if (typeof value !== 'string')
        throw new AmountError(`expected an amount in 万元 as text, found ${JSON.stringify(value)}`);
      return parseWan(value);
    } catch {
      this.problem(
        file,
        row,
        column,
        'an amount in 万元 with at most two decimals',
        JSON.stringify(value) ?? 'nothing',
      );
      return 0;
    }
  }
}
