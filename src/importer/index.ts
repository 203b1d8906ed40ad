import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client.js';
import { loadCatalog } from '../db/disclosures.js';
import { factCount } from '../db/fact-kinds.js';
import { regions } from '../db/schema.js';
import { type CheckResult, runChecks } from '../disclosure/checks/index.js';
import { leafColumns } from '../disclosure/columns.js';
import { type Region, readRegions } from '../disclosure/regions.js';
import { readSubjectCodes, SubjectCatalog } from '../disclosure/subjects.js';
import { MANIFEST_FILE, tableFileName } from '../formats/table-files.js';
import { AmountError } from '../money.js';
import { DOCUMENT_EXTENSION, readDocument } from './document.js';
import { faultPoint } from './fault.js';
import { FieldReader } from './fields.js';
import { grouped, type ImportLimits, importLimits, LIMIT_ENV, withLimits } from './limits.js';
import { type ManifestPart, parseManifest, readManifest } from './manifest.js';
import { excerpt, ImportFailed, type ImportProblem, problemList } from './problems.js';
import { type FromReader, ReadPool, type Refusal } from './read-ahead.js';
import {
  bodyRowNumber,
  MANIFEST_SHEET,
  readTableFolder,
  readWorkbookInput,
  type TableInput,
} from './table-input.js';
import { type TableImportOptions, type TableImportResult, tablesToFacts } from './tables-to-facts.js';
import {
  inTransaction,
  type WriteResult,
  writeDisclosure,
  writeNotes,
  writeRegions,
  writeSubjects,
} from './write.js';

export const SUBJECT_CODES_FILE = path.join('reference', 'subject-codes.csv');
export const DISCLOSURES_FOLDER = 'disclosures';

export interface ImportOptions extends TableImportOptions {
  /** a manifest for a workbook (a table folder carries its own manifest.json) */
  manifest?: string;
  /** declares a region the region list lacks: its name and parent (with region) */
  regionName?: string;
  regionParent?: string;
  /** the bounds every input is read within (default: the settings' defaults) */
  limits?: ImportLimits;
}

export const REGIONS_FILE = path.join('reference', 'regions.csv');

/**
 * A disclosure's region is in the region list, or declared by the import (--region-name), or
 * noted as one the list lacks (the unit keeps its code; the region has no name until declared).
 * known: the name of a region in the list, undefined when the list lacks it.
 */
function regionOf(
  known: (code: string) => string | undefined,
  read: TableImportResult,
  options: ImportOptions,
  name: string,
): Region | null {
  const code = read.disclosure.unit.regionCode;
  if (!code) return null;
  const knownName = known(code);
  if (knownName !== undefined && options.regionName && options.regionName !== knownName)
    throw new ImportFailed([
      {
        file: name,
        row: null,
        column: 'region',
        expected: `the name of ${code} in the region list, "${knownName}"`,
        found: `"${options.regionName}"`,
      },
    ]);
  if (knownName !== undefined) return null;
  if (!options.regionName) {
    read.notes.push({
      file: name,
      row: null,
      column: 'region',
      expected: `a region in the region list (${REGIONS_FILE}); --region-name and --region-parent declare it`,
      found: `"${code}" (kept without a name)`,
    });
    return null;
  }
  return { code, name: options.regionName, parentCode: options.regionParent ?? null, verified: false };
}

export interface ImportResult extends WriteResult {
  unitCode: string;
  unitName: string;
  year: number;
  facts: number;
  checks: { passed: number; failed: number };
  /** what the import accepted and noted: totals within the rounding tolerance, codes and names taken from the document, a region the list lacks */
  notes: ImportProblem[];
  /** where the unit's details (what a manifest holds) were read from, when not from a manifest or document: the workbook's sheet */
  detailsFrom?: string;
}

/** A disclosure as read and validated, and where a workbook's unit details came from. */
export type ReadResult = TableImportResult & { detailsFrom?: string };

export type DisclosureFormat = 'document' | 'tables' | 'workbook';

