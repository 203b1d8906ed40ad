/**
 * npm run bench (after bench/import.ts) — province scale, measured side by side in one run:
 *
 * - a synthetic province (bench/province-data.ts): BENCH_UNITS unit budgets for 2024 (default
 *   9,000) over BENCH_REGIONS regions under 410000 河南省 (default 18), each unit a published
 *   document copied into its region, department and year, and BENCH_HISTORY_UNITS of them
 *   (default 1,000) with 2022 and 2023 budgets too; imported through `yusuan import`'s own code
 *   (one createImportSession, a folder per region, --region/--region-name/--region-parent) into a
 *   fresh database file A, and the same way a small database B (BENCH_SMALL_UNITS, default 100);
 * - the import's rate against plain prepared INSERTs of the rows it stored, on samples: the first
 *   documents into an empty database, the last into a copy of A without them (its size then);
 * - the real server (src/server.ts, read-only) on A, then on B: fixed-time autocannon runs of
 *   GraphQL queries and open-data pages (req/s, p50, p99, non-2xx), the first request of each case
 *   on a freshly started server, the server's memory, and on A one download of the year's
 *   facts.csv and facts.parquet against iterating the same rows in SQLite.
 *
 * Prints a Markdown report and writes it to bench/province-results.md. Only 127.0.0.1 is asked.
 *
 *   BENCH_UNITS=300 BENCH_HISTORY_UNITS=40 BENCH_SECONDS=3 npx tsx bench/province.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { ROOT } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { loadCatalog } from '../src/db/disclosures.js';
import { runChecks } from '../src/disclosure/checks/index.js';
import {
  createImportSession,
  readDisclosureSync,
  seedDatabase,
  sessionSettings,
} from '../src/importer/index.js';
import { ImportFailed } from '../src/importer/problems.js';
import {
  type PlannedRegion,
  type PlannedUnit,
  PROVINCE,
  type Province,
  provincePlan,
  type WrittenDocument,
  writeProvince,
  YEAR,
} from './province-data.js';
import { deleteStoredRows, insertStoredRows, rawFactIteration, storedRows } from './raw-facts.js';
import { memoryOf, parquetRows, setting, startServer } from './support.js';

// —— settings ——

const UNITS = setting('BENCH_UNITS', 9000, 1);
const HISTORY_UNITS = Math.min(setting('BENCH_HISTORY_UNITS', 1000), UNITS);
const REGIONS = setting('BENCH_REGIONS', 18, 1);
const SMALL_UNITS = setting('BENCH_SMALL_UNITS', 100, 1);
const SMALL_REGIONS = setting('BENCH_SMALL_REGIONS', 2, 1);
const SECONDS = setting('BENCH_SECONDS', 8, 1);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 10, 1);
const SAMPLE = setting('BENCH_RATIO_SAMPLE', 500, 1);
/** how many times facts.csv and the raw iteration of its rows alternate (the median round counts) */
const FACTS_ROUNDS = setting('BENCH_FACTS_ROUNDS', 5, 1);
/** every phase together must end within this; past it the run stops (and kills the server) */
const MAX_MINUTES = setting('BENCH_MAX_MINUTES', 45, 1);
const KEEP = process.env.BENCH_KEEP === '1';
const RESULTS_FILE = path.join(ROOT, 'bench', 'province-results.md');
const NAME_PART = '服务';

const log = (line: string) => process.stderr.write(`province: ${line}\n`);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
const mib = (bytes: number) => bytes / 1024 / 1024;

// —— the run's own processes and files, undone however it ends ——

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yusuan-province-'));
function cleanUp() {
  // the servers are stopped by bench/support.ts as the process exits
  if (!KEEP) fs.rmSync(workDir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    log(`${signal}: stopping`);
    process.exit(130);
  });
const watchdog = setTimeout(() => {
  log(`still running after ${MAX_MINUTES} min (BENCH_MAX_MINUTES): stopping`);
  process.exit(2);
}, MAX_MINUTES * 60_000);
watchdog.unref();

// —— building a database through the import ——

interface Imported {
  file: string;
  seconds: number;
  documents: number;
  facts: number;
  /** per document, in import order: its seconds and facts (for the samples) */
  timings: { document: WrittenDocument; ms: number; facts: number; budgetId: number }[];
  writeSeconds: number;
}

function importOptions(region: PlannedRegion) {
  return { region: region.code, regionName: region.name, regionParent: PROVINCE.code };
}

async function buildDatabase(name: string, province: Province): Promise<Imported> {
  const folder = path.join(workDir, name);
  const writing = now();
  const byRegion = writeProvince(province, folder);
  const writeSeconds = (now() - writing) / 1000;
  const total = [...byRegion.values()].reduce((n, d) => n + d.length, 0);
  log(`${name}: wrote ${total} documents in ${writeSeconds.toFixed(1)} s; importing`);
  const file = path.join(workDir, `${name}.sqlite`);
  const db = openDatabase(file);
  migrateDatabase(db);
  seedDatabase(db, path.join(ROOT, 'seeds'));
  const timings: Imported['timings'] = [];
  const start = now();
  let reported = start;
  // one session for the whole province, as one `yusuan import` process holds one
  const session = createImportSession(db);
  try {
    // as `yusuan import <folder> --region … --region-name … --region-parent 410000`, one region after another
    for (const [region, documents] of byRegion) {
      for (const document of documents) {
        const t0 = now();
        try {
          const result = await session.import(document.file, importOptions(region));
          timings.push({ document, ms: now() - t0, facts: result.facts, budgetId: result.budgetId });
        } catch (error) {
          if (error instanceof ImportFailed)
            throw new Error(
              `${document.file} was refused:\n${error.problems
                .slice(0, 5)
                .map((p) => `  ${p.file} row ${p.row} ${p.column}: expected ${p.expected}, found ${p.found}`)
                .join('\n')}`,
            );
          throw error;
        }
        if (now() - reported > 5000 || timings.length === total) {
          reported = now();
          const rate = timings.length / ((reported - start) / 1000);
          log(
            `${name}: ${timings.length}/${total} documents, ${rate.toFixed(1)}/s, ${Math.round((total - timings.length) / rate)} s left`,
          );
        }
      }
    }
  } finally {
    session.close();
    db.$client.close();
  }
  return {
    file,
    seconds: (now() - start) / 1000,
    documents: timings.length,
    facts: timings.reduce((n, t) => n + t.facts, 0),
    timings,
    writeSeconds,
  };
}

