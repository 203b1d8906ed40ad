import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { clipEcho } from '../src/echo.js';
import { createHttpServer } from '../src/http-server.js';
import { seededMemoryDatabase } from './support/database.js';

/** The app on a real HTTP server on 127.0.0.1 (an ephemeral port), with some settings. */
async function serve(env: NodeJS.ProcessEnv = {}) {
  const config: Config = loadConfig(env);
  const server = createHttpServer(createApp({ db: seededMemoryDatabase(), config }), config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends raw bytes on a new connection and returns all the server sent before closing (or `ms`). */
function raw(port: number, text: string, ms = 2_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let closed = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text: received, closed });
    }, ms);
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve({ text: received, closed });
    });
    socket.on('error', () => {});
    socket.write(text);
  });
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4).split('\r\n')[0]!);

describe('odd requests on the HTTP server', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve();
  });
  afterAll(() => server.close());

  it.each(['TRACE', 'PUT', 'DELETE', 'PATCH', 'PROPFIND'])(
    '%s on any path is 405 with Allow, a JSON error and nothing on stderr',
    async (method) => {
      const stderr = vi.spyOn(process.stderr, 'write');
      for (const path of ['/graphql', '/opendata/catalog.json', '/nowhere']) {
        // by hand: fetch itself refuses to send TRACE
        const { text } = await raw(
          server.port,
          `${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
          500,
        );
        expect([statusOf(text), /\r\nallow: ([^\r]*)/i.exec(text)?.[1], bodyOf(text)]).toEqual([
          405,
          'GET, HEAD, POST, OPTIONS',
          {
            errors: [
              {
                message: `${method} is not served: Yusuan answers GET, HEAD, POST, OPTIONS`,
                extensions: { code: 'METHOD_NOT_ALLOWED' },
              },
            ],
          },
        ]);
      }
      expect(stderr).not.toHaveBeenCalled();
      stderr.mockRestore();
    },
  );

  it('an absolute-form request target is 400, whatever host it names', async () => {
    for (const target of ['http://elsewhere.example/graphql', 'http://127.0.0.1/opendata/catalog.json']) {
      const { text } = await raw(server.port, `GET ${target} HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n`);
      expect([statusOf(text), bodyOf(text)]).toEqual([
        400,
        {
          errors: [
            {
              message: `the request target must be a path such as /graphql, found "${target}"`,
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        },
      ]);
    }
    const { text } = await raw(server.port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(statusOf(text)).toBe(400);
  });

  it('a path request still works on the same server', async () => {
    const answer = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('{ unit(code: "122201") { code } }')}`,
    );
    expect([answer.status, await answer.json()]).toEqual([200, { data: { unit: { code: '122201' } } }]);
  });
});

describe('server limits (settings)', () => {
  it('a client slower than YUSUAN_HEADERS_TIMEOUT_MS to send its headers is answered 408 and cut off', async () => {
    const server = await serve({ YUSUAN_HEADERS_TIMEOUT_MS: '300', YUSUAN_REQUEST_TIMEOUT_MS: '300' });
    try {
      const started = Date.now();
      const { text, closed } = await raw(server.port, 'GET /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: 1', 5_000);
      expect([closed, statusOf(text)]).toEqual([true, 408]);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await server.close();
    }
  });

  it('connections beyond YUSUAN_MAX_CONNECTIONS are closed as they arrive; the first ones are served', async () => {
    const server = await serve({ YUSUAN_MAX_CONNECTIONS: '2' });
    const open: net.Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const socket = net.connect(server.port, '127.0.0.1');
        await new Promise((resolve) => socket.on('connect', resolve));
        open.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const third = await raw(server.port, 'GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\n\r\n');
      expect([third.closed, third.text]).toEqual([true, '']);
      const first = open[0]!;
      const answer = new Promise<string>((resolve) =>
        first.once('data', (chunk) => resolve(chunk.toString())),
      );
      first.write('GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(statusOf(await answer)).toBe(200);
    } finally {
      for (const socket of open) socket.destroy();
      await server.close();
    }
  });

  it('the settings are read and checked like every other', () => {
    expect(loadConfig({})).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1_000,
      publicUrl: '',
    });
    expect(() => loadConfig({ YUSUAN_MAX_CONNECTIONS: 'lots' })).toThrow(
      'YUSUAN_MAX_CONNECTIONS must be a whole number from 1 to 1000000000, found "lots"',
    );
  });
});

