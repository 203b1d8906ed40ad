import crypto from 'node:crypto';
import type { Db } from '../db/client.js';
import { BoundedMap, ChangeProbe } from '../db/version.js';
import { DEFAULT_STAGE, type Stage } from '../domain.js';
import { FeedIndex } from './budgets.js';
import { FactNames } from './facts.js';
import type { Download } from './http.js';

/**
 * The data version: what every catalog, page and facts file of the feed is made of. It is read
 * again only when the database has changed — SQLite's data_version (another connection
 * committed) or total_changes (this one wrote) — so a request on unchanged data costs two
 * pragma-sized statements, and everything built from the data is built once per version.
 */
export class FeedVersion {
  private seen = '';
  private state: FeedState | undefined;
  private readonly probe: ChangeProbe;

  constructor(
    private readonly db: Db,
    /** bytes of built files kept per version (least recently used dropped first) */
    private readonly cacheBytes: number,
  ) {
    this.probe = new ChangeProbe(db);
  }

  current(): FeedState {
    const marker = this.probe.token();
    if (!this.state || marker !== this.seen) {
      const version = contentVersion(this.db);
      if (!this.state || version !== this.state.version)
        this.state = new FeedState(this.db, version, this.cacheBytes);
      this.seen = marker;
    }
    return this.state;
  }
}

/**
 * A digest of everything the feed's files are drawn from: every stored budget (its id, revision
 * and content hash, which covers the unit's profile), the units' and departments' names, the
 * code list and the regions. Two databases with the same content have the same version.
 */
export function contentVersion(db: Db): string {
  const hash = crypto.createHash('sha256');
  const parts = [
    'select region_code, unit_code, year, stage, revision, content_hash, imported_at from budgets order by region_code, unit_code, year, stage, revision',
    'select region_code, code, name, parent_code from units order by region_code, code',
    'select scheme, code, name from subjects order by scheme, code',
    'select code, name, parent_code from regions order by code',
  ];
  for (const source of parts) {
    for (const row of db.$client.prepare(source).raw(true).iterate() as Iterable<unknown[]>)
      hash.update(`${row.join('\t')}\n`);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

/** One data version: its index of published budgets and the files built from it, kept while it is current. */
export class FeedState {
  private readonly indexes = new Map<Stage, FeedIndex>();
  private readonly files: BoundedMap<string, Download>;

  constructor(
    private readonly db: Db,
    readonly version: string,
    cacheBytes: number,
  ) {
    // a streamed file keeps only its recipe: counted by its entry, not its bytes
    this.files = new BoundedMap(
      cacheBytes,
      (d) => 256 + (d.body instanceof Uint8Array ? d.body.byteLength : 0),
    );
  }

  private codeList: string | undefined;

  /** A digest of the code list's names: part of every table file's validator. */
  get codeListDigest(): string {
    if (this.codeList === undefined) {
      const hash = crypto.createHash('sha256');
      for (const row of this.db.$client
        .prepare('select scheme, code, name from subjects order by scheme, code')
        .raw(true)
        .iterate() as Iterable<unknown[]>)
        hash.update(`${row.join('\t')}\n`);
      this.codeList = hash.digest('hex');
    }
    return this.codeList;
  }

  /** The published budgets of the default stage (预算): what catalogs and pages list. */
  get index(): FeedIndex {
    return this.indexOf(DEFAULT_STAGE);
  }

  /** The published budgets of a stage, indexed on first use in this version. */
  indexOf(stage: Stage): FeedIndex {
    let index = this.indexes.get(stage);
    if (!index) {
      index = new FeedIndex(this.db, stage);
      this.indexes.set(stage, index);
    }
    return index;
  }

  private factNames_: FactNames | undefined;

  /** The names facts.csv and facts.parquet give codes, and their cells, worked out once per version. */
  get factNames(): FactNames {
    this.factNames_ ??= new FactNames(this.db.$client);
    return this.factNames_;
  }

  /** A file of this version, built on first request and kept (up to the cache's size). */
  file(key: string, build: () => Download): Download {
    const known = this.files.get(key);
    if (known) return known;
    const made = build();
    this.files.set(key, made);
    return made;
  }
}