/**
 * Read-and-check, and plain INSERTs of the rows the import stored for some documents, against
 * the import's time for them. The rows are written into the database they were imported into,
 * as it was then: for the first documents, an empty one (migrated and seeded); for the last, a
 * copy of the import's database with their rows deleted (`into: 'copy'`).
 */
function importRatio(sample: Imported['timings'], imported: string, into: 'empty' | 'copy') {
  const db = openDatabase(imported, { readonly: true });
  const catalog = loadCatalog(db);
  db.$client.close();
  const importMs = sample.reduce((n, t) => n + t.ms, 0);
  const facts = sample.reduce((n, t) => n + t.facts, 0);

  const reading = now();
  for (const { document } of sample) {
    const { disclosure, tables } = readDisclosureSync(
      document.file,
      catalog,
      importOptions(document.unit.region),
    );
    runChecks(disclosure, catalog.with(disclosure.declaredSubjects), tables);
  }
  const readMs = now() - reading;

  const ids = sample.map((t) => t.budgetId);
  const stored = storedRows(imported, { ids });
  const rawFile = path.join(workDir, `raw-${into}-${Math.round(Math.random() * 1e9)}.sqlite`);
  if (into === 'copy') fs.copyFileSync(imported, rawFile);
  const raw = openDatabase(rawFile);
  if (into === 'copy') deleteStoredRows(raw.$client, ids);
  else {
    migrateDatabase(raw);
    seedDatabase(raw, path.join(ROOT, 'seeds'));
  }
  const restore = sessionSettings(raw.$client);
  const inserting = now();
  const rows = insertStoredRows(raw.$client, stored);
  const insertMs = now() - inserting;
  restore();
  raw.$client.close();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${rawFile}${suffix}`, { force: true });
  return {
    documents: sample.length,
    facts,
    rows,
    importMs,
    readMs,
    insertMs,
    importFactsPerSecond: facts / (importMs / 1000),
    readFactsPerSecond: facts / (readMs / 1000),
    importRowsPerSecond: rows / (importMs / 1000),
    insertRowsPerSecond: rows / (insertMs / 1000),
  };
}

interface Sizes {
  regions: number;
  departments: number;
  units: number;
  budgets: number;
  budgetsByYear: string;
  factRows: number;
  fileMiB: number;
}

const FACT_TABLES = [
  'incomes',
  'functional_expenditures',
  'economic_expenditures',
  'basic_items',
  'projects',
  'project_amounts',
  'performance_indicators',
  'three_public_costs',
  'operating_costs',
  'prior_year_figures',
  'procurements',
  'assets',
];

function sizesOf(file: string): Sizes {
  const db = new Database(file, { readonly: true });
  try {
    const one = (sql: string) => Number(db.prepare(sql).pluck().get());
    const tables = new Set(
      db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[],
    );
    return {
      regions: one('select count(*) from regions'),
      departments: one("select count(*) from units where kind = 'department'"),
      units: one("select count(*) from units where kind = 'unit'"),
      budgets: one('select count(*) from budgets'),
      budgetsByYear: (
        db.prepare('select year, count(*) n from budgets group by year order by year').all() as {
          year: number;
          n: number;
        }[]
      )
        .map((r) => `${r.year}: ${fmt(r.n)}`)
        .join(', '),
      factRows: FACT_TABLES.filter((t) => tables.has(t)).reduce(
        (n, t) => n + one(`select count(*) from ${t}`),
        0,
      ),
      fileMiB: mib(
        fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0),
      ),
    };
  } finally {
    db.close();
  }
}

// —— the server ——

// —— the cases ——

interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Case {
  id: string;
  label: string;
  kind: 'graphql' | 'opendata';
  request: Request;
  /** the status every answer must have */
  status: number;
  /** req/s as a share of the baseline's, in percent */
  target?: number;
}

const graphql = (query: string): Request => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify({ query }),
});

interface Picks {
  region: PlannedRegion;
  unit: PlannedUnit;
  department: PlannedUnit['department'];
  departmentUnits: number;
}

/** Real codes of a province: its first region, a unit there with a history, the region's largest department. */
function picksOf(province: Province): Picks {
  const region = province.regions[0]!;
  const here = province.units.filter((u) => u.region === region);
  const unit = here.find((u) => u.years.length > 1) ?? here[0]!;
  const sizes = new Map<string, number>();
  for (const u of here) sizes.set(u.department.code, (sizes.get(u.department.code) ?? 0) + 1);
  const [code, departmentUnits] = [...sizes].sort((a, b) => b[1] - a[1])[0]!;
  return {
    region,
    unit,
    department: here.find((u) => u.department.code === code)!.department,
    departmentUnits,
  };
}

function graphqlCases(p: Picks): Case[] {
  const r = p.region.code;
  return [
    {
      id: 'baseline',
      label: '1. `{ __typename }` (baseline)',
      kind: 'graphql',
      request: graphql('{ __typename }'),
      status: 200,
    },
    {
      id: 'unit-tree',
      label: `2. unit ${r}/${p.unit.code}: full functional tree (类/款/项, shares, change)`,
      kind: 'graphql',
      target: 25,
      status: 200,
      request: graphql(
        `{ unit(code: "${p.unit.code}", region: "${r}") { budget(year: ${YEAR}) { total { value } subjects(scheme: FUNCTIONAL) { code name total { value share change { percent } } children { code total { value share } children { code total { value share } } } } } } }`,
      ),
    },
    {
      id: 'department-tree',
      label: `3. department ${r}/${p.department.code} (${p.departmentUnits} units): consolidated tree`,
      kind: 'graphql',
      target: 20,
      status: 200,
      // ConsolidatedBudget.subjects has no scheme: argument (it is the functional classification)
      request: graphql(
        `{ department(region: "${r}", code: "${p.department.code}") { name budget(year: ${YEAR}) { total { value } unitCount subjects { code total { value share } children { code total { value } } } threePublicCosts { total { value } } } } }`,
      ),
    },
    {
      id: 'province',
      label: `4. province ${PROVINCE.code}: functional 类 totals`,
      kind: 'graphql',
      target: 10,
      status: 200,
      request: graphql(
        `{ region(code: "${PROVINCE.code}") { budget(year: ${YEAR}) { total { value } unitCount subjects(level: 1) { code total { value share } } } } }`,
      ),
    },
    {
      id: 'units-page',
      label: `5a. 100 units of ${r} by total (filtered, sorted)`,
      kind: 'graphql',
      target: 20,
      status: 200,
      request: graphql(
        `{ units(first: 100, filter: { region: "${r}", year: ${YEAR} }, orderBy: { field: TOTAL, year: ${YEAR}, direction: DESC }) { totalCount edges { node { code name budget(year: ${YEAR}) { total { value } } } } } }`,
      ),
    },
    {
      id: 'units-name',
      label: `5b. as 5a, names containing “${NAME_PART}”`,
      kind: 'graphql',
      target: 20,
      status: 200,
      request: graphql(
        `{ units(first: 100, filter: { region: "${r}", year: ${YEAR}, nameContains: "${NAME_PART}" }, orderBy: { field: TOTAL, year: ${YEAR}, direction: DESC }) { totalCount edges { node { code name budget(year: ${YEAR}) { total { value } } } } } }`,
      ),
    },
  ];
}

function openDataCases(p: Picks, etag: string | null): Case[] {
  const r = p.region.code;
  const get = (
    id: string,
    label: string,
    url: string,
    status = 200,
    headers?: Record<string, string>,
  ): Case => ({
    id,
    label,
    kind: 'opendata',
    status,
    request: { method: 'GET', path: url, ...(headers ? { headers } : {}) },
  });
  return [
    get('root-catalog', '`/opendata/catalog.json`', '/opendata/catalog.json'),
    get('region-catalog', `\`/opendata/${r}/catalog.json\``, `/opendata/${r}/catalog.json`),
    get('root-page', '`/opendata/` (page)', '/opendata/'),
    get('region-page', `\`/opendata/${r}/\` (page)`, `/opendata/${r}/`),
    get(
      'department-page',
      `\`/opendata/${r}/department/${p.department.code}/\``,
      `/opendata/${r}/department/${p.department.code}/`,
    ),
    ...(etag
      ? [
          get(
            'catalog-304',
            '`/opendata/catalog.json` with `If-None-Match` (304)',
            '/opendata/catalog.json',
            304,
            {
              'if-none-match': etag,
            },
          ),
        ]
      : []),
  ];
}