describe('GraphQL answers to odd queries', () => {
  const app = createApp({ db: seededMemoryDatabase(), config: { ...loadConfig({}), production: true } });
  const graphql = async (query: string) =>
    (
      await app.fetch(
        new Request('http://yusuan/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query }),
        }),
      )
    ).json();
  const unit = encodeGlobalID('Unit', '410800/122201');
  const budget = encodeGlobalID('Budget', '410800/122201/2024/budget/1');

  it('the same node twice in one request: node(id:) under two aliases and nodes(ids:) with a repeat', async () => {
    expect(
      await graphql(`{
        a: node(id: "${unit}") { id ... on Unit { name } }
        b: node(id: "${unit}") { id ... on Unit { code } }
        c: nodes(ids: ["${budget}", "${unit}", "${budget}"]) { id }
        d: node(id: "${budget}") { ... on Budget { year } }
      }`),
    ).toEqual({
      data: {
        a: { id: unit, name: '焦作市政务大数据中心' },
        b: { id: unit, code: '122201' },
        c: [{ id: budget }, { id: unit }, { id: budget }],
        d: { year: 2024 },
      },
    });
  });

  it('every error has a code, no suggestion of any kind in production, and input echoed at most 100 characters', async () => {
    const long = 'x'.repeat(300);
    const answers = await Promise.all(
      [
        '{ unit(code: "122201") { budget(year: 2024) { subjects(scheme: FUNCTIONA) { code } } } }',
        '{ unit(code: "122201") { nam } }',
        '{ unt(code: "1") { id } }',
        '{ unit(cod: "1") { id } }',
        '{ ... on Unti { id } }',
        `{ node(id: "${long}") { id } }`,
        `{ ${long} }`,
        `{ unit(code: "122201") { budget(year: 2024) { subjects(scheme: ${long}) { code } } } }`,
        '{ unit(code: 5) { id } }',
        '{',
      ].map(graphql),
    );
    const errors = answers.flatMap((a) => a.errors);
    expect(errors.length).toBeGreaterThanOrEqual(10);
    for (const error of errors) {
      expect(typeof error.extensions?.code, error.message).toBe('string');
      expect(error.message).not.toMatch(/did you mean/i);
      expect(error.message).not.toContain('x'.repeat(101));
    }
    expect(answers[0].errors[0].message).toBe(
      'Value "FUNCTIONA" does not exist in "SubjectScheme" enum. [Suggestion hidden]',
    );
    expect(answers[5].errors[0]).toMatchObject({
      message: `Invalid global ID: ${'x'.repeat(100)}…`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('a download path or header of 10,000 characters is echoed at most 100', async () => {
    const long = 'p'.repeat(10_000);
    const answers = await Promise.all([
      app.fetch(new Request(`http://yusuan/opendata/${long}`)),
      app.fetch(new Request(`http://yusuan/${long}`)),
      app.fetch(
        new Request('http://yusuan/graphql', {
          method: 'POST',
          headers: { 'content-type': `text/${long}` },
          body: '{}',
        }),
      ),
    ]);
    for (const answer of answers) {
      const text = await answer.text();
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(text).toMatch(/p{50,100}…/);
      expect(text).not.toContain('p'.repeat(101));
    }
  });

  it('clipEcho cuts quoted values and runs without spaces, and leaves short ones', () => {
    expect(clipEcho(`Value "${'y'.repeat(150)}" is odd`)).toBe(`Value "${'y'.repeat(100)}…" is odd`);
    expect(clipEcho(`Value "${'a b '.repeat(50)}" is odd`)).toBe(
      `Value "${'a b '.repeat(50).slice(0, 100)}…" is odd`,
    );
    expect(clipEcho(`id ${'z'.repeat(120)} bad`)).toBe(`id ${'z'.repeat(100)}… bad`);
    expect(clipEcho('Cannot query field "nam" on type "Unit".')).toBe(
      'Cannot query field "nam" on type "Unit".',
    );
  });
});
