/**
 * npm run load — a fixed-time load test: starts the server on a fresh seeded database, drives it
 * with autocannon through a mixed set of GraphQL queries and downloads, and reports requests,
 * errors (which must be 0), latency percentiles and the server's memory before and after.
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
const before = memoryOf(server.child.pid!).rss;
const result = await autocannon({ url: server.url, connections, duration: seconds, requests: REQUESTS });
const after = memoryOf(server.child.pid!).rss;
await server.stop();

const errors = result.errors + result.timeouts + result.non2xx;
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
  memoryMiB: { before: Number(before.toFixed(1)), after: Number(after.toFixed(1)) },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (errors > 0) {
  process.stderr.write(`load: ${errors} request(s) failed\n`);
  process.exitCode = 1;
}
