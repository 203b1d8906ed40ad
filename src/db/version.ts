import type { Db } from './client.js';

/**
 * Tells whether the database changed since last asked: SQLite's data_version (another
 * connection committed) with total_changes (this connection wrote). Both statements are
 * prepared once, so asking prepares nothing and reads no table.
 */
export class ChangeProbe {
  private readonly read: () => string;

  constructor(db: Db) {
    const dataVersion = db.$client.prepare('pragma data_version').pluck();
    const changes = db.$client.prepare('select total_changes()').pluck();
    this.read = () => `${dataVersion.get()}:${changes.get()}`;
  }

  /** A token that differs from the last one whenever the data may have changed. */
  token(): string {
    return this.read();
  }
}

/**
 * Something made from the data and kept while the data stays the same: made again on the first
 * request after any change. What belongs to a data version is computed once per version.
 */
export class PerVersion<T> {
  private readonly probe: ChangeProbe;
  private seen: string | undefined;
  private value: T | undefined;

  constructor(
    db: Db,
    private readonly make: () => T,
  ) {
    this.probe = new ChangeProbe(db);
  }

  current(): T {
    const token = this.probe.token();
    if (this.value === undefined || token !== this.seen) {
      this.value = this.make();
      this.seen = token;
    }
    return this.value;
  }
}

/**
 * A map that keeps at most `limit` entries — or, given `sizeOf`, entries whose sizes add up to at
 * most `limit` (bytes, say) — dropping the least recently used. An entry larger than the whole
 * limit is not kept.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();
  private total = 0;

  constructor(
    private readonly limit: number,
    private readonly sizeOf: (value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const size = this.sizeOf(value);
    if (size > this.limit) return;
    this.entries.set(key, value);
    this.total += size;
    for (const [oldest, kept] of this.entries) {
      if (this.total <= this.limit) break;
      this.entries.delete(oldest);
      this.total -= this.sizeOf(kept);
    }
  }

  delete(key: K): void {
    const known = this.entries.get(key);
    if (known === undefined) return;
    this.entries.delete(key);
    this.total -= this.sizeOf(known);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** entries kept, and their total size */
  get size(): { entries: number; total: number } {
    return { entries: this.entries.size, total: this.total };
  }
}
