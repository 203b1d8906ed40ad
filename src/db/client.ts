import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ROOT } from '../config.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(ROOT, 'db', 'migrations');

export interface OpenOptions {
  readonly?: boolean;
  /** Called with every SQL statement the driver prepares (tests count them). */
  onStatement?: (sql: string) => void;
}

/** Opens a database file (or ':memory:'). Read-write opens create the file and its folder. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  if (!readonly && file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { readonly, fileMustExist: readonly });
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  if (options.onStatement) {
    const onStatement = options.onStatement;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      onStatement(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
  }
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * Applies the migrations. A migration that rebuilds a table (SQLite's way to change a column)
 * drops the old one: with foreign keys enforced that would cascade into its child rows, so
 * they are off while migrating (the pragma works only outside the migrations' transaction)
 * and every reference is checked after.
 */
export function migrateDatabase(db: Db): void {
  const applied = () => {
    try {
      return db.$client.prepare('select count(*) from __drizzle_migrations').pluck().get() as number;
    } catch {
      return 0; // a new database: no migration table yet
    }
  };
  const before = applied();
  db.$client.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    // the whole-database scan only when a migration ran (an up-to-date start skips it)
    if (applied() === before) return;
    const broken = db.$client.pragma('foreign_key_check') as unknown[];
    if (broken.length) throw new Error(`migration left ${broken.length} broken references`);
  } finally {
    db.$client.pragma('foreign_keys = ON');
  }
}
