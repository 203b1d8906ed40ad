import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ROOT } from '../config.js';
import * as schema from './schema.js';
import { BoundedMap } from './version.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(ROOT, 'db', 'migrations');

export interface OpenOptions {
  readonly?: boolean;
  /** Called with every SQL statement the driver prepares or the query builder runs (tests count them). */
  onStatement?: (sql: string) => void;
  /**
   * Caps the database at this many pages (PRAGMA max_page_count) on a connection that writes, so a
   * write past it fails with SQLITE_FULL as on a full disk: tests set it (YUSUAN_TEST_MAX_PAGE_COUNT).
   */
  maxPageCount?: number;
}

/** Opens a database file (or ':memory:'). Read-write opens create the file and its folder. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  if (!readonly && file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, { readonly, fileMustExist: readonly });
  if (!readonly && options.maxPageCount)
    sqlite.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  if (options.onStatement) {
    const onStatement = options.onStatement;
    statementHooks.set(sqlite, onStatement);
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      onStatement(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
  }
  // the driver calls only prepare and transaction on its client (drizzle-orm/better-sqlite3/session):
  // a stand-in with those two is the connection as far as drizzle can tell
  const client = keptStatements(sqlite, options.onStatement) as unknown as Database.Database;
  const db = drizzle({ client, schema }) as Db;
  // what the rest of the code reaches through db.$client is the connection itself
  db.$client = sqlite;
  return db;
}

const statementHooks = new WeakMap<Database.Database, (sql: string) => void>();

/**
 * Tells a connection's `onStatement` hook of a statement run again without being prepared (a
 * kept query): the hook sees every statement a request runs, prepared or kept.
 */
export function noteStatement(db: Db, source: string): void {
  statementHooks.get(db.$client)?.(source);
}

/** SQL texts whose prepared statements one connection keeps for the query builder. */
const KEPT_STATEMENTS = 500;

/**
 * The connection as the query builder sees it: a statement it builds is prepared once per
 * connection and SQL text, then reused (Drizzle prepares every query afresh, which was a tenth of
 * a GraphQL request's time). The builder writes values as parameters, so the texts are few: one
 * per query shape and list length, at most KEPT_STATEMENTS kept. A kept statement is handed out
 * in its default mode (the builder reads selections raw, plain SQL as objects). The builder only
 * runs a statement to its end (all, get, run: it has no iterator for this driver), so a kept one
 * is never busy when asked for again. The `onStatement` hook still sees every statement asked for.
 */
function keptStatements(
  sqlite: Database.Database,
  onStatement?: (sql: string) => void,
): Pick<Database.Database, 'prepare' | 'transaction'> {
  const kept = new BoundedMap<string, Database.Statement>(KEPT_STATEMENTS);
  return {
    prepare: ((source: string) => {
      let statement = kept.get(source);
      if (statement === undefined) {
        statement = sqlite.prepare(source);
        kept.set(source, statement);
        return statement;
      }
      onStatement?.(source);
      if (statement.reader) statement.raw(false);
      return statement;
    }) as Database.Database['prepare'],
    transaction: ((fn: (...args: unknown[]) => unknown) =>
      sqlite.transaction(fn)) as Database.Database['transaction'],
  };
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
  const watched = watchedForFailure(db.$client);
  try {
    try {
      migrate(watched.db, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      // the migrator's ROLLBACK fails where SQLite already rolled back (a full disk does): the
      // statement that failed first is what went wrong, not the ROLLBACK
      throw watched.first() ?? error;
    }
    // the whole-database scan only when a migration ran (an up-to-date start skips it)
    if (applied() === before) return;
    const broken = db.$client.pragma('foreign_key_check') as unknown[];
    if (broken.length) throw new Error(`migration left ${broken.length} broken references`);
  } finally {
    db.$client.pragma('foreign_keys = ON');
  }
}

/**
 * The database through a client that remembers the first error any statement threw, so that an
 * error the driver reports in place of it (a failed ROLLBACK) does not hide it.
 */
function watchedForFailure(sqlite: Database.Database): { db: Db; first: () => unknown } {
  let first: unknown;
  const watch = (statement: Database.Statement): Database.Statement => {
    const proxy: Database.Statement = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          try {
            const result = value.apply(target, args);
            return result === target ? proxy : result;
          } catch (error) {
            first ??= error;
            throw error;
          }
        };
      },
    });
    return proxy;
  };
  // only the two methods the driver calls (see openDatabase)
  const client = {
    prepare: (source: string) => watch(sqlite.prepare(source)),
    transaction: sqlite.transaction.bind(sqlite),
  } as unknown as Database.Database;
  return { db: drizzle({ client, schema }) as Db, first: () => first };
}

/** A read-only connection's BEGIN and COMMIT, prepared once (past any statement hook: they read nothing). */
const turnStatements = new WeakMap<
  Database.Database,
  { begin: Database.Statement; commit: Database.Statement }
>();

/**
 * Puts what a read-only file connection reads until the end of this turn of the event loop into
 * one read transaction. Outside a transaction every statement opens and closes a read
 * transaction of its own (in WAL mode: a read lock and a look at the WAL index, about 6 µs, more
 * than the lookup of a row); a GraphQL answer runs its statements in one turn (DataLoader batches
 * are dispatched on ticks, not timers), so they share one snapshot, which is also consistent.
 * The transaction ends in the turn's check phase (setImmediate), so it never outlives the turn:
 * a commit by another process (an import) is seen by the next turn, and checkpoints are held up
 * by a turn at most. A connection that writes (every in-memory one does: SQLite cannot open one
 * read-only) or one already in a transaction is left as it is.
 */
export function readTurn(db: Db): void {
  const connection = db.$client;
  if (!connection.readonly || connection.inTransaction) return;
  let statements = turnStatements.get(connection);
  if (!statements) {
    const prepare = (source: string) => Database.prototype.prepare.call(connection, source);
    statements = { begin: prepare('begin'), commit: prepare('commit') };
    turnStatements.set(connection, statements);
  }
  const { begin, commit } = statements;
  begin.run();
  setImmediate(function end() {
    if (!connection.open || !connection.inTransaction) return;
    try {
      commit.run();
    } catch {
      // a statement still being iterated on this connection: try again next turn
      setImmediate(end);
    }
  });
}
