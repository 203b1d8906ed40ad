import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client.js';
import { loadCatalog } from '../db/disclosures.js';
import { runChecks } from '../disclosure/checks.js';
import { readSubjectCodes, SubjectCatalog } from '../disclosure/subjects.js';
import { readFactFolder } from './fact-folder.js';
import { ImportFailed } from './problems.js';
import { type WriteResult, writeDisclosure, writeSubjects } from './write.js';

export const SUBJECT_CODES_FILE = path.join('reference', 'subject-codes.csv');
export const DISCLOSURES_FOLDER = 'disclosures';

export interface ImportResult extends WriteResult {
  unitCode: string;
  year: number;
  checks: { passed: number; failed: number };
}

/**
 * Imports one disclosure folder: read and validate every file, run every consistency check,
 * then write all facts in one transaction. Nothing is written when anything is wrong.
 */
export function importFolder(db: Db, dir: string, catalog: SubjectCatalog = loadCatalog(db)): ImportResult {
  const disclosure = readFactFolder(dir, catalog);
  const checks = runChecks(disclosure, catalog);
  const failed = checks.filter((c) => !c.passed);
  if (failed.length) {
    throw new ImportFailed(
      failed.map((c) => ({
        file: path.basename(dir),
        row: null,
        column: `check ${c.id}${c.detail ? ` (${c.detail})` : ''}`,
        expected: `${c.description}: ${c.expected}`,
        found: c.found,
      })),
    );
  }
  const written = writeDisclosure(db, disclosure);
  return {
    ...written,
    unitCode: disclosure.unit.code,
    year: disclosure.year,
    checks: { passed: checks.length, failed: 0 },
  };
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
  return db.transaction(() => {
    writeSubjects(db, subjects);
    return folders.map((dir) => importFolder(db, dir, catalog));
  });
}
