import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../src/config.js';
import { type Db, migrateDatabase, type OpenOptions, openDatabase } from '../../src/db/client.js';
import { readRegions } from '../../src/disclosure/regions.js';
import { readSubjectCodes } from '../../src/disclosure/subjects.js';
import { REGIONS_FILE, SUBJECT_CODES_FILE, seedDatabase } from '../../src/importer/index.js';
import { writeRegions, writeSubjects } from '../../src/importer/write.js';

export const SEEDS = path.join(ROOT, 'seeds');

export function tempDir(prefix = 'yusuan-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A migrated, seeded database file in a fresh temporary folder. */
export function seededDatabaseFile(): string {
  const file = path.join(tempDir(), 'yusuan.sqlite');
  const db = openDatabase(file);
  migrateDatabase(db);
  seedDatabase(db, SEEDS);
  db.$client.close();
  return file;
}

export function seededMemoryDatabase(options: OpenOptions = {}): Db {
  const db = openDatabase(':memory:', options);
  migrateDatabase(db);
  seedDatabase(db, SEEDS);
  return db;
}

/** A migrated database holding only the reference code list: what a first import meets. */
export function emptyDatabase(): Db {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  writeSubjects(db, readSubjectCodes(path.join(SEEDS, SUBJECT_CODES_FILE)));
  writeRegions(db, readRegions(path.join(SEEDS, REGIONS_FILE)));
  return db;
}
