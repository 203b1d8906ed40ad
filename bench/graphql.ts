/**
 * npm run bench — GraphQL throughput, side by side in one run (issue 11's targets):
 *
 * - `{ __typename }` through Yusuan against a bare graphql-yoga server (bench/bare-yoga.mjs);
 * - one unit's full tree (the GraphiQL example: totals, shares, changes, functional 类/款/项)
 *   against Yusuan's own `{ __typename }`, with the response cache off and warm;
 * - the same tree revalidated with If-None-Match (304);
 * - `yusuan --help` (the compiled CLI, bin/yusuan.js): spawn to exit, the median of 5.
 *
 * Each case: autocannon, BENCH_CONNECTIONS (10) connections for BENCH_GRAPHQL_SECONDS (8) s,
 * against a server in its own process on 127.0.0.1, on a seeded database. Ratios are what to
 * compare between runs; req/s depend on how busy the machine is.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { EXAMPLE_QUERY } from '../src/graphql/yoga.js';
import { seedDatabase } from '../src/importer/index.js';
import { type Server, startServer } from './support.js';

const seconds = Number(process.env.BENCH_GRAPHQL_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yusuan-bench-graphql-'));
const database = path.join(dir, 'yusuan.sqlite');
const db = openDatabase(database);
migrateDatabase(db);
seedDatabase(db, path.join(ROOT, 'seeds'));
db.$client.close();

const body = (query: string) => JSON.stringify({ query });
const TYPENAME = body('{ __typename }');
const TREE = body(EXAMPLE_QUERY);

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  statuses: string;
  bytes: number;
}

// the Accept header is part of an answer's ETag: every request here sends the same one
const HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

async function run(server: Server, payload: string, extra: Record<string, string> = {}): Promise<Measured> {
  const headers = { ...HEADERS, ...extra };
  const first = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers,
    body: payload,
  });
  const bytes = (await first.arrayBuffer()).byteLength;
  const result = await autocannon({
    url: `${server.url}/graphql`,
    connections,
    duration: seconds,
    method: 'POST',
    headers,
    body: payload,
  });
  const statuses = Object.entries(result.statusCodeStats as Record<string, { count: number }>)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(' ');
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, statuses, bytes };
}

async function etagOf(server: Server, payload: string): Promise<string> {
  const answer = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: HEADERS,
    body: payload,
  });
  await answer.arrayBuffer();
  return answer.headers.get('etag')!;
}

const started = Date.now();
const bare = await startServer(database, { entry: path.join(ROOT, 'bench', 'bare-yoga.mjs') });
const bareTypename = await run(bare, TYPENAME);
await bare.stop();

const uncached = await startServer(database, { env: { YUSUAN_GRAPHQL_RESPONSE_CACHE_BYTES: '0' } });
const typenameOff = await run(uncached, TYPENAME);
const treeOff = await run(uncached, TREE);
await uncached.stop();

const cached = await startServer(database);
const typenameOn = await run(cached, TYPENAME);
const treeWarm = await run(cached, TREE);
const notModified = await run(cached, TREE, { 'if-none-match': await etagOf(cached, TREE) });
await cached.stop();
fs.rmSync(dir, { recursive: true, force: true });

// `yusuan --help`: what a user waits for before the first line of the compiled CLI
const helpMs = Array.from({ length: 5 }, () => {
  const start = performance.now();
  const help = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'yusuan.js'), '--help'], {
    encoding: 'utf8',
  });
  if (help.status !== 0) throw new Error(`yusuan --help exited ${help.status}: ${help.stderr}`);
  return performance.now() - start;
}).sort((a, b) => a - b);
const helpMedian = helpMs[2]!;

const pct = (a: Measured, b: Measured) => (a.rps / b.rps) * 100;
const rows: [string, Measured, Measured | null, number | null][] = [
  ['bare graphql-yoga `{ __typename }`', bareTypename, null, null],
  ['Yusuan `{ __typename }` (response cache off)', typenameOff, bareTypename, 50],
  ['Yusuan `{ __typename }` (response cache on)', typenameOn, bareTypename, 50],
  ['unit tree, response cache off', treeOff, typenameOff, 25],
  ['unit tree, response cache warm', treeWarm, typenameOn, 80],
  ['unit tree, If-None-Match (304)', notModified, typenameOn, 90],
];
const lines = [
  `GraphQL (POST /graphql, seeded database; autocannon ${connections} connections × ${seconds} s per case; ${((Date.now() - started) / 1000).toFixed(0)} s in all)`,
  '',
  '| case | req/s | p50 / p99 ms | answers | bytes | against | % of it | target | met? |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(([name, m, base, target]) => {
    const against =
      base === null
        ? ''
        : base === bareTypename
          ? 'bare yoga `{ __typename }`'
          : 'Yusuan `{ __typename }`, same server';
    const share = base === null ? '' : `${pct(m, base).toFixed(1)}%`;
    const met = base === null || target === null ? '' : pct(m, base) >= target ? 'yes' : '**no**';
    return `| ${name} | ${Math.round(m.rps).toLocaleString('en')} | ${m.p50} / ${m.p99} | ${m.statuses} | ${m.bytes.toLocaleString('en')} | ${against} | ${share} | ${target === null ? '' : `≥ ${target}%`} | ${met} |`;
  }),
];
lines.push(
  '',
  `\`yusuan --help\` (bin/yusuan.js, compiled): ${helpMedian.toFixed(0)} ms median of 5 (${helpMs.map((ms) => ms.toFixed(0)).join(', ')}); target < 500 ms: ${helpMedian < 500 ? 'met' : '**not met**'}`,
);
console.log(lines.join('\n'));
