import { count } from 'drizzle-orm';
import type { Config } from '../config.js';
import { seedDatabase } from '../importer/index.js';
import { migrateDatabase, openDatabase } from './client.js';
import { budgets } from './schema.js';

/**
 * Brings the database file up to date: applies migrations and, on an empty database, loads
 * the seeds. Returns what it did, for the caller to report.
 */
export function prepareDatabase(config: Pick<Config, 'databasePath' | 'seedsPath'>): { seeded: number } {
  const db = openDatabase(config.databasePath);
  try {
    migrateDatabase(db);
    const [row] = db.select({ n: count() }).from(budgets).all();
    if (row && row.n > 0) return { seeded: 0 };
    return { seeded: seedDatabase(db, config.seedsPath).filter((r) => r.created).length };
  } finally {
    db.$client.close();
  }
}
