import { type Disclosure, type Project, parseIndicatorValue } from '../disclosure/facts.js';
import type { SubjectCatalog } from '../disclosure/subjects.js';
import {
  BASIC_ITEM_TYPES,
  CATEGORIES,
  CATEGORY_GROUPS,
  FUNDS,
  INCOME_OF_WHICH,
  INDICATOR_KINDS,
  PROJECT_CATEGORIES,
  type ProjectCategory,
  type SubjectScheme,
  THREE_PUBLIC_ITEMS,
} from '../domain.js';
import { FieldReader, type Row, readCsv } from './fields.js';
import { LabelBook } from './labels.js';
import { checkDeclared, readManifest } from './manifest.js';
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

/**
 * Reads and checks one fact folder; throws ImportFailed listing every problem found. With a
 * catalog, every subject code must exist in it and every label must agree with its name.
 */
export function readFactFolder(dir: string, referenceCatalog?: SubjectCatalog): Disclosure {
  const problems: ImportProblem[] = [];
  const reader = new FieldReader(problems);
  const manifest = readManifest(dir, reader);
  if (!manifest) throw new ImportFailed(problems);
  if (referenceCatalog) checkDeclared(referenceCatalog, manifest.subjects, reader);
  // a declared code the list already has keeps the list's name (checkDeclared reports a different one)
  const declaredSubjects = referenceCatalog
    ? manifest.subjects.filter((s) => !referenceCatalog.get(s.scheme, s.code))
    : manifest.subjects;
  const catalog = referenceCatalog?.with(declaredSubjects);

  const rows = {} as Record<keyof typeof COLUMNS, Row[]>;
  for (const key of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
    rows[key] = readCsv(dir, FACT_FILES[key], COLUMNS[key], problems);
  }
  if (problems.length) throw new ImportFailed(problems);

  const labels = new LabelBook(reader, catalog);
  const label = (file: string, r: Row, scheme: SubjectScheme, codeColumn: string, labelColumn: string) =>
    labels.record(scheme, r.cells[codeColumn]!, r.cells[labelColumn]!, {
      file,
      row: r.row,
      codeColumn,
      labelColumn,
    });

  const f = FACT_FILES;
  const { subjects: _asWritten, projectSubjects: _, ...stated } = manifest;
  const disclosure: Disclosure = {
    ...stated,
    declaredSubjects,
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
      if (catalog && !catalog.get('functional', project.functionalSubjectCode)) {
        reader.problem(
          f.projects,
          r.row,
          'functional_subject_code',
          'a functional code in the code list',
          `"${project.functionalSubjectCode}"`,
        );
      }
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
  disclosure.labels = labels.overrides();
  findDuplicates(rows, problems);

  if (problems.length) throw new ImportFailed(problems);
  return disclosure;
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