/** Whether anything (a file, a folder, a link, even a dangling one) is at a path. */
function present(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * What kind of disclosure a path holds, or null when it is none Yusuan reads. A file's kind is
 * told by its name: a link, device or FIFO named like one is still that kind, and its reader
 * refuses it by name (readInputFile) without opening it. A link is followed only to a folder.
 */
export function formatOf(target: string): DisclosureFormat | null {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
    if (stat.isSymbolicLink() && fs.statSync(target).isDirectory()) stat = fs.statSync(target);
  } catch {
    return present(target) ? formatByName(target) : null;
  }
  if (!stat.isDirectory()) return formatByName(target);
  if (present(path.join(target, MANIFEST_FILE)) || present(path.join(target, tableFileName(1))))
    return 'tables';
  return null;
}

function formatByName(file: string): DisclosureFormat | null {
  const lower = file.toLowerCase();
  return lower.endsWith('.xlsx') ? 'workbook' : lower.endsWith(DOCUMENT_EXTENSION) ? 'document' : null;
}

/**
 * Reads and validates a disclosure in any format; throws ImportFailed with every problem (the
 * first maxProblems of them, and how many more). Every input is read within options.limits.
 */
export async function readDisclosure(
  target: string,
  catalog: SubjectCatalog,
  options: ImportOptions = {},
): Promise<ReadResult> {
  return withLimits(options.limits, async () => {
    if (formatOf(target) !== 'workbook') return readDisclosureSync(target, catalog, options);
    const problems = problemList();
    const reader = new FieldReader(problems);
    const name = path.basename(target);
    const workbook = await readWorkbookInput(target, problems);
    let detailsFrom: string | undefined;
    let manifest: ManifestPart | null = null;
    if (options.manifest) {
      manifest = readManifest(path.dirname(options.manifest), reader, path.basename(options.manifest));
    } else if (workbook.manifest !== null) {
      detailsFrom = `the workbook's "${MANIFEST_SHEET}" sheet`;
      manifest = parseManifest(workbook.manifest, `${name} › ${MANIFEST_SHEET}`, reader);
    } else if (workbook.tables.length) {
      // No silent loss: the tables name only the year, the department and the unit (table 02 and
      // the titles); the unit's profile, the prior-year, procurement, asset and narrative figures,
      // the declared codes and the source are a manifest's, so a workbook without one is refused.
      reader.problem(
        name,
        null,
        null,
        `a manifest for the workbook: its tables do not hold the unit's profile, the prior-year, procurement, asset and narrative figures or the source (--manifest <file> supplies them, or a "${MANIFEST_SHEET}" sheet in the workbook)`,
        'none',
      );
    }
    const result = toFacts(manifest, workbook.tables, catalog, problems, options, name);
    return detailsFrom ? { ...result, detailsFrom } : result;
  });
}

/** Reads and validates a document or a table folder (both are read without waiting on I/O). */
export function readDisclosureSync(
  target: string,
  catalog: SubjectCatalog,
  options: ImportOptions = {},
): TableImportResult {
  return withLimits(options.limits, () => readDisclosureSyncWithin(target, catalog, options));
}

function readDisclosureSyncWithin(
  target: string,
  catalog: SubjectCatalog,
  options: ImportOptions,
): TableImportResult {
  const format = formatOf(target);
  const name = path.basename(target);
  if (!format || format === 'workbook') {
    throw new ImportFailed([
      {
        file: name,
        row: null,
        column: null,
        expected: `a disclosure document (.txt), a table folder (manifest.json with 01.csv … 14.csv) or an .xlsx workbook`,
        found: present(target) ? 'neither' : 'no such file or folder',
      },
    ]);
  }
  const problems = problemList();
  if (format === 'document') {
    const document = withAmounts(name, problems, () => readDocument(target, catalog, problems));
    return toFacts(
      document?.manifest ?? null,
      document?.tables ?? [],
      catalog,
      problems,
      { ...options, fromDocument: true },
      name,
    );
  }
  const reader = new FieldReader(problems);
  const manifest = readManifest(target, reader);
  return toFacts(manifest, readTableFolder(target, problems), catalog, problems, options, name);
}

