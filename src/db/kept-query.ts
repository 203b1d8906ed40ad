import type { Statement } from 'better-sqlite3';
import { Column, fillPlaceholders, getTableName, is, type Placeholder, sql } from 'drizzle-orm';
import { type Db, noteStatement } from './client.js';
import { BoundedMap } from './version.js';

/** What a query built with placeholders becomes: run again with new values, never rebuilt. */
interface Prepared<R> {
  all(values: Record<string, unknown>): R[];
  getQuery(): { sql: string };
}

/** What Drizzle's better-sqlite3 prepared query holds (drizzle-orm/better-sqlite3/session.js). */
interface DrizzlePrepared {
  stmt?: Statement;
  query?: { sql: string; params: unknown[] };
  fields?: { path: string[]; field: unknown }[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: unknown;
}

/**
 * Reads a query's rows as Drizzle would, without its generic mapping (a type test per cell,
 * 1.6% of a unit's GraphQL tree): for a selection of plain columns, each row is built
 * from the columns' keys, decoding only the columns whose stored value is not their value.
 * Anything else (an expression, an object of a table that a join may leave empty, a custom
 * mapper) is left to Drizzle: null then.
 */
function plainRows<R>(prepared: Prepared<R>): ((values: Record<string, unknown>) => R[]) | null {
  const { stmt, query, fields, joinsNotNullableMap, customResultMapper } = prepared as DrizzlePrepared;
  if (!stmt || !query || !fields || customResultMapper) return null;
  const columns: { path: string[]; decode: Column | null }[] = [];
  for (const { path, field } of fields) {
    if (!is(field, Column) || path.length > 2) return null;
    if (path.length === 2 && joinsNotNullableMap && !joinsNotNullableMap[getTableName(field.table)])
      return null;
    const identity = field.mapFromDriverValue === Column.prototype.mapFromDriverValue;
    columns.push({ path, decode: identity ? null : field });
  }
  return (values) => {
    const raw = stmt.raw(true).all(...fillPlaceholders(query.params, values)) as unknown[][];
    const rows = new Array<R>(raw.length);
    for (let r = 0; r < raw.length; r++) {
      const cells = raw[r]!;
      const row: Record<string, unknown> = {};
      for (let c = 0; c < columns.length; c++) {
        const { path, decode } = columns[c]!;
        const cell = cells[c];
        const value = cell === null || decode === null ? cell : decode.mapFromDriverValue(cell);
        if (path.length === 1) row[path[0]!] = value;
        else {
          const object = (row[path[0]!] ?? {}) as Record<string, unknown>;
          object[path[1]!] = value;
          row[path[0]!] = object;
        }
      }
      rows[r] = row as R;
    }
    return rows;
  };
}

interface Kept<R> {
  /** the SQL, for the connection's statement hook */
  sql: string;
  all: (values: Record<string, unknown>) => R[];
}

/** Query shapes one connection keeps built (each with its list length). */
const KEPT_SHAPES = 200;
const keptByConnection = new WeakMap<object, BoundedMap<string, Kept<unknown>>>();

/**
 * Runs a query built once per connection, shape and number of values, then reused with new values
 * (the query builder's SQL assembly was a tenth of a GraphQL request). `build` gets one
 * placeholder per value, in the order of `values`, and puts them where the values go; `shape`
 * names what else the query depends on (the same shape and count must build the same query).
 */
export function keptQuery<R>(
  db: Db,
  shape: string,
  values: readonly unknown[],
  build: (placeholders: Placeholder[]) => { prepare(): Prepared<R> },
): R[] {
  let kept = keptByConnection.get(db.$client);
  if (!kept) {
    kept = new BoundedMap(KEPT_SHAPES);
    keptByConnection.set(db.$client, kept);
  }
  const key = `${shape}:${values.length}`;
  let found = kept.get(key) as Kept<R> | undefined;
  if (!found) {
    const prepared = build(values.map((_, i) => sql.placeholder(`v${i}`))).prepare();
    found = { sql: prepared.getQuery().sql, all: plainRows(prepared) ?? ((named) => prepared.all(named)) };
    kept.set(key, found as Kept<unknown>);
  } else noteStatement(db, found.sql);
  const named: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) named[`v${i}`] = values[i];
  return found.all(named);
}
