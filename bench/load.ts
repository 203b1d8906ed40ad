/**
 * npm run load — a fixed-time load test: starts the server on a fresh seeded database, drives it
 * with autocannon through a mixed set of GraphQL queries and downloads (some with a value varied
 * per request, so answers are also computed and cached afresh, not only repeated), and reports
 * requests, errors (which must be 0), latency percentiles and the server's memory, sampled every
 * LOAD_SAMPLE_SECONDS.
 *
 * npm run soak — the same for 10 minutes, sampling every 10 s: it fails unless there are no
 * errors and, after the first minute, every sample of the server's RSS stays within 10% of their
 * median; it reports the trend too (MiB per minute, least squares).
 *
 *   LOAD_SECONDS=20 LOAD_CONNECTIONS=10 npm run load
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { EXAMPLE_QUERY } from '../src/graphql/yoga.js';
import { importDisclosure, seedDatabase } from '../src/importer/index.js';
import { memoryOf, startServer } from './support.js';

const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 10);
const sampleSeconds = Number(process.env.LOAD_SAMPLE_SECONDS ?? 1);
/** a soak (a run of two minutes or more) holds memory flat after its first minute */
const WARM_UP_SECONDS = 60;
const RSS_TOLERANCE = 0.1;

/** A request whose GraphQL query is made afresh for each request: `vary` fills in a value. */
const varied = (make: (n: number) => string, range: number) => ({
  method: 'POST' as const,
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  setupRequest: (request: autocannon.Request) => ({
    ...request,
    body: JSON.stringify({ query: make(1 + Math.floor(Math.random() * range)) }),
  }),
});

const graphql = (query: string) => ({
  method: 'POST' as const,
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query }),
});

/** The mix: each connection sends these in turn, again and again. */
const REQUESTS = [
  graphql(EXAMPLE_QUERY),
  graphql(
    '{ units(first: 50) { edges { node { code name budget(year: 2024) { total { value share } project { value } } } } } }',
  ),
  graphql(
    '{ unit(code: "122201") { budget(year: 2024) { table(no: 5) { rows { cells } } checks { id passed } } } }',
  ),
  { method: 'GET' as const, path: '/opendata/410800/2024/122201/05.csv' },
  { method: 'GET' as const, path: '/opendata/410800/2024/122201/07.json' },
  { method: 'GET' as const, path: '/opendata/410800/2024/122201/12.xlsx' },
  { method: 'GET' as const, path: '/opendata/410800/2024/122201/datapackage.json' },
  { method: 'GET' as const, path: '/opendata/catalog.json' },
  { method: 'GET' as const, path: '/opendata/2024/facts.csv' },
  { method: 'GET' as const, path: '/opendata' },
  varied((n) => `{ units(first: ${n}) { totalCount edges { node { code name } } } }`, 100),
  varied(
    (n) =>
      `{ unit(code: "122201") { budget(year: 2024) { table(no: ${1 + (n % 14)}) { rows { cells } } subjects(scheme: FUNCTIONAL, level: ${1 + (n % 3)}) { code total { value share } } } } }`,
    1000,
  ),
  {
    method: 'GET' as const,
    path: `/graphql?query=${encodeURIComponent('{ unit(code: "122201") { name } }')}`,
  },
];

async function prepareDatabase(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yusuan-load-')), 'yusuan.sqlite');
  const db = openDatabase(file);
  migrateDatabase(db);
  seedDatabase(db, path.join(ROOT, 'seeds'));
  await importDisclosure(db, path.join(ROOT, 'tests', 'fixtures', 'disclosures', '2024-900101'));
  db.$client.close();
  return file;
}

const database = await prepareDatabase();
const server = await startServer(database);
const started = Date.now();
const before = memoryOf(server.child.pid!).rss;
const samples: { second: number; rss: number }[] = [];
const sampler = setInterval(() => {
  samples.push({
    second: Math.round((Date.now() - started) / 1000),
    rss: Number(memoryOf(server.child.pid!).rss.toFixed(1)),
  });
}, sampleSeconds * 1000);
const result = await autocannon({ url: server.url, connections, duration: seconds, requests: REQUESTS });
clearInterval(sampler);
const after = memoryOf(server.child.pid!).rss;
const peak = memoryOf(server.child.pid!).peak;
await server.stop();

const errors = result.errors + result.timeouts + result.non2xx;
// after the warm-up minute, each sample against their median (the garbage collector makes RSS
// swing by a few per cent between samples), and the trend (least squares, MiB per minute)
const settled = samples.filter((x) => x.second > WARM_UP_SECONDS);
const sorted = settled.map((x) => x.rss).sort((a, b) => a - b);
const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
const drift = settled.length ? Math.max(...settled.map((x) => Math.abs(x.rss - median) / median)) : null;
const trend = (() => {
  if (settled.length < 2) return null;
  const mx = settled.reduce((t, x) => t + x.second, 0) / settled.length;
  const my = settled.reduce((t, x) => t + x.rss, 0) / settled.length;
  const sxy = settled.reduce((t, x) => t + (x.second - mx) * (x.rss - my), 0);
  const sxx = settled.reduce((t, x) => t + (x.second - mx) ** 2, 0);
  return Number(((60 * sxy) / sxx).toFixed(2));
})();
const report = {
  seconds,
  connections,
  requests: result.requests.total,
  requestsPerSecond: result.requests.average,
  errors,
  latencyMs: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
  },
  throughputMiBps: Number((result.throughput.average / 1024 / 1024).toFixed(2)),
  memoryMiB: {
    before: Number(before.toFixed(1)),
    after: Number(after.toFixed(1)),
    peak: Number(peak.toFixed(1)),
  },
  rssAfterWarmUp:
    drift === null
      ? null
      : {
          median,
          min: sorted[0],
          max: sorted.at(-1),
          maxDeviationPercent: Number((100 * drift).toFixed(1)),
          trendMiBPerMinute: trend,
        },
  samples,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (errors > 0) {
  process.stderr.write(`load: ${errors} request(s) failed\n`);
  process.exitCode = 1;
}
if (drift !== null && drift > RSS_TOLERANCE) {
  process.stderr.write(
    `load: RSS was ${(100 * drift).toFixed(1)}% from its median after the first minute (at most 10%)\n`,
  );
  process.exitCode = 1;
}