function toFacts(
  manifest: ManifestPart | null,
  tables: TableInput[],
  catalog: SubjectCatalog,
  problems: ImportProblem[],
  options: TableImportOptions,
  name: string,
): TableImportResult {
  // what no table may hold (too many rows, an amount out of range) stops the reading here
  if (!withinBounds(tables, problems) || !narrativeWithinRange(manifest, name, problems))
    throw new ImportFailed(problems);
  // Tables that could be read are still checked, so that one report lists every problem.
  if (!manifest) throw new ImportFailed(problems);
  const result = withAmounts(name, problems, () =>
    tablesToFacts(manifest, tables, catalog, problems, options),
  );
  if (!result || problems.length) throw new ImportFailed(problems);
  return result;
}

/** Integer digits an amount in 万元 may have: more is past what integer yuan hold exactly (2^53). */
const AMOUNT_DIGITS = 12;
const DECIMAL_TEXT = /^-?(\d+)(\.\d*)?$/;

/**
 * Every table is within the import's maxTableRows, and every amount cell that is a number is
 * within range (at most AMOUNT_DIGITS digits before the point): each one that is not is a problem,
 * by file, row and column. False when any is, and the tables are read no further.
 */
function withinBounds(tables: TableInput[], problems: ImportProblem[]): boolean {
  const { maxTableRows } = importLimits();
  const before = problems.length;
  for (const table of tables) {
    if (table.body.length > maxTableRows) {
      problems.push({
        file: table.file,
        row: null,
        column: null,
        expected: `a table of at most ${grouped(maxTableRows)} rows (${LIMIT_ENV.maxTableRows})`,
        found: `${grouped(table.body.length)} rows`,
      });
      continue;
    }
    const leaves = leafColumns(table.layout.columns);
    table.body.forEach((cells, i) => {
      if (cells.length !== leaves.length) return;
      leaves.forEach((leaf, c) => {
        // a cell of at most AMOUNT_DIGITS characters cannot have more digits (most cells)
        if (leaf.type !== 'amount' || (cells[c] ?? '').length <= AMOUNT_DIGITS) return;
        const digits = DECIMAL_TEXT.exec((cells[c] ?? '').trim())?.[1];
        if (digits && digits.length > AMOUNT_DIGITS)
          problems.push({
            file: table.file,
            row: bodyRowNumber(table, i),
            column: leaf.labels.join(' › '),
            expected: `an amount in 万元 of at most ${AMOUNT_DIGITS} digits before the point`,
            found: `an amount out of range (${digits.length} digits: ${excerpt(cells[c]!.trim(), 20)})`,
          });
      });
    });
  }
  return problems.length === before;
}

/** Every figure the narrative states is an amount within range, as withinBounds holds the tables'. */
function narrativeWithinRange(
  manifest: ManifestPart | null,
  name: string,
  problems: ImportProblem[],
): boolean {
  const before = problems.length;
  for (const claim of manifest?.narrative ?? []) {
    const digits = DECIMAL_TEXT.exec(claim.value.trim())?.[1];
    if (digits && digits.length > AMOUNT_DIGITS)
      problems.push({
        file: manifest?.narrativeLines ? name : MANIFEST_FILE,
        row: manifest?.narrativeLines?.[claim.metric] ?? null,
        column: `narrative ${claim.metric}`,
        expected: `an amount in 万元 of at most ${AMOUNT_DIGITS} digits before the point`,
        found: `an amount out of range (${digits.length} digits: ${excerpt(claim.value.trim(), 20)})`,
      });
  }
  return problems.length === before;
}

/** Runs a reader; an amount it finds out of range (AmountError) becomes a problem of the file. */
function withAmounts<T>(name: string, problems: ImportProblem[], read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof AmountError)) throw error;
    problems.push({
      file: name,
      row: null,
      column: null,
      expected: `amounts in 万元 of at most ${AMOUNT_DIGITS} digits before the point`,
      found: `an amount out of range (${excerpt(error.message.replace(/^amount /, ''), 40)})`,
    });
    throw new ImportFailed(problems);
  }
}

export { factCount };

