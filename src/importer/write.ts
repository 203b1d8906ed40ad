import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { Column, getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  type AnyFactKind,
  FACT_KEYS,
  FACT_KINDS,
  keyed,
  ownedOf,
  ownedRows,
  writtenColumns,
} from '../db/fact-kinds.js';
import * as t from '../db/schema.js';
import type { Disclosure } from '../disclosure/facts.js';
import type { Region } from '../disclosure/regions.js';
import type { Subject } from '../disclosure/subjects.js';
import { sum } from '../money.js';
import { faultPoint } from './fault.js';
import type { ImportProblem } from './problems.js';

export interface WriteResult {
  budgetId: number;
  revision: number;
  /** false when the latest revision already held exactly these facts */
  created: boolean;
}

export function contentHash(disclosure: Disclosure): string {
  return crypto.createHash('sha256').update(JSON.stringify(disclosure)).digest('hex');
}

type Row = Record<string, unknown>;

/**
 * A prepared INSERT of some columns of a Drizzle table: the SQL is built from the table's
 * description and each value goes through its column's own encoder (booleans, JSON), as
 * Drizzle's query builder would write it; a value left out is NULL, as the builder's DEFAULT is
 * for these columns (none of them has another default).
 *
 * Most columns are plain text or integer, whose encoder returns the value as it is: which
 * columns need one is decided here, once, not per value (the import writes ~150 rows a document).
 * owned: the first column is the owner's id (budget_id), given apart from the row, so that a
 * fact is written without first being copied into a new object with it.
 */
function inserter(connection: Database.Database, table: Table, keys: readonly string[], tail = '') {
  const columns = getTableColumns(table);
  const cols = keys.map((k) => {
    const column = columns[k];
    if (!column) throw new Error(`${getTableName(table)} has no column ${k}`);
    return column;
  });
  const statement = connection.prepare(
    `insert into "${getTableName(table)}" (${cols.map((c) => `"${c.name}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})${tail}`,
  );
  const encoders = cols.map((c) =>
    c.mapToDriverValue === Column.prototype.mapToDriverValue
      ? null
      : (value: unknown) => c.mapToDriverValue(value),
  );
  const values: unknown[] = new Array(cols.length);
  const bind = (row: object, from: number): Database.RunResult => {
    for (let i = from; i < cols.length; i++) {
      // a row is any object with the keys' values (a fact, a region): read by the table's keys
      const value = (row as Row)[keys[i]!];
      const encode = encoders[i];
      values[i] = value === undefined || value === null ? null : encode ? encode(value) : value;
    }
    return statement.run(values);
  };
  return {
    /** writes a row with every column's value in it */
    run: (row: object): Database.RunResult => bind(row, 0),
    /** writes a row whose first column is the owner's id */
    owned: (owner: number, row: object): Database.RunResult => {
      values[0] = owner;
      return bind(row, 1);
    },
  };
}

