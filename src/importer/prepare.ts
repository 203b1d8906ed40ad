import { count } from 'drizzle-orm';
import { migrateDatabase } from '../db/client.js';
import { budgets } from '../db/schema.js';
import { type DatabaseSettings, withWritableDatabase } from '../db/writable.js';
import { seedDatabase } from './index.js';

/**
 * Brings the database file up to date: applies migrations and, on an empty database, loads
 * the seeds. Returns what it did, for the caller to report.
 */
export function prepareDatabase(config: DatabaseSettings): { seeded: number } {
  return withWritableDatabase(config, (db) => {
    migrateDatabase(db);
    const [row] = db.select({ n: count() }).from(budgets).all();
    if (row && row.n > 0) return { seeded: 0 };
    return { seeded: seedDatabase(db, config.seedsPath).filter((r) => r.created).length };
  });
}