export interface ImportSessionOptions extends ImportOptions {
  /** the code list to read with (default: the database's, loaded once and again when another connection changes the database) */
  catalog?: SubjectCatalog;
  /**
   * 'normal' (the default): while the session is open the connection commits with
   * PRAGMA synchronous = NORMAL, which in WAL mode skips the fsync of every commit; each document
   * is still its own transaction, atomic and consistent, but a power cut (not a killed process)
   * may undo the last documents committed. 'connection' leaves the connection's setting.
   */
  synchronous?: 'normal' | 'connection';
  /**
   * Worker threads that read and check the next inputs of importEach while this thread stores
   * the one before (read-ahead.ts; the importReaders setting). 0, the default: every input is
   * read in this thread.
   */
  readers?: number;
}

/** Fewest inputs importEach reads ahead in worker threads: fewer are read in the importing thread. */
export const READ_AHEAD_FROM = 16;

/** What importEach made of one input: its result, or why it was not stored. */
export type EachResult = { target: string; result: ImportResult } | { target: string; error: unknown };

/**
 * The settings an import session writes with (ImportSessionOptions.synchronous): in WAL mode,
 * PRAGMA synchronous = NORMAL and wal_autocheckpoint = SESSION_CHECKPOINT_PAGES. Returns what
 * restores the connection's own and checkpoints what the session left in the WAL (PASSIVE: it
 * waits for no reader). The bench's plain INSERTs write with the same settings, so that the two
 * differ only by the import's own work.
 */
