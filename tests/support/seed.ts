import path from 'node:path';
import { ROOT } from '../../src/config.js';
import type { Disclosure } from '../../src/disclosure/facts.js';
import { readSubjectCodes, SubjectCatalog } from '../../src/disclosure/subjects.js';
import { readFactFolder } from '../../src/importer/fact-folder.js';

export const SEED_FOLDER = path.join(ROOT, 'seeds', 'disclosures', '2024-122201');
export const SUBJECT_CODES = path.join(ROOT, 'seeds', 'reference', 'subject-codes.csv');

/** A fresh copy of the seed disclosure's facts (tests may corrupt it). */
export function seedDisclosure(): Disclosure {
  return readFactFolder(SEED_FOLDER);
}

export function seedCatalog(): SubjectCatalog {
  return new SubjectCatalog(readSubjectCodes(SUBJECT_CODES));
}
