import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../src/config.js';
import { type Db, migrateDatabase, openDatabase } from '../../src/db/client.js';
import { seedDatabase } from '../../src/importer/index.js';

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

export function seededMemoryDatabase(): Db {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  seedDatabase(db, SEEDS);
  return db;
}
