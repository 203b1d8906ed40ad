import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client.js';
import { loadCatalog } from '../db/disclosures.js';
import { importNotes } from '../db/schema.js';
import { runChecks } from '../disclosure/checks.js';
import type { Disclosure } from '../disclosure/facts.js';
import { readSubjectCodes, SubjectCatalog } from '../disclosure/subjects.js';
import { FACT_FILES, readFactFolder } from './fact-folder.js';
import { faultPoint } from './fault.js';
import { FieldReader } from './fields.js';
import { MANIFEST_FILE, type ManifestPart, readManifest } from './manifest.js';
import { ImportFailed, type ImportProblem } from './problems.js';
import { readTableFolder, readWorkbook, type TableInput, tableFileName } from './table-input.js';
import { type TableImportOptions, tablesToFacts } from './tables-to-facts.js';
import { type WriteResult, writeDisclosure, writeSubjects } from './write.js';

export const SUBJECT_CODES_FILE = path.join('reference', 'subject-codes.csv');
export const DISCLOSURES_FOLDER = 'disclosures';

export interface ImportOptions extends TableImportOptions {
  /** a manifest for a workbook (a table folder carries its own manifest.json) */
  manifest?: string;
}

export interface ImportResult extends WriteResult {
  unitCode: string;
  unitName: string;
  year: number;
  facts: number;
  checks: { passed: number; failed: number };
  /** published totals accepted within the rounding tolerance */
  roundingDifferences: ImportProblem[];
}

export type DisclosureFormat = 'facts' | 'tables' | 'workbook';

/** What kind of disclosure a path holds, or null when it is none Yusuan reads. */
export function formatOf(target: string): DisclosureFormat | null {
  if (!fs.existsSync(target)) return null;
  if (fs.statSync(target).isFile()) return target.toLowerCase().endsWith('.xlsx') ? 'workbook' : null;
  if (fs.existsSync(path.join(target, FACT_FILES.functional))) return 'facts';
  if (fs.existsSync(path.join(target, MANIFEST_FILE)) || fs.existsSync(path.join(target, tableFileName(1))))
    return 'tables';
  return null;
}

/** Reads and validates a disclosure in any format; throws ImportFailed with every problem. */
export async function readDisclosure(
  target: string,
  catalog: SubjectCatalog,
  options: ImportOptions = {},
): Promise<{ disclosure: Disclosure; roundingDifferences: ImportProblem[] }> {
  const format = formatOf(target);
  const name = path.basename(target);
  if (!format) {
    throw new ImportFailed([
      {
        file: name,
        row: null,
        column: null,
        expected: `a disclosure folder (manifest.json with 01.csv … 14.csv, or fact files) or an .xlsx workbook`,
        found: fs.existsSync(target) ? 'neither' : 'no such file or folder',
      },
    ]);
  }
  if (format === 'facts') return { disclosure: readFactFolder(target, catalog), roundingDifferences: [] };

  const problems: ImportProblem[] = [];
  const reader = new FieldReader(problems);
  let manifest: ManifestPart | null;
  let tables: TableInput[];
  if (format === 'tables') {
    manifest = readManifest(target, reader);
    tables = readTableFolder(target, problems);
  } else {
    tables = await readWorkbook(target, problems);
    manifest = options.manifest
      ? readManifest(path.dirname(options.manifest), reader, path.basename(options.manifest))
      : tables.length
        ? manifestFromWorkbook(tables, name, reader)
        : null;
  }
  // Tables that could be read are still checked, so that one report lists every problem.
  if (!manifest) throw new ImportFailed(problems);
  const result = tablesToFacts(manifest, tables, catalog, problems, options);
  if (!result || problems.length) throw new ImportFailed(problems);
  return result;
}

/** A workbook without a manifest names its unit, department and year in its tables. */
function manifestFromWorkbook(tables: TableInput[], file: string, reader: FieldReader): ManifestPart | null {
  const income = tables.find((t) => t.layout.no === 2);
  const [, department, unit] = income?.body ?? [];
  const year = Number(/^(\d{4})年/.exec(tables[0]?.title ?? '')?.[1]);
  if (!department || !unit || !year) {
    reader.problem(
      file,
      null,
      null,
      'a workbook whose table 02 names the department and unit and whose titles name the year (or --manifest)',
      'neither',
    );
    return null;
  }
  const unitName = unit[1] ?? '';
  return {
    source: file,
    title: `${unitName}${year}年度单位预算`,
    publishedOn: null,
    year,
    stage: 'budget',
    department: { code: department[0] ?? '', name: department[1] ?? '' },
    unit: {
      code: unit[0] ?? '',
      name: unitName,
      nature: null,
      rank: null,
      staffingQuota: null,
      staffCount: null,
      internalDivisions: [],
      duties: [],
      formation: null,
    },
    priorYear: [],
    procurement: [],
    assets: [],
    narrative: [],
    subjects: [],
    projectSubjects: {},
  };
}

