import fs from 'node:fs';
import type { Config } from '../config.js';
import { type Db, openDatabase } from './client.js';

export type DatabaseSettings = Pick<Config, 'databasePath' | 'seedsPath'> &
  Partial<Pick<Config, 'testMaxPageCount'>>;

/**
 * Opens a database file for writing and runs `work` on it, then closes it. When the file did not
 * exist before and opening or the work fails (a full disk while migrating), the file and its
 * -wal, -shm and -journal are removed: no stub database is left for the next start to trust.
 */
export function withWritableDatabase<T>(
  settings: Pick<DatabaseSettings, 'databasePath' | 'testMaxPageCount'>,
  work: (db: Db) => T,
): T {
  const file = settings.databasePath;
  const created = file !== ':memory:' && !fs.existsSync(file);
  let db: Db | undefined;
  try {
    db = openDatabase(file, { maxPageCount: settings.testMaxPageCount || undefined });
    return work(db);
  } catch (error) {
    if (created) {
      db?.$client.close();
      db = undefined;
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
    }
    throw error;
  } finally {
    db?.$client.close();
  }
}