/** What a disclosure's facts are written with: every statement prepared once per connection. */
function prepareStatements(connection: Database.Database) {
  const insert = (table: Table, keys: readonly string[], tail = '') =>
    inserter(connection, table, keys, tail).run;
  const profileKeys = [
    'nature',
    'rank',
    'staffingQuota',
    'staffCount',
    'internalDivisions',
    'duties',
    'formation',
  ] as const;
  const unitKeys = ['regionCode', 'code', 'name', 'kind', 'parentCode', ...profileKeys] as const;
  const unitColumns = getTableColumns(t.units);
  /** a kind of fact: its rows, owned by the budget, and the rows each owns (a project's amounts) */
  const factWriter = (kind: AnyFactKind) => ({
    name: getTableName(kind.table),
    run: inserter(connection, kind.table, ['budgetId', ...writtenColumns(kind.table, 'budgetId')]).owned,
    owns: ownedOf(kind).map(([list, o]) => ({
      list,
      run: inserter(connection, o.table, [o.owner, ...writtenColumns(o.table, o.owner)]).owned,
    })),
  });
  return {
    latest: connection.prepare<
      [string, string, number, string],
      { id: number; revision: number; contentHash: string }
    >(
      `select "id", "revision", "content_hash" as "contentHash" from "budgets"
       where "region_code" = ? and "unit_code" = ? and "year" = ? and "stage" = ?
       order by "revision" desc limit 1`,
    ),
    department: insert(
      t.units,
      ['regionCode', 'code', 'name', 'kind', 'parentCode'],
      ' on conflict do nothing',
    ),
    unit: insert(
      t.units,
      unitKeys,
      ` on conflict ("region_code", "code") do update set ${unitKeys
        .map((k) => `"${unitColumns[k]!.name}" = excluded."${unitColumns[k]!.name}"`)
        .join(', ')}`,
    ),
    budget: insert(t.budgets, [
      'regionCode',
      'unitCode',
      'year',
      'stage',
      'revision',
      'title',
      'publishedOn',
      'source',
      'contentHash',
    ]),
    notLatest: connection.prepare<[string, string, number, string]>(
      `update "budget_figures" set "latest" = 0
       where "region_code" = ? and "unit_code" = ? and "year" = ? and "stage" = ?`,
    ),
    figures: insert(t.budgetFigures, [
      'budgetId',
      'regionCode',
      'unitCode',
      'year',
      'stage',
      'latest',
      'total',
      'threePublicCosts',
    ]),
    profile: insert(t.budgetProfiles, [
      'budgetId',
      ...profileKeys,
      'unitName',
      'departmentCode',
      'departmentName',
    ]),
    facts: keyed(FACT_KEYS, (key) => factWriter(FACT_KINDS[key])),
    note: insert(t.importNotes, ['budgetId', 'file', 'row', 'column', 'expected', 'found']),
    region: insert(
      t.regions,
      ['code', 'name', 'parentCode', 'verified'],
      ` on conflict ("code") do update set "name" = excluded."name", "parent_code" = excluded."parent_code", "verified" = excluded."verified"`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;
const statementCache = new WeakMap<Database.Database, Statements>();

/** The write statements of a connection, prepared on first use and kept for as long as it is open. */
function statementsOf(db: Db): Statements {
  const connection = db.$client;
  let statements = statementCache.get(connection);
  if (!statements) {
    statements = prepareStatements(connection);
    statementCache.set(connection, statements);
  }
  return statements;
}

/** Upserts regions (reference data, or one an import declares). */
export function writeRegions(db: Db, regions: Region[]): void {
  const { region } = statementsOf(db);
  for (const r of regions) region(r);
}

/** Upserts the reference code list. Runs inside the caller's transaction when there is one. */
export function writeSubjects(db: Db, subjects: Subject[]): void {
  const statement = db.$client.prepare(
    `insert into "subjects" ("scheme", "code", "name", "level", "parent_code", "verified") values (?, ?, ?, ?, ?, ?)
     on conflict ("scheme", "code") do update set "name" = excluded."name", "level" = excluded."level",
       "parent_code" = excluded."parent_code", "verified" = excluded."verified"`,
  );
  for (const s of subjects)
    statement.run(s.scheme, s.code, s.name, s.level, s.parentCode ?? null, s.verified ? 1 : 0);
}

/** Writes what an import noted (totals within the tolerance, codes taken from the document) for a budget. */
export function writeNotes(db: Db, budgetId: number, notes: readonly ImportProblem[]): void {
  const { note } = statementsOf(db);
  for (const p of notes) note({ budgetId, ...p });
}

/**
 * Writes one disclosure as a new revision of its unit-year-stage, in one transaction:
 * either every fact lands or none does. Identical content to the latest revision is a no-op.
 * Runs inside the caller's transaction when there is one, as part of it (inTransaction).
 */
export function writeDisclosure(db: Db, d: Disclosure): WriteResult {
  const hash = contentHash(d);
  const regionCode = d.unit.regionCode;
  if (!regionCode) throw new Error(`${d.source}: a disclosure without a region cannot be stored`);
  const s = statementsOf(db);
  return inTransaction(db.$client, () => {
    const latest = s.latest.get(regionCode, d.unit.code, d.year, d.stage);
    if (latest?.contentHash === hash)
      return { budgetId: latest.id, revision: latest.revision, created: false };

    // a department keeps the name it was first stored with: another unit's disclosure never
    // renames it (each disclosure's own department name is in its budget profile)
    s.department({
      regionCode,
      code: d.department.code,
      name: d.department.name,
      kind: 'department',
      parentCode: null,
    });
    const { code, regionCode: _, ...profile } = d.unit;
    s.unit({ regionCode, code, ...profile, kind: 'unit', parentCode: d.department.code });

    const revision = (latest?.revision ?? 0) + 1;
    const budgetId = Number(
      s.budget({
        regionCode,
        unitCode: code,
        year: d.year,
        stage: d.stage,
        revision,
        title: d.title,
        publishedOn: d.publishedOn,
        source: d.source,
        contentHash: hash,
      }).lastInsertRowid,
    );
    // the rollup lists sort by, in the same transaction: this revision is now the latest
    s.notLatest.run(regionCode, code, d.year, d.stage);
    s.figures({
      budgetId,
      regionCode,
      unitCode: code,
      year: d.year,
      stage: d.stage,
      latest: true,
      total: sum(d.functional.map((f) => f.amount)),
      threePublicCosts: sum(d.threePublic.map((c) => c.amount)),
    });
    s.profile({
      budgetId,
      ...profile,
      unitName: d.unit.name,
      departmentCode: d.department.code,
      departmentName: d.department.name,
    });
    for (const key of FACT_KEYS) {
      const facts = s.facts[key];
      for (const item of d[key]) {
        const { lastInsertRowid } = facts.run(budgetId, item);
        // the item's own columns only: its id (when it has one) is the database's to give
        for (const owned of facts.owns)
          for (const row of ownedRows(item, owned.list)) owned.run(Number(lastInsertRowid), row);
      }
      faultPoint(`writing ${facts.name}`);
    }
    return { budgetId, revision, created: true };
  });
}

type Transaction = Database.Transaction<(run: () => unknown) => unknown>;
const transactions = new WeakMap<Database.Database, Transaction>();

/**
 * Runs a function in a transaction of the connection, through one better-sqlite3 transaction
 * function per connection. immediate: takes the write lock at once, so that two imports cannot
 * both read revision n.
 *
 * Inside a transaction already open, the function runs as part of it, not in a savepoint: what it
 * throws rolls back the caller's transaction too, and no caller catches a failed write and goes
 * on (an import stores each document in one transaction of its own; the seed is one). A savepoint
 * would copy every page a document first changes into a statement journal, only to drop it: that
 * doubled the time SQLite took to store a document (bench/import.ts).
 */
export function inTransaction<T>(connection: Database.Database, run: () => T, immediate = false): T {
  if (connection.inTransaction) return run();
  let transaction = transactions.get(connection);
  if (!transaction) {
    transaction = connection.transaction((body: () => unknown) => body());
    transactions.set(connection, transaction);
  }
  return (immediate ? transaction.immediate(run) : transaction(run)) as T;
}