interface Answer {
  status: number;
  ms: number;
  bytes: number;
  error?: string;
  etag?: string | null;
}

/** One request, timed to the last byte; a GraphQL answer must carry data and no errors. */
async function once(base: string, c: Case): Promise<Answer> {
  const start = now();
  try {
    const response = await fetch(`${base}${c.request.path}`, {
      method: c.request.method,
      headers: c.request.headers,
      body: c.request.body,
      signal: AbortSignal.timeout(60_000),
    });
    const body = await response.text();
    const ms = now() - start;
    const answer: Answer = {
      status: response.status,
      ms,
      bytes: Buffer.byteLength(body),
      etag: response.headers.get('etag'),
    };
    if (response.status !== c.status)
      answer.error = `HTTP ${response.status} (expected ${c.status}): ${body.slice(0, 300)}`;
    else if (c.kind === 'graphql') {
      const json = JSON.parse(body) as {
        data?: Record<string, unknown> | null;
        errors?: { message: string }[];
      };
      if (json.errors?.length) answer.error = json.errors.map((e) => e.message).join('; ');
      else if (!json.data || Object.values(json.data).some((v) => v === null))
        answer.error = `no data: ${body.slice(0, 300)}`;
    }
    return answer;
  } catch (error) {
    return { status: 0, ms: now() - start, bytes: 0, error: (error as Error).message };
  }
}

interface Load {
  requestsPerSecond: number;
  requests: number;
  p50: number;
  p99: number;
  mean: number;
  /** answers without the expected status, errors and timeouts */
  failures: number;
  statuses: string;
}

async function load(base: string, c: Case): Promise<Load> {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 30,
    requests: [c.request],
  });
  const expected =
    result.statusCodeStats?.[String(c.status) as keyof typeof result.statusCodeStats]?.count ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    failures: result.requests.total - expected + result.errors + result.timeouts,
    statuses: Object.entries(result.statusCodeStats ?? {})
      .map(([code, s]) => `${code}×${(s as { count: number }).count}`)
      .join(' '),
  };
}

