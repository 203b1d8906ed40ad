import { type Placeholder, sql } from 'drizzle-orm';
import { type Db, noteStatement } from './client.js';
import { BoundedMap } from './version.js';

/** What a query built with placeholders becomes: run again with new values, never rebuilt. */
interface Prepared<R> {
  all(values: Record<string, unknown>): R[];
  getQuery(): { sql: string };
}

/** Query shapes one connection keeps built (each with its list length). */
const KEPT_SHAPES = 200;
const keptByConnection = new WeakMap<object, BoundedMap<string, Prepared<unknown>>>();

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
  let prepared = kept.get(key) as Prepared<R> | undefined;
  if (!prepared) {
    prepared = build(values.map((_, i) => sql.placeholder(`v${i}`))).prepare();
    kept.set(key, prepared as Prepared<unknown>);
  } else noteStatement(db, prepared.getQuery().sql);
  const named: Record<string, unknown> = {};
  for (let i = 0; i < values.length; i++) named[`v${i}`] = values[i];
  return prepared.all(named);
}
