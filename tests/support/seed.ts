import path from 'node:path';
import { ROOT } from '../../src/config.js';
import type { Disclosure } from '../../src/disclosure/facts.js';
import { readSubjectCodes, SubjectCatalog } from '../../src/disclosure/subjects.js';
import { readDisclosureSync } from '../../src/importer/index.js';

/** The seed: the published document, verbatim. */
export const SEED_DOCUMENT_FILE = path.join(ROOT, 'seeds', 'disclosures', '2024-122201.txt');
export const SUBJECT_CODES = path.join(ROOT, 'seeds', 'reference', 'subject-codes.csv');

/** A fresh copy of the seed disclosure's facts, read from its document (tests may corrupt it). */
export function seedDisclosure(): Disclosure {
  return readDisclosureSync(SEED_DOCUMENT_FILE, seedCatalog()).disclosure;
}

export function seedCatalog(): SubjectCatalog {
  return new SubjectCatalog(readSubjectCodes(SUBJECT_CODES));
}
