/**
 * facts.csv and facts.parquet against iterating the same rows in SQLite, side by side in one run:
 *
 * - a database file of BENCH_FACT_UNITS unit budgets for 2024 (default 9,000, about 1.07M fact
 *   rows, built in about a minute), copies of the 3 published source documents
 *   (tests/support/documents.ts) written with the importer's own writeDisclosure, spread over
 *   BENCH_FACT_REGIONS regions (default 18) and departments of 50 units;
 * - raw iteration of the rows facts.csv draws from (bench/raw-facts.ts, `select *`, `.raw().iterate()`);
 * - the real server (dist/server.js, read-only, started on 127.0.0.1): facts.csv without
 *   Accept-Encoding, then with gzip, facts.parquet built and again cached, the region's facts.csv;
 * - the server's memory (VmRSS, sampled every 50 ms while downloading; VmHWM) before and after.
 *
 * Prints a Markdown table. BENCH_FACT_DB names the database file (kept, and reused when it
 * exists with the same size); BENCH_FACT_SAVE a folder to save the downloads in.
 *
 *   npm run build && BENCH_FACT_UNITS=500 npx tsx bench/facts.ts
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import type { Disclosure } from '../src/disclosure/facts.js';
import { readDisclosureSync, seedDatabase } from '../src/importer/index.js';
import { writeDisclosure } from '../src/importer/write.js';
import { SEEDS } from '../tests/support/database.js';
import { SOURCE_DOCUMENTS } from '../tests/support/documents.js';
import { seedCatalog } from '../tests/support/seed.js';
import { rawFactIteration } from './raw-facts.js';
import { memoryOf, parquetRows, type Server, setting, startServer } from './support.js';

const UNITS = setting('BENCH_FACT_UNITS', 9000, 1);
const REGIONS = setting('BENCH_FACT_REGIONS', 18, 1);
const YEAR = 2024;
const DATABASE =
  process.env.BENCH_FACT_DB || path.join(os.tmpdir(), `yusuan-bench-facts-${UNITS}x${REGIONS}.sqlite`);
const SAVE = process.env.BENCH_FACT_SAVE || undefined;

const now = () => performance.now();
const log = (message: string) => process.stderr.write(`${message}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => bytes / 1024 / 1024;

// —— the database ——

/**
 * The seed, then UNITS copies of the source documents (unit codes 300001…, a department every
 * 50 units, regions 419901… under 410000), each in its own transaction as an import writes it.
 */
function buildDatabase(file: string): { seconds: number } {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  const start = now();
  const db = openDatabase(file);
  try {
    migrateDatabase(db);
    seedDatabase(db, SEEDS);
    const catalog = seedCatalog();
    const sources: Disclosure[] = SOURCE_DOCUMENTS.map((s) => readDisclosureSync(s.file, catalog).disclosure);
    const insertRegion = db.$client.prepare(
      'insert or ignore into regions (code, name, parent_code) values (?, ?, ?)',
    );
    const regions = Array.from({ length: REGIONS }, (_, i) => {
      const code = String(419901 + i);
      insertRegion.run(code, `示例${i + 1}市`, '410000');
      return code;
    });
    db.$client.pragma('synchronous = OFF');
    for (let i = 0; i < UNITS; i++) {
      const source = sources[i % sources.length]!;
      const code = String(300_001 + i);
      const department = String(100 + Math.floor(i / 50));
      writeDisclosure(db, {
        ...source,
        department: { code: department, name: `示例部门${department}` },
        unit: { ...source.unit, regionCode: regions[i % regions.length]!, code, name: `示例单位${code}` },
      });
      if ((i + 1) % 1000 === 0) log(`wrote ${fmt(i + 1)} of ${fmt(UNITS)} units`);
    }
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.$client.close();
  }
  return { seconds: (now() - start) / 1000 };
}

interface Download {
  label: string;
  status: number;
  bytes: number;
  /** lines less the header (plain CSV only) */
  rows: number | undefined;
  seconds: number;
  encoding: string;
  /** the largest RSS sampled while it downloaded */
  maxRss: number;
}

/** One GET with node:http (no fetch: it would ask for and undo compression itself). */
function download(
  server: Server,
  label: string,
  urlPath: string,
  headers: Record<string, string>,
  save?: string,
) {
  return new Promise<Download>((resolve, reject) => {
    const start = now();
    let maxRss = memoryOf(server.child.pid!).rss;
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, memoryOf(server.child.pid!).rss);
    }, 50);
    const request = http.get(
      { host: '127.0.0.1', port: new URL(server.url).port, path: urlPath, headers },
      (response) => {
        const encoding = String(response.headers['content-encoding'] ?? 'identity');
        const out = save ? fs.openSync(save, 'w') : undefined;
        let bytes = 0;
        let newlines = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (out !== undefined) fs.writeSync(out, chunk);
          for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) newlines++;
        });
        response.on('end', () => {
          clearInterval(sampler);
          if (out !== undefined) fs.closeSync(out);
          maxRss = Math.max(maxRss, memoryOf(server.child.pid!).rss);
          resolve({
            label,
            status: response.statusCode ?? 0,
            bytes,
            rows: encoding === 'identity' && urlPath.endsWith('.csv') ? Math.max(0, newlines - 1) : undefined,
            seconds: (now() - start) / 1000,
            encoding,
            maxRss,
          });
        });
        response.on('error', reject);
      },
    );
    request.on('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
  });
}