export function sessionSettings(connection: Db['$client']): () => void {
  if (String(connection.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return () => {};
  const before = Number(connection.pragma('synchronous', { simple: true }));
  const checkpointAt = Number(connection.pragma('wal_autocheckpoint', { simple: true }));
  connection.pragma('synchronous = NORMAL');
  connection.pragma(`wal_autocheckpoint = ${SESSION_CHECKPOINT_PAGES}`);
  return () => {
    connection.pragma(`synchronous = ${before}`);
    connection.pragma(`wal_autocheckpoint = ${checkpointAt}`);
    connection.pragma('wal_checkpoint(PASSIVE)');
  };
}

/**
 * WAL pages a session lets accumulate before a checkpoint copies them into the database (SQLite's
 * default is 1,000): a checkpoint writes back every page changed since the last and syncs the
 * file, and documents of a folder change the same index pages over and over, so fewer, larger
 * checkpoints write each page fewer times (64 MB of WAL at 4 KB pages; checkpointed once more when
 * the session closes).
 */
const SESSION_CHECKPOINT_PAGES = 16_384;

/** Imports many disclosures into one database, sharing the code list, regions and prepared statements. */
export interface ImportSession {
  /** Imports one disclosure (a document, table folder or workbook), as importDisclosure does; options add to the session's. */
  import(target: string, options?: ImportOptions): Promise<ImportResult>;
  /**
   * Imports inputs in their order, as import does each one, yielding each one's result or error
   * (an ImportFailed for a refused one) before the next is stored. With readers, the next inputs
   * are read and checked in worker threads meanwhile.
   */
  importEach(targets: readonly string[], options?: ImportOptions): AsyncGenerator<EachResult>;
  /** Restores the connection's synchronous setting; the session is not used after. */
  close(): void;
}

/**
 * A session for importing a folder of disclosures in one process: the code list and the region
 * list are loaded once (and again only when another connection changes the database), the write
 * statements are prepared once per connection, and every document is still read, checked and
 * written on its own, in one transaction, nothing stored when it is refused.
 */
export function createImportSession(db: Db, sessionOptions: ImportSessionOptions = {}): ImportSession {
  const { catalog: givenCatalog, synchronous = 'normal', readers = 0, ...defaults } = sessionOptions;
  const connection = db.$client;
  const dataVersion = connection.prepare('pragma data_version').pluck();
  let version: unknown;
  /** counts the code lists loaded: a read ahead with an earlier one is read again */
  let generation = 0;
  let catalog: SubjectCatalog | undefined = givenCatalog;
  let regionNames: Map<string, string> | undefined;
  // what another connection committed since the last import: the lists are read again
  const refresh = () => {
    const now = dataVersion.get();
    if (now !== version) {
      version = now;
      generation++;
      catalog = givenCatalog;
      regionNames = undefined;
    }
  };
  const known = (code: string) => {
    regionNames ??= new Map(
      db
        .select({ code: regions.code, name: regions.name })
        .from(regions)
        .all()
        .map((r) => [r.code, r.name]),
    );
    return regionNames.get(code);
  };
  const restore = synchronous === 'normal' ? sessionSettings(connection) : () => {};
  return {
    async import(target, options = {}) {
      const merged = { ...defaults, ...options };
      return withLimits(merged.limits, () => importOne(target, merged));
    },
    async *importEach(targets, options = {}) {
      const merged = { ...defaults, ...options };
      // a reader takes a while to start (it loads the reading code): worth it for a folder only
      const size = targets.length >= READ_AHEAD_FROM ? readers : 0;
      if (size < 1) {
        for (const target of targets) yield await settled(target, () => this.import(target, options));
        return;
      }
      const pool = new ReadPool(size);
      let sent = -1;
      const reads: (Promise<FromReader> | undefined)[] = [];
      // at most two inputs waiting per reader: memory stays bounded however long the folder is
      const issue = (upTo: number) => {
        while (reads.length < Math.min(targets.length, upTo)) {
          refresh();
          catalog ??= givenCatalog ?? loadCatalog(db);
          if (sent !== generation) {
            sent = generation;
            pool.setCatalog(sent, catalog.all());
          }
          const read = pool.read(targets[reads.length]!, merged);
          read.catch(() => {}); // awaited in its turn; a rejection before then is not unhandled
          reads.push(read);
        }
      };
      try {
        for (const [i, target] of targets.entries()) {
          issue(i + 1 + 2 * size);
          const read = reads[i]!;
          reads[i] = undefined;
          yield await settled(target, async () => {
            const reply = await read;
            return withLimits(merged.limits, () => storeRead(target, merged, reply));
          });
        }
      } finally {
        await pool.close();
      }
    },
    close: restore,
  };

  /** An input read ahead, stored as importOne would store it (read again when the code list changed since). */
  async function storeRead(target: string, merged: ImportOptions, { generation: used, outcome }: FromReader) {
    refresh();
    if (used !== generation) return importOne(target, merged);
    if (outcome.kind === 'error') throw Object.assign(new Error(outcome.message), { stack: outcome.stack });
    if (outcome.kind === 'refused') throw refusedWith(outcome.refusal);
    return storeAfterRegion(target, merged, outcome.read, () => {
      if (outcome.refusal) throw refusedWith(outcome.refusal);
      return outcome.passed;
    });
  }

  /**
   * Stores what was read once its region is settled (a region problem is reported before its
   * checks'): checked() gives the checks passed, or throws the refusal of those that failed.
   */
  function storeAfterRegion(target: string, merged: ImportOptions, read: ReadResult, checked: () => number) {
    const region = regionOf(known, read, merged, path.basename(target));
    faultPoint('reading');
    const result = storeChecked(db, read, checked(), region);
    if (region) regionNames?.set(region.code, region.name);
    return read.detailsFrom ? { ...result, detailsFrom: read.detailsFrom } : result;
  }

  async function importOne(target: string, merged: ImportOptions): Promise<ImportResult> {
    refresh();
    catalog ??= givenCatalog ?? loadCatalog(db);
    const current = catalog;
    const read = await readDisclosure(target, current, merged);
    // reading may have awaited: what changed meanwhile is read again
    refresh();
    return storeAfterRegion(
      target,
      merged,
      read,
      () => checkRead(read, current.with(read.disclosure.declaredSubjects), path.basename(target)).length,
    );
  }
}

/** An import's result, or what it threw. */
async function settled(target: string, run: () => Promise<ImportResult>): Promise<EachResult> {
  try {
    return { target, result: await run() };
  } catch (error) {
    return { target, error };
  }
}

const refusedWith = ({ problems, omitted }: Refusal) => new ImportFailed(problems, problems.length, omitted);

/**
 * Imports one disclosure: read and validate every file, run every consistency check, then
 * write all facts in one transaction as a new revision. Nothing is written when anything is wrong.
 * A folder of them is imported faster through one createImportSession.
 */
export async function importDisclosure(
  db: Db,
  target: string,
  options: ImportOptions = {},
  catalog?: SubjectCatalog,
): Promise<ImportResult> {
  return createImportSession(db, { catalog, synchronous: 'connection' }).import(target, options);
}

function storeDisclosure(
  db: Db,
  read: TableImportResult,
  catalog: SubjectCatalog,
  name: string,
  region: Region | null = null,
): ImportResult {
  return storeChecked(db, read, checkRead(read, catalog, name).length, region);
}

/**
 * Runs every check on a disclosure as read (catalog: the session's code list with the
 * disclosure's declared codes); throws ImportFailed listing the failed ones, each located.
 */
export function checkRead(
  { disclosure, claimLines = {}, tables }: TableImportResult,
  catalog: SubjectCatalog,
  name: string,
): CheckResult[] {
  const checks = runChecks(disclosure, catalog, tables);
  const failed = checks.filter((c) => !c.passed);
  if (!failed.length) return checks;
  throw new ImportFailed(
    failed.map((c) => {
      const claim = c.id.startsWith('narrative.')
        ? disclosure.narrative.find((n) => `narrative.${n.metric}` === c.id)
        : undefined;
      // a narrative figure is what the document states; the tables give what it should be
      return claim
        ? {
            file: name,
            row: claimLines[claim.metric] ?? null,
            column: `check ${c.id}`,
            expected: `${claim.metric} as the tables give it: ${c.found}`,
            found: `“${claim.quote}”: ${claim.value}`,
          }
        : {
            file: name,
            row: null,
            column: `check ${c.id}${c.detail ? ` (${c.detail})` : ''}`,
            expected: `${c.description}: ${c.expected}`,
            found: c.found,
          };
    }),
  );
}

/** Writes a disclosure whose checks all passed, in one transaction, as a new revision. */
function storeChecked(
  db: Db,
  { disclosure, notes }: TableImportResult,
  passed: number,
  region: Region | null,
): ImportResult {
  // immediate: two imports of one unit-year cannot both read revision n and both write n+1
  const written = inTransaction(
    db.$client,
    () => {
      if (region) writeRegions(db, [region]);
      const result = writeDisclosure(db, disclosure);
      if (result.created && notes.length) writeNotes(db, result.budgetId, notes);
      return result;
    },
    true,
  );
  return {
    ...written,
    unitCode: disclosure.unit.code,
    unitName: disclosure.unit.name,
    year: disclosure.year,
    facts: factCount(disclosure),
    checks: { passed, failed: 0 },
    notes,
  };
}

/** The disclosures under a folder: itself when it is one, else each document, sub-folder or workbook that is. */
export function disclosuresUnder(target: string): string[] {
  if (formatOf(target)) return [target];
  if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) return [target];
  return fs
    .readdirSync(target)
    .sort()
    .map((entry) => path.join(target, entry))
    .filter((entry) => formatOf(entry));
}

/**
 * Loads seeds/ in one transaction: the reference code list, then every published document in
 * seeds/disclosures, read like any other. Idempotent: a disclosure whose facts are already the
 * latest revision is left as it is.
 */
export function seedDatabase(db: Db, seedsDir: string): ImportResult[] {
  const subjects = readSubjectCodes(path.join(seedsDir, SUBJECT_CODES_FILE));
  const catalog = new SubjectCatalog(subjects);
  const documents = disclosuresUnder(path.join(seedsDir, DISCLOSURES_FOLDER)).filter(
    (file) => formatOf(file) === 'document',
  );
  const read = documents.map((file) => ({ file, ...readDisclosureSync(file, catalog) }));
  return db.transaction(
    () => {
      writeSubjects(db, subjects);
      writeRegions(db, readRegions(path.join(seedsDir, REGIONS_FILE)));
      return read.map(({ file, ...result }) =>
        storeDisclosure(db, result, catalog.with(result.disclosure.declaredSubjects), path.basename(file)),
      );
    },
    { behavior: 'immediate' },
  );
}