/** Sequential requests on one connection: latency without queueing, to the microsecond. */
async function unloaded(base: string, c: Case, count = 100): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push((await once(base, c)).ms);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

interface CaseResult {
  c: Case;
  cold: Answer;
  load?: Load;
  quiet?: { p50: number; p99: number };
  error?: string;
}

interface Download {
  path: string;
  /** the Accept-Encoding sent ('identity': none; the server sends the rows as they are) */
  encoding: 'identity' | 'br';
  status: number;
  /** bytes of the body as decoded (a compressed answer is decompressed as it comes) */
  bytes: number;
  rows: number;
  seconds: number;
  /** the server's VmRSS (MiB) before the request and its highest while answering (sampled every 50 ms) */
  rss: { before: number; max: number };
  error?: string;
}

async function download(
  base: string,
  urlPath: string,
  options: { pid: number; encoding: Download['encoding']; saveTo?: string },
): Promise<Download> {
  const { pid, encoding, saveTo } = options;
  const before = memoryOf(pid).rss;
  const rss = { before, max: before };
  const sampler = setInterval(() => {
    rss.max = Math.max(rss.max, memoryOf(pid).rss);
  }, 50);
  const start = now();
  try {
    const response = await fetch(`${base}${urlPath}`, {
      // a connection of its own: between downloads the raw iteration blocks this process's event
      // loop for seconds, and a kept-alive socket the server closed meanwhile would be reused
      // unseen and fail at once ("other side closed")
      headers: { 'accept-encoding': encoding, connection: 'close' },
      signal: AbortSignal.timeout(600_000),
    });
    let bytes = 0;
    let newlines = 0;
    const out = saveTo ? fs.openSync(saveTo, 'w') : null;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (out !== null) fs.writeSync(out, chunk);
      else {
        const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) newlines++;
      }
    }
    if (out !== null) fs.closeSync(out);
    const seconds = (now() - start) / 1000;
    rss.max = Math.max(rss.max, memoryOf(pid).rss);
    return {
      path: urlPath,
      encoding,
      status: response.status,
      bytes,
      rows: Math.max(0, newlines - 1),
      seconds,
      rss,
      ...(response.status === 200 ? {} : { error: `HTTP ${response.status}` }),
    };
  } catch (error) {
    return {
      path: urlPath,
      encoding,
      status: 0,
      bytes: 0,
      rows: 0,
      seconds: (now() - start) / 1000,
      rss,
      // fetch's own message is "fetch failed": what failed is its cause's
      error: [error, (error as { cause?: unknown }).cause]
        .filter((e): e is Error => e instanceof Error)
        .map((e) => e.message)
        .join(': '),
    };
  } finally {
    clearInterval(sampler);
  }
}

interface ServerRun {
  name: string;
  startMs: number;
  coldStartMs: number[];
  /** spawn to the first answer of `{ __typename }`'s own server (start-up, then its first request) */
  firstAnswerMs: number[];
  graphql: CaseResult[];
  opendata: CaseResult[];
  memory: {
    afterStart: { rss: number; peak: number };
    afterLoad: { rss: number; peak: number };
    afterDownloads?: { rss: number; peak: number };
  };
  downloads?: {
    csv: Download;
    csvBrotli: Download;
    parquet: Download;
    parquetAgain: Download;
    parquetRows: number | null;
    /** the raw iteration of the median round (the one csv is from) */
    raw: { rows: number; seconds: number };
    /** facts.csv and raw iteration, alternating */
    rounds: { csv: Download; raw: { rows: number; seconds: number } }[];
  };
}

/** The facts.csv round's rows/s as a share of its raw iteration's (%). */
function csvShare(round: { csv: Download; raw: { rows: number; seconds: number } }): number {
  return (100 * (round.csv.rows / round.csv.seconds)) / (round.raw.rows / round.raw.seconds);
}

/**
 * The measurements of one database. Each case's first request goes to a server started for it
 * alone (so that nothing the case builds is cached yet); then one server takes every load run.
 */