export function factCount(d: Disclosure): number {
  return (
    d.incomes.length +
    d.functional.length +
    d.economic.length +
    d.basicItems.length +
    d.projects.reduce((n, p) => n + 1 + p.amounts.length + p.indicators.length, 0) +
    d.threePublic.length +
    d.operatingCosts.length +
    d.priorYear.length
  );
}

/**
 * Imports one disclosure: read and validate every file, run every consistency check, then
 * write all facts in one transaction as a new revision. Nothing is written when anything is wrong.
 */
export async function importDisclosure(
  db: Db,
  target: string,
  options: ImportOptions = {},
  catalog: SubjectCatalog = loadCatalog(db),
): Promise<ImportResult> {
  const { disclosure, roundingDifferences } = await readDisclosure(target, catalog, options);
  faultPoint('reading');
  return storeDisclosure(
    db,
    disclosure,
    catalog.with(disclosure.declaredSubjects),
    roundingDifferences,
    path.basename(target),
  );
}

function storeDisclosure(
  db: Db,
  disclosure: Disclosure,
  catalog: SubjectCatalog,
  roundingDifferences: ImportProblem[],
  name: string,
): ImportResult {
  const checks = runChecks(disclosure, catalog);
  const failed = checks.filter((c) => !c.passed);
  if (failed.length) {
    throw new ImportFailed(
      failed.map((c) => ({
        file: name,
        row: null,
        column: `check ${c.id}${c.detail ? ` (${c.detail})` : ''}`,
        expected: `${c.description}: ${c.expected}`,
        found: c.found,
      })),
    );
  }
  // immediate: two imports of one unit-year cannot both read revision n and both write n+1
  const written = db.transaction(
    (tx) => {
      const result = writeDisclosure(tx as unknown as Db, disclosure);
      if (result.created && roundingDifferences.length) {
        tx.insert(importNotes)
          .values(roundingDifferences.map((p) => ({ budgetId: result.budgetId, ...p })))
          .run();
      }
      return result;
    },
    { behavior: 'immediate' },
  );
  return {
    ...written,
    unitCode: disclosure.unit.code,
    unitName: disclosure.unit.name,
    year: disclosure.year,
    facts: factCount(disclosure),
    checks: { passed: checks.length, failed: 0 },
    roundingDifferences,
  };
}

/** Imports a fact folder synchronously (the seed path). */
export function importFolder(db: Db, dir: string, catalog: SubjectCatalog = loadCatalog(db)): ImportResult {
  const disclosure = readFactFolder(dir, catalog);
  return storeDisclosure(db, disclosure, catalog.with(disclosure.declaredSubjects), [], path.basename(dir));
}

/** The disclosures under a folder: itself when it is one, else each sub-folder or workbook that is. */
export function disclosuresUnder(target: string): string[] {
  if (formatOf(target)) return [target];
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) return [target];
  return fs
    .readdirSync(target)
    .sort()
    .map((entry) => path.join(target, entry))
    .filter((entry) => formatOf(entry));
}

/**
 * Loads seeds/ in one transaction: the reference code list, then every disclosure folder.
 * Idempotent: a disclosure whose facts are already the latest revision is left as it is.
 */
export function seedDatabase(db: Db, seedsDir: string): ImportResult[] {
  const subjects = readSubjectCodes(path.join(seedsDir, SUBJECT_CODES_FILE));
  const catalog = new SubjectCatalog(subjects);
  const folders = fs
    .readdirSync(path.join(seedsDir, DISCLOSURES_FOLDER), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(seedsDir, DISCLOSURES_FOLDER, e.name))
    .sort();
  return db.transaction(
    () => {
      writeSubjects(db, subjects);
      return folders.map((dir) => importFolder(db, dir, catalog));
    },
    { behavior: 'immediate' },
  );
}