// —— the run ——

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main() {
  const started = now();
  const marker = `${DATABASE}.units`;
  const wanted = `${UNITS}x${REGIONS}`;
  let built: { seconds: number } | undefined;
  if (!fs.existsSync(DATABASE) || !fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== wanted) {
    log(`building ${DATABASE}: ${fmt(UNITS)} units over ${REGIONS} regions`);
    built = buildDatabase(DATABASE);
    fs.writeFileSync(marker, wanted);
    log(`built in ${built.seconds.toFixed(1)} s`);
  } else log(`reusing ${DATABASE}`);

  // raw iteration, twice: the first warms the page cache as the server's first read would not
  rawFactIteration(DATABASE, YEAR);
  const raw = rawFactIteration(DATABASE, YEAR);
  log(`raw iteration: ${fmt(raw.rows)} rows in ${raw.seconds.toFixed(2)} s`);

  const region = '419901';
  const server = await startServer(DATABASE);
  const downloads: Download[] = [];
  let before: ReturnType<typeof memoryOf>;
  let after: ReturnType<typeof memoryOf>;
  let parquetCount: number | undefined;
  try {
    const pid = server.child.pid!;
    // the index and the data version are built at start; one small request warms the routes
    await download(server, 'warm-up', '/opendata/catalog.json', {});
    before = memoryOf(pid);
    const save = (name: string) => (SAVE ? path.join(SAVE, name) : undefined);
    if (SAVE) fs.mkdirSync(SAVE, { recursive: true });
    const parquetFile =
      save('facts.parquet') ?? path.join(os.tmpdir(), `yusuan-bench-facts-${process.pid}.parquet`);
    const run = async (label: string, urlPath: string, headers: Record<string, string>, file?: string) => {
      const d = await download(server, label, urlPath, headers, file);
      log(`${label}: ${fmt(mib(d.bytes), 1)} MiB in ${d.seconds.toFixed(2)} s, max RSS ${fmt(d.maxRss)} MiB`);
      downloads.push(d);
    };
    await run(`\`/opendata/${YEAR}/facts.csv\``, `/opendata/${YEAR}/facts.csv`, {}, save('facts.csv'));
    await run(`\`/opendata/${YEAR}/facts.csv\` again`, `/opendata/${YEAR}/facts.csv`, {});
    await run(`\`/opendata/${YEAR}/facts.csv\`, gzip`, `/opendata/${YEAR}/facts.csv`, {
      'accept-encoding': 'gzip',
    });
    await run(`\`/opendata/${YEAR}/facts.csv\`, br`, `/opendata/${YEAR}/facts.csv`, {
      'accept-encoding': 'br',
    });
    await run(
      `\`/opendata/${region}/${YEAR}/facts.csv\``,
      `/opendata/${region}/${YEAR}/facts.csv`,
      {},
      save(`${region}-facts.csv`),
    );
    await run(
      `\`/opendata/${YEAR}/facts.parquet\` (first: built)`,
      `/opendata/${YEAR}/facts.parquet`,
      {},
      parquetFile,
    );
    await run(`\`/opendata/${YEAR}/facts.parquet\` (again: cached)`, `/opendata/${YEAR}/facts.parquet`, {});
    after = memoryOf(pid);
    parquetCount = await parquetRows(parquetFile);
    if (!SAVE) fs.rmSync(parquetFile, { force: true });
  } finally {
    await server.stop();
  }

  const sizes = new Database(DATABASE, { readonly: true });
  const budgets = Number(sizes.prepare('select count(*) from budgets').pluck().get());
  sizes.close();
  const out: string[] = [];
  out.push(
    `## facts downloads against raw iteration (bench/facts.ts, ${new Date().toISOString().slice(0, 10)})`,
  );
  out.push('');
  out.push(
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}. Database: ${fmt(budgets)} budgets (${fmt(UNITS)} units over ${REGIONS} regions, and the seed), ${fmt(mib(fs.statSync(DATABASE).size))} MiB${built ? `, built in ${built.seconds.toFixed(1)} s` : ''}. Command: \`BENCH_FACT_UNITS=${UNITS} npx tsx bench/facts.ts\`.`,
  );
  out.push('');
  out.push(
    `Raw iteration (bench/raw-facts.ts: the same tables and filters, \`select *\`, \`.raw().iterate()\`, in the benchmark's process, second run): ${fmt(raw.rows)} rows in ${raw.seconds.toFixed(2)} s (${fmt(raw.rows / raw.seconds)} rows/s).`,
  );
  out.push('');
  const rawRate = raw.rows / raw.seconds;
  out.push(
    table(
      [
        'download',
        'encoding',
        'bytes',
        'rows',
        'seconds',
        'rows/s',
        'MiB/s',
        '% of raw',
        'server max RSS MiB',
      ],
      downloads.map((d) => {
        const rows = d.rows ?? (d.label.includes('parquet') ? (parquetCount ?? 0) : raw.rows);
        const rate = rows / d.seconds;
        const whole = !d.label.includes(region);
        return [
          d.label,
          d.encoding,
          fmt(d.bytes),
          fmt(rows),
          d.seconds.toFixed(2),
          fmt(rate),
          fmt(mib(d.bytes) / d.seconds, 1),
          whole ? `${fmt((100 * rate) / rawRate, 1)}%` : '—',
          fmt(d.maxRss),
        ];
      }),
    ),
  );
  out.push('');
  out.push(
    `Rows: facts.csv lines less the header; Parquet rows are DuckDB's count (${parquetCount === undefined ? '?' : fmt(parquetCount)}); a compressed download counts the raw rows. “% of raw” is rows/s against raw iteration's. Server memory (VmRSS / VmHWM): ${fmt(before!.rss)} / ${fmt(before!.peak)} MiB before the downloads, ${fmt(after!.rss)} / ${fmt(after!.peak)} MiB after. Whole run ${((now() - started) / 1000).toFixed(0)} s.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