async function measure(name: string, database: string, picks: Picks, downloads: boolean): Promise<ServerRun> {
  const gq = graphqlCases(picks);
  // the catalog's ETag, for the conditional request
  let etag: string | null = null;
  const coldStartMs: number[] = [];
  const firstAnswerMs: number[] = [];
  const cold = new Map<string, Answer>();
  for (const c of [...gq, ...openDataCases(picks, 'x')]) {
    const server = await startServer(database);
    try {
      coldStartMs.push(server.startMs);
      let first: Answer;
      if (c.id === 'catalog-304') {
        const plain = await once(server.url, { ...openDataCases(picks, null)[0]! });
        etag = plain.etag ?? null;
        // the first conditional request: the catalog has been built by the request before it
        first = etag
          ? await once(server.url, openDataCases(picks, etag).find((x) => x.id === 'catalog-304')!)
          : { status: 0, ms: 0, bytes: 0, error: 'catalog.json has no ETag' };
      } else first = await once(server.url, c);
      cold.set(c.id, first);
      if (c.id === 'baseline') firstAnswerMs.push(server.startMs + first.ms);
      log(`${name}: cold ${c.id}: ${first.ms.toFixed(1)} ms${first.error ? ` ERROR ${first.error}` : ''}`);
    } finally {
      await server.stop();
    }
  }

  const server = await startServer(database);
  try {
    const pid = server.child.pid!;
    const afterStart = memoryOf(pid);
    const run = async (c: Case): Promise<CaseResult> => {
      const first = cold.get(c.id)!;
      // a case that does not answer as it should is reported, not loaded
      const check = await once(server.url, c);
      const error = first.error ?? check.error;
      if (error) {
        log(`${name}: ${c.id}: ${error}`);
        return { c, cold: first, error };
      }
      const measured = await load(server.url, c);
      const quiet = c.kind === 'opendata' ? await unloaded(server.url, c) : undefined;
      log(
        `${name}: ${c.id}: ${fmt(measured.requestsPerSecond)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ${measured.failures} failed`,
      );
      return { c, cold: first, load: measured, ...(quiet ? { quiet } : {}) };
    };
    const graphqlResults: CaseResult[] = [];
    for (const c of gq) graphqlResults.push(await run(c));
    // the ETag is this server's: the catalog names its own origin (127.0.0.1:<port>)
    etag = (await once(server.url, openDataCases(picks, null)[0]!)).etag ?? null;
    const opendataResults: CaseResult[] = [];
    for (const c of openDataCases(picks, etag)) opendataResults.push(await run(c));
    const afterLoad = memoryOf(pid);
    const result: ServerRun = {
      name,
      startMs: server.startMs,
      coldStartMs,
      firstAnswerMs,
      graphql: graphqlResults,
      opendata: opendataResults,
      memory: { afterStart, afterLoad },
    };
    if (downloads) {
      // facts.csv and the raw iteration of its rows alternate, FACTS_ROUNDS times: each round's
      // ratio is side by side, and the median round's is the result, so that another process on
      // this shared machine for a few seconds moves one round, not the result
      const rounds: { csv: Download; raw: { rows: number; seconds: number } }[] = [];
      for (let round = 0; round < FACTS_ROUNDS; round++) {
        const raw = rawFactIteration(database, YEAR);
        log(`${name}: downloading /opendata/${YEAR}/facts.csv (round ${round + 1} of ${FACTS_ROUNDS})`);
        const csv = await download(server.url, `/opendata/${YEAR}/facts.csv`, { pid, encoding: 'identity' });
        log(
          `${name}: raw iteration ${fmt(raw.rows)} rows in ${raw.seconds.toFixed(2)} s, facts.csv in ${csv.seconds.toFixed(2)} s: ${fmt(csvShare({ csv, raw }), 1)}% of raw rows/s${csv.error ? ` ERROR ${csv.error}` : ''}`,
        );
        rounds.push({ csv, raw });
      }
      const byShare = [...rounds].sort((x, y) => csvShare(x) - csvShare(y));
      const { csv, raw } = byShare[Math.floor((byShare.length - 1) / 2)]!;
      const csvBrotli = await download(server.url, `/opendata/${YEAR}/facts.csv`, { pid, encoding: 'br' });
      for (const [label, d] of [
        ['facts.csv', csv],
        ['facts.csv (brotli)', csvBrotli],
      ] as const)
        log(
          `${name}: ${label} ${fmt(mib(d.bytes), 1)} MiB in ${d.seconds.toFixed(1)} s, server RSS ${fmt(d.rss.before)} → ${fmt(d.rss.max)} MiB${d.error ? ` ERROR ${d.error}` : ''}`,
        );
      const parquetFile = path.join(workDir, `${name}-facts.parquet`);
      const parquet = await download(server.url, `/opendata/${YEAR}/facts.parquet`, {
        pid,
        encoding: 'identity',
        saveTo: parquetFile,
      });
      log(
        `${name}: facts.parquet ${fmt(mib(parquet.bytes), 1)} MiB in ${parquet.seconds.toFixed(1)} s${parquet.error ? ` ERROR ${parquet.error}` : ''}`,
      );
      const parquetAgain = await download(server.url, `/opendata/${YEAR}/facts.parquet`, {
        pid,
        encoding: 'identity',
      });
      let rows: number | null = null;
      if (!parquet.error)
        try {
          rows = await parquetRows(parquetFile);
        } catch (error) {
          log(`${name}: facts.parquet unreadable: ${(error as Error).message}`);
        }
      result.downloads = { csv, csvBrotli, parquet, parquetAgain, parquetRows: rows, raw, rounds };
      result.memory.afterDownloads = memoryOf(pid);
    }
    return result;
  } finally {
    await server.stop();
  }
}

// —— the report ——

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const ms = (n: number | undefined, digits = 1) => (n === undefined ? '—' : fmt(n, digits));

