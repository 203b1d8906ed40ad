import { encodeGlobalID } from '@pothos/plugin-relay';
import autocannon from 'autocannon';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { WorkGate } from '../src/graphql/work.js';
import { seededDatabaseFile, seededMemoryDatabase } from './support/database.js';
import { manyUnitsDatabase } from './support/fixtures.js';
import { startServer } from './support/server.js';

const budgetId = (code: string) => encodeGlobalID('Budget', `410800/${code}/2024/budget/1`);
const EXPENSIVE = 'tables { rows { cells } } checks { id passed } changesFrom(revision: 1) { table }';

function appWith(db: Db, settings: Partial<Config> = {}, gate = new WorkGate(2, 64)) {
  const app = createApp({
    db,
    config: { ...loadConfig({}), graphqlResponseCacheBytes: 0, ...settings },
    gate,
  });
  const post = (query: string, signal?: AbortSignal) =>
    app.fetch(
      new Request('http://yusuan/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query }),
        signal,
      }),
    );
  return { gate, post, graphql: async (query: string) => (await post(query)).json() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the work of one request is bounded', () => {
  it('the query that took 25 s (one budget id 100 times, each with its diff, checks and tables) is refused by its cost', async () => {
    const { graphql, gate } = appWith(seededMemoryDatabase());
    const ids = Array(100)
      .fill(`"${budgetId('122201')}"`)
      .join(', ');
    const answer = await graphql(`{ nodes(ids: [${ids}]) { ... on Budget { ${EXPENSIVE} } } }`);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(answer.errors[0].message).toMatch(/^query cost \d+ is over the limit of 50000$/);
    expect(gate.operations).toBe(0);
  });

  it('the same budget asked for three times in one request is worked out once', async () => {
    const { graphql, gate } = appWith(seededMemoryDatabase());
    const once = await graphql(`{ unit(code: "122201") { budget(year: 2024) { ${EXPENSIVE} } } }`);
    // 14 tables and the checks; the diff of revision 1 with itself reuses the 14 tables, plus the diff
    expect(gate.operations).toBe(16);
    // (three copies of everything would cost more than a request may)
    const thrice = await graphql(`{
      a: unit(code: "122201") { budget(year: 2024) { ${EXPENSIVE} } }
      b: unit(code: "122201") { budget(year: 2024) { tables { rows { cells } } } }
      c: node(id: "${budgetId('122201')}") { ... on Budget { checks { id passed } } }
    }`);
    expect(thrice.errors).toBeUndefined();
    expect(gate.operations).toBe(32);
    const budget = once.data.unit.budget;
    expect(budget.tables).toHaveLength(14);
    expect(budget.checks.length).toBe(93);
    expect(thrice).toEqual({
      data: { a: once.data.unit, b: { budget: { tables: budget.tables } }, c: { checks: budget.checks } },
    });
  });

  it('past YUSUAN_GRAPHQL_TIMEOUT_MS a request ends with QUERY_TIMEOUT, and stops working', async () => {
    const { graphql, gate } = appWith(seededMemoryDatabase(), { graphqlTimeoutMs: 1 });
    const answer = await graphql(`{ unit(code: "122201") { budget(year: 2024) { ${EXPENSIVE} } } }`);
    expect(answer.errors[0]).toMatchObject({
      message:
        'the query ran longer than the limit of 1 ms (YUSUAN_GRAPHQL_TIMEOUT_MS): ask for less at once',
      extensions: { code: 'QUERY_TIMEOUT' },
    });
    expect(gate.operations).toBeLessThan(16);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it('a request whose client goes away stops: no further expensive work, and its slot is free', async () => {
    const db = manyUnitsDatabase(9);
    const { post, gate } = appWith(db);
    const ids = ['122201', ...Array.from({ length: 3 }, (_, i) => String(900_001 + i))].map(
      (c) => `"${budgetId(c)}"`,
    );
    const client = new AbortController();
    const answer = post(
      `{ nodes(ids: [${ids.join(', ')}]) { ... on Budget { tables { rows { cells } } } } }`,
      client.signal,
    );
    while (gate.operations < 3) await turn();
    client.abort();
    const atAbort = gate.operations;
    await Promise.resolve(answer).then(
      (r) => r.text(),
      () => undefined,
    );
    for (let i = 0; i < 20; i++) await turn();
    expect(gate.operations).toBeLessThanOrEqual(atAbort + 1);
    expect(gate.operations).toBeLessThan(4 * 14);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it('past YUSUAN_EXPENSIVE_QUEUE waiting requests, the next is refused with SERVER_BUSY (503, Retry-After)', async () => {
    const { post, gate } = appWith(seededMemoryDatabase(), {}, new WorkGate(1, 0));
    const first = post(`{ unit(code: "122201") { budget(year: 2024) { ${EXPENSIVE} } } }`);
    while (gate.load.active === 0) await turn();
    const second = await post(`{ unit(code: "122201") { budget(year: 2024) { checks { id } } } }`);
    expect([
      second.status,
      second.headers.get('retry-after'),
      (await second.json()).errors[0].extensions.code,
    ]).toEqual([503, '1', 'SERVER_BUSY']);
    expect((await (await first).json()).data.unit.budget.tables).toHaveLength(14);
    // cheap requests never wait at the gate
    const cheap = await post('{ unit(code: "122201") { name } }');
    expect(cheap.status).toBe(200);
  });
});

describe('WorkGate', () => {
  it('lets `slots` requests in at a time, in order of arrival; a waiting request that is abandoned leaves the line', async () => {
    const gate = new WorkGate(2, 10);
    const never = new AbortController().signal;
    const order: string[] = [];
    const leaveA = await gate.enter(never);
    const leaveB = await gate.enter(never);
    const gone = new AbortController();
    const c = gate.enter(never).then((leave) => {
      order.push('c');
      return leave;
    });
    const d = gate.enter(gone.signal).then(
      () => order.push('d'),
      (reason) => order.push(`d left: ${reason}`),
    );
    const e = gate.enter(never).then((leave) => {
      order.push('e');
      return leave;
    });
    expect(gate.load).toEqual({ active: 2, waiting: 3 });
    gone.abort('gone');
    await d;
    leaveA();
    leaveA(); // twice is once
    const leaveC = await c;
    expect([order, gate.load]).toEqual([['d left: gone', 'c'], { active: 2, waiting: 1 }]);
    leaveB();
    (await e)();
    leaveC();
    expect([order, gate.load]).toEqual([['d left: gone', 'c', 'e'], { active: 0, waiting: 0 }]);
  });
});

describe('heavy load does not starve cheap requests', () => {
  it('while 10 clients send the heaviest query for 10 s, a cheap query’s p99 stays under 500 ms; 2 s after, normal speed', async () => {
    const file = seededDatabaseFile();
    // the response cache off: every heavy request is worked out afresh
    const server = await startServer(file, {
      env: { NODE_ENV: 'production', YUSUAN_GRAPHQL_RESPONSE_CACHE_BYTES: '0' },
    });
    try {
      const heavy = JSON.stringify({
        query: `{ unit(code: "122201") { budget(year: 2024) { ${EXPENSIVE} } } }`,
      });
      const cheap = `${server.url}/graphql?query=${encodeURIComponent('{ unit(code: "122201") { name } }')}`;
      const latencies = async (n: number) => {
        const times: number[] = [];
        for (let i = 0; i < n; i++) {
          const start = performance.now();
          const answer = await fetch(cheap);
          expect(answer.status).toBe(200);
          await answer.arrayBuffer();
          times.push(performance.now() - start);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        times.sort((a, b) => a - b);
        return { p50: times[Math.floor(n / 2)]!, p99: times[Math.floor(n * 0.99)]! };
      };
      const before = await latencies(40);
      const load = autocannon({
        url: `${server.url}/graphql`,
        connections: 10,
        duration: 10,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: heavy,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const during = await latencies(120);
      const result = await load;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const after = await latencies(40);
      expect(result.non2xx).toBe(0);
      expect(result.requests.total).toBeGreaterThan(50);
      expect(during.p99).toBeLessThan(500);
      expect(after.p50).toBeLessThan(2 * before.p50 + 10);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