function report(input: {
  started: Date;
  totalSeconds: number;
  a: { imported: Imported; sizes: Sizes; province: Province; picks: Picks };
  b: { imported: Imported; sizes: Sizes; province: Province };
  ratios: { label: string; r: ReturnType<typeof importRatio> }[];
  runA: ServerRun;
  runB: ServerRun;
}): string {
  const { a, b, runA, runB } = input;
  const cpus = os.cpus();
  const out: string[] = [];
  const full = UNITS === 9000 && HISTORY_UNITS === 1000;
  out.push(`## ${input.started.toISOString().slice(0, 10)} — province scale (bench/province.ts)`);
  out.push('');
  out.push(
    `Machine: ${cpus.length} CPU${cpus.length === 1 ? '' : 's'} (${cpus[0]?.model.trim() ?? 'unknown'}), ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}. ` +
      `Server and load generator on the same machine, 127.0.0.1; autocannon ${CONNECTIONS} connections × ${SECONDS} s per case. Whole run: ${fmt(input.totalSeconds / 60, 1)} min.`,
  );
  out.push('');
  out.push(
    `Command: \`${[
      UNITS !== 9000 ? `BENCH_UNITS=${UNITS}` : '',
      HISTORY_UNITS !== 1000 ? `BENCH_HISTORY_UNITS=${HISTORY_UNITS}` : '',
      SECONDS !== 8 ? `BENCH_SECONDS=${SECONDS}` : '',
      'npx tsx bench/province.ts',
    ]
      .filter(Boolean)
      .join(' ')}\`${full ? ' (full size)' : ' (**reduced size**, not the full 9,000 + 1,000×2)'}.`,
  );
  out.push('');
  out.push('### Sizes');
  out.push('');
  out.push(
    table(
      ['database', 'regions (declared + reference)', 'departments', 'units', 'budgets', 'fact rows', 'file'],
      [a, b].map((d, i) => [
        i ? 'B (small)' : 'A (province)',
        `${d.province.regions.length} + ${d.sizes.regions - d.province.regions.length}`,
        fmt(d.sizes.departments),
        fmt(d.sizes.units),
        `${fmt(d.sizes.budgets)} (${d.sizes.budgetsByYear})`,
        fmt(d.sizes.factRows),
        `${fmt(d.sizes.fileMiB, 0)} MiB`,
      ]),
    ),
  );
  out.push('');
  out.push(
    `Units in A: ${fmt(UNITS)} for ${YEAR} over ${a.province.regions.length} regions (419901 示例一市 …, parent 410000 河南省), departments of 10–50 units; ${fmt(HISTORY_UNITS)} of them also for 2022 and 2023. B: ${fmt(SMALL_UNITS)} units over ${b.province.regions.length} regions, built the same way. Both include the seed (焦作市 122201). Every document is a copy of one of the 3 published source documents (tests/support/documents.ts) in its region, department and year.`,
  );
  out.push('');
  out.push('### Import');
  out.push('');
  out.push(
    table(
      ['what', 'documents', 'facts', 'seconds', 'documents/s', 'facts/s'],
      [
        ...[a, b].map((d, i) => [
          i ? 'B: the whole import' : 'A: the whole import',
          fmt(d.imported.documents),
          fmt(d.imported.facts),
          fmt(d.imported.seconds, 1),
          fmt(d.imported.documents / d.imported.seconds, 1),
          fmt(d.imported.facts / d.imported.seconds),
        ]),
        ...thousands(a.imported).map((w) => [
          w.label,
          fmt(w.documents),
          fmt(w.facts),
          fmt(w.seconds, 1),
          fmt(w.documents / w.seconds, 1),
          fmt(w.facts / w.seconds),
        ]),
      ],
    ),
  );
  out.push('');
  out.push(
    `Writing the documents (copyDocument) took ${fmt(a.imported.writeSeconds, 1)} s for A, not counted above.`,
  );
  out.push('');
  out.push(
    `Import against plain INSERTs, on samples of ${fmt(SAMPLE)} documents of A's import: the import's own time for them; the same documents read and checked again; then the rows the import stored for them, read back from A, written again as plain prepared INSERTs into the same schema, a transaction per document as the import writes them — the first sample into an empty (migrated and seeded) database, the last into a copy of A with those rows deleted, so each meets the indexes at the size the import met them. The import is held to ≥ 20% of that raw rate:`,
  );
  out.push('');
  out.push(
    table(
      [
        'sample',
        'facts',
        'import facts/s',
        'read + check facts/s',
        'rows',
        'import rows/s',
        'plain INSERT rows/s',
        'import / plain INSERTs',
        'import / read',
      ],
      input.ratios.map(({ label, r }) => [
        label,
        fmt(r.facts),
        fmt(r.importFactsPerSecond),
        fmt(r.readFactsPerSecond),
        fmt(r.rows),
        fmt(r.importRowsPerSecond),
        fmt(r.insertRowsPerSecond),
        `${fmt((100 * r.insertMs) / r.importMs, 1)}% (${fmt(r.importMs / r.insertMs, 1)}× slower)`,
        `${fmt(r.importMs / r.readMs, 2)}×`,
      ]),
    ),
  );
  out.push('');

  const baseline = (run: ServerRun) =>
    run.graphql.find((r) => r.c.id === 'baseline')?.load?.requestsPerSecond;
  const pct = (r: CaseResult, run: ServerRun) => {
    const base = baseline(run);
    return r.load && base ? (100 * r.load.requestsPerSecond) / base : undefined;
  };
  out.push('### GraphQL (POST /graphql)');
  out.push('');
  out.push(
    `Codes from the generated data: region ${a.picks.region.code} ${a.picks.region.name}, unit ${a.picks.unit.code} ${a.picks.unit.name} (budgets ${a.picks.unit.years.join(', ')}), department ${a.picks.department.code} ${a.picks.department.name}. “Cold” is the case's first request on a server started for it alone (start-up to listening: ${fmt(median(runA.coldStartMs))} ms median on A, ${fmt(median(runB.coldStartMs))} ms on B; cold start to the first answer, start-up and the first \`{ __typename }\`: ${fmt(median(runA.firstAnswerMs))} ms on A, target < 2,000 ms: ${median(runA.firstAnswerMs) < 2000 ? 'met' : '**not met**'}; ${fmt(median(runB.firstAnswerMs))} ms on B). Latencies are autocannon's (whole milliseconds) under ${CONNECTIONS} connections.`,
  );
  out.push('');
  out.push(
    table(
      [
        'case',
        'A req/s',
        'A % of baseline',
        'A p50 ms',
        'A p99 ms',
        'A cold ms',
        'A non-2xx',
        'target',
        'met?',
        'B req/s',
        'B % of baseline',
        'B p50 / p99 ms',
        'B cold ms',
        'answer bytes A / B',
      ],
      runA.graphql.map((r, i) => {
        const rb = runB.graphql[i]!;
        const share = pct(r, runA);
        const met =
          r.c.target === undefined
            ? ''
            : share === undefined
              ? '**no** (error)'
              : share >= r.c.target
                ? 'yes'
                : '**no**';
        return [
          r.c.label,
          r.load ? fmt(r.load.requestsPerSecond) : `error: ${oneLine(r.error!, 80)}`,
          share === undefined ? '—' : `${fmt(share, 1)}%`,
          ms(r.load?.p50, 0),
          ms(r.load?.p99, 0),
          ms(r.cold.ms),
          r.load ? fmt(r.load.failures) : '—',
          r.c.target === undefined ? '—' : `≥ ${r.c.target}%`,
          met,
          rb.load ? fmt(rb.load.requestsPerSecond) : `error: ${oneLine(rb.error!, 80)}`,
          pct(rb, runB) === undefined ? '—' : `${fmt(pct(rb, runB)!, 1)}%`,
          rb.load ? `${rb.load.p50} / ${rb.load.p99}` : '—',
          ms(rb.cold.ms),
          `${fmt(r.cold.bytes)} / ${fmt(rb.cold.bytes)}`,
        ];
      }),
    ),
  );
  out.push('');
  const errors = [...runA.graphql, ...runB.graphql, ...runA.opendata, ...runB.opendata].filter(
    (r) => r.error,
  );
  if (errors.length) {
    out.push('Errors (these cases were not loaded):');
    out.push('');
    for (const r of errors)
      out.push(
        `- ${r.c.id} on ${runA.graphql.includes(r) || runA.opendata.includes(r) ? 'A' : 'B'}: \`${oneLine(r.error!)}\``,
      );
    out.push('');
  }

  out.push('### Open data (GET), A against B');
  out.push('');
  out.push(
    `Under load: autocannon, ${CONNECTIONS} connections × ${SECONDS} s. Unloaded: 100 requests one after another on one connection (sub-millisecond precision). Target: A within 2× of B (p50 and p99 under load).`,
  );
  out.push('');
  out.push(
    table(
      [
        'case',
        'A req/s',
        'A p50 / p99 ms',
        'B req/s',
        'B p50 / p99 ms',
        'A/B p50',
        'A/B p99',
        'within 2×?',
        'unloaded p50 A / B ms',
        'cold A / B ms',
        'failures A / B',
        'answer bytes A / B',
      ],
      runA.opendata.map((r, i) => {
        const rb = runB.opendata[i];
        const ratio = (x?: number, y?: number) =>
          x === undefined || y === undefined ? undefined : x / Math.max(y, 1);
        const r50 = ratio(r.load?.p50, rb?.load?.p50);
        const r99 = ratio(r.load?.p99, rb?.load?.p99);
        return [
          r.c.label,
          r.load ? fmt(r.load.requestsPerSecond) : `error: ${oneLine(r.error!, 80)}`,
          r.load ? `${r.load.p50} / ${r.load.p99}` : '—',
          rb?.load ? fmt(rb.load.requestsPerSecond) : `error: ${oneLine(rb?.error ?? 'not run', 80)}`,
          rb?.load ? `${rb.load.p50} / ${rb.load.p99}` : '—',
          r50 === undefined ? '—' : `${fmt(r50, 2)}×`,
          r99 === undefined ? '—' : `${fmt(r99, 2)}×`,
          r50 === undefined || r99 === undefined ? '—' : r50 <= 2 && r99 <= 2 ? 'yes' : '**no**',
          `${ms(r.quiet?.p50, 2)} / ${ms(rb?.quiet?.p50, 2)}`,
          `${ms(r.cold.ms)} / ${ms(rb?.cold.ms)}`,
          `${r.load ? fmt(r.load.failures) : '—'} / ${rb?.load ? fmt(rb.load.failures) : '—'}`,
          `${fmt(r.cold.bytes)} / ${rb ? fmt(rb.cold.bytes) : '—'}`,
        ];
      }),
    ),
  );
  out.push('');
  out.push(
    '(A/B ratios divide by at least 1 ms: autocannon records whole milliseconds. The 304 case counts 304 as its expected status; “failures” are answers with any other status, errors and timeouts.)',
  );
  out.push('');

  if (runA.downloads) {
    const d = runA.downloads;
    const raw = d.raw;
    const rawRate = raw.rows / raw.seconds;
    const parquetRows = d.parquetRows ?? d.csv.rows;
    out.push(`### Facts downloads on A (${YEAR}) against raw iteration`);
    out.push('');
    out.push(
      `Raw iteration: the same fact tables and filters as facts.csv (latest ${YEAR} budgets; incomes, functional and economic spending, basic items, project amounts, “三公”, operating costs, procurement, prior-year figures, assets), \`select *\` with better-sqlite3 \`.raw().iterate()\` in the benchmark's process: ${fmt(raw.rows)} rows in ${fmt(raw.seconds, 2)} s. The raw iteration and the identity download of facts.csv alternate, ${fmt(d.rounds.length)} rounds, each measured side by side; the table's facts.csv row and this raw time are the median round's. Every round (facts.csv's share of raw rows/s, its seconds against raw seconds): ${d.rounds.map((r) => `${fmt(csvShare(r), 1)}% (${fmt(r.csv.seconds, 2)} s against ${fmt(r.raw.seconds, 2)} s${r.csv.error ? `; failed: ${r.csv.error}` : ''})`).join(', ')}.`,
    );
    out.push('');
    out.push(
      table(
        [
          'download',
          'Accept-Encoding',
          'bytes (decoded)',
          'rows',
          'seconds',
          'rows/s',
          'download time / raw iteration time',
          'target',
          'met?',
          'server RSS before → highest while answering',
        ],
        (
          [
            // label, download, rows (facts.csv counts its lines; Parquet's are DuckDB's count), target
            [`\`/opendata/${YEAR}/facts.csv\``, d.csv, d.csv.rows, '≥ 50% of raw rows/s'],
            [`\`/opendata/${YEAR}/facts.csv\``, d.csvBrotli, d.csvBrotli.rows, ''],
            [`\`/opendata/${YEAR}/facts.parquet\` (first: built)`, d.parquet, parquetRows, ''],
            [`\`/opendata/${YEAR}/facts.parquet\` (again: cached)`, d.parquetAgain, parquetRows, ''],
          ] as [string, Download, number, string][]
        ).map(([label, dl, rows, target]) => {
          const share = (100 * (rows / dl.seconds)) / rawRate;
          return [
            label,
            dl.encoding,
            dl.error ? `error: ${dl.error}` : fmt(dl.bytes),
            fmt(rows),
            fmt(dl.seconds, 2),
            fmt(rows / dl.seconds),
            `${fmt(dl.seconds / raw.seconds, 1)}× (${fmt(share, 1)}% of raw rows/s)`,
            target || '—',
            target ? (share >= 50 && !dl.error ? 'yes' : '**no**') : '',
            `${fmt(dl.rss.before)} → ${fmt(dl.rss.max)} MiB`,
          ];
        }),
      ),
    );
    out.push('');
    out.push(
      'The target row asks for the rows as they are (`Accept-Encoding: identity`): the work of reading and formatting them. With brotli (what a browser asks for) the server also compresses them at quality 5 and the benchmark, on the same two cores, decompresses them. The server’s memory is sampled every 50 ms while it answers: flat means the highest sample stays near the one before, however many rows pass.',
    );
    out.push('');
    out.push(
      `facts.csv rows are its lines less the header; facts.parquet rows are DuckDB's count of the downloaded file (${d.parquetRows === null ? 'unreadable' : fmt(d.parquetRows)}).${d.csv.rows !== raw.rows ? ` The raw iteration counts ${fmt(raw.rows)} rows, facts.csv ${fmt(d.csv.rows)}.` : ''}`,
    );
    out.push('');
  }

  out.push('### Server memory (VmRSS of src/server.ts; peak is VmHWM)');
  out.push('');
  out.push(
    table(
      ['database', 'after start', 'after the load runs', 'after the facts downloads', 'peak'],
      [runA, runB].map((run) => [
        run.name,
        `${fmt(run.memory.afterStart.rss)} MiB`,
        `${fmt(run.memory.afterLoad.rss)} MiB`,
        run.memory.afterDownloads ? `${fmt(run.memory.afterDownloads.rss)} MiB` : '—',
        `${fmt((run.memory.afterDownloads ?? run.memory.afterLoad).peak)} MiB`,
      ]),
    ),
  );
  out.push('');
  return out.join('\n');
}

/** An error as one line of a table cell or list item. */
function oneLine(text: string, max = 400): string {
  const line = text.replace(/\s+/g, ' ').replaceAll('|', '\\|').replaceAll('`', "'");
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The import's rate over its first and last thousand documents: whether it slows as the database grows. */
function thousands(imported: Imported) {
  const n = Math.min(1000, Math.floor(imported.timings.length / 2));
  if (n < 50) return [];
  const window = (label: string, part: Imported['timings']) => ({
    label,
    documents: part.length,
    facts: part.reduce((s, t) => s + t.facts, 0),
    seconds: part.reduce((s, t) => s + t.ms, 0) / 1000,
  });
  return [
    window(`A: its first ${fmt(n)} documents`, imported.timings.slice(0, n)),
    window(`A: its last ${fmt(n)} documents`, imported.timings.slice(-n)),
  ];
}

// —— the run ——

const started = new Date();
const t0 = now();
try {
  const provinceA = provincePlan({ units: UNITS, historyUnits: HISTORY_UNITS, regions: REGIONS });
  const provinceB = provincePlan({
    units: SMALL_UNITS,
    historyUnits: Math.round((SMALL_UNITS * HISTORY_UNITS) / UNITS),
    regions: SMALL_REGIONS,
  });
  log(`work folder ${workDir}${KEEP ? ' (kept: BENCH_KEEP=1)' : ''}`);
  const importedA = await buildDatabase('A', provinceA);
  const importedB = await buildDatabase('B', provinceB);
  const sizesA = sizesOf(importedA.file);
  const sizesB = sizesOf(importedB.file);
  const sample = Math.min(SAMPLE, importedA.timings.length);
  const ratios = [
    {
      label: `first ${fmt(sample)} (database nearly empty)`,
      r: importRatio(importedA.timings.slice(0, sample), importedA.file, 'empty'),
    },
    {
      label: `last ${fmt(sample)} (database at province size)`,
      r: importRatio(importedA.timings.slice(-sample), importedA.file, 'copy'),
    },
  ];
  log(`import ratios: ${ratios.map(({ r }) => `${(r.importMs / r.insertMs).toFixed(1)}×`).join(', ')}`);
  const picksA = picksOf(provinceA);
  const picksB = picksOf(provinceB);
  const runA = await measure('A', importedA.file, picksA, true);
  const runB = await measure('B', importedB.file, picksB, false);
  const markdown = report({
    started,
    totalSeconds: (now() - t0) / 1000,
    a: { imported: importedA, sizes: sizesA, province: provinceA, picks: picksA },
    b: { imported: importedB, sizes: sizesB, province: provinceB },
    ratios,
    runA,
    runB,
  });
  fs.writeFileSync(RESULTS_FILE, `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
  log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)} in ${((now() - t0) / 60_000).toFixed(1)} min`);
  const failed = [...runA.graphql, ...runA.opendata, ...runB.graphql, ...runB.opendata].some(
    (r) => (r.load?.failures ?? 0) > 0,
  );
  if (failed) {
    log('some requests failed (non-2xx, errors or timeouts): see the report');
    process.exitCode = 1;
  }
} finally {
  clearTimeout(watchdog);
}
