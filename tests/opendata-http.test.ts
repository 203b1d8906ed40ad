import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Db, migrateDatabase, openDatabase } from '../src/db/client.js';
import { seedDatabase } from '../src/importer/index.js';
import { writeDisclosure } from '../src/importer/write.js';
import { contentDisposition } from '../src/opendata/http.js';
import type { TableDocument } from '../src/opendata/table-json.js';
import { type RunningServer, serve } from './support/browser.js';
import { SEEDS, seededMemoryDatabase } from './support/database.js';
import { seedDisclosure } from './support/seed.js';

const appOn = (db: Db) => createApp({ db, config: loadConfig({}) });
let app: ReturnType<typeof appOn>;
beforeAll(() => {
  app = appOn(seededMemoryDatabase());
});
const request = (path: string, init?: RequestInit, on = app) =>
  on.fetch(new Request(`http://yusuan${path}`, init));

/** One of every kind of file the feed serves. */
const FILES = [
  '/opendata',
  '/opendata/catalog.json',
  '/opendata/2024/facts.csv',
  '/opendata/410800/2024/122201.xlsx',
  '/opendata/410800/2024/122201/datapackage.json',
  '/opendata/410800/2024/122201/01.csv',
  '/opendata/410800/2024/122201/04.json',
  '/opendata/410800/2024/122201/14.xlsx',
];

describe('validators: ETag and Last-Modified', () => {
  it.each(FILES)('%s has a strong ETag that stays the same from one request to the next', async (path) => {
    const first = await request(path);
    const second = await request(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(new Uint8Array(await first.arrayBuffer()));
    expect(first.headers.get('last-modified')).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('gives different files different ETags (the BOM variant included)', async () => {
    const tags = await Promise.all(
      [...FILES, '/opendata/410800/2024/122201/01.csv?bom=1', '/opendata/2024/facts.csv?bom=1'].map(
        async (path) => (await request(path)).headers.get('etag'),
      ),
    );
    expect(new Set(tags).size).toBe(tags.length);
  });

  it.each(FILES)('%s answers If-None-Match with 304, no body, and the validators', async (path) => {
    const { headers } = await request(path);
    const etag = headers.get('etag')!;
    for (const ifNoneMatch of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
      const response = await request(path, { headers: { 'if-none-match': ifNoneMatch } });
      expect(response.status, ifNoneMatch).toBe(304);
      expect(await response.text()).toBe('');
      expect({
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        cacheControl: response.headers.get('cache-control'),
        cors: response.headers.get('access-control-allow-origin'),
      }).toEqual({
        etag,
        lastModified: headers.get('last-modified'),
        cacheControl: 'public, max-age=300',
        cors: '*',
      });
    }
    expect((await request(path, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  it.each(FILES)('%s answers If-Modified-Since with 304 unless it changed after', async (path) => {
    const lastModified = (await request(path)).headers.get('last-modified')!;
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    const ifModifiedSince = (since: string) => request(path, { headers: { 'if-modified-since': since } });
    expect((await ifModifiedSince(lastModified)).status).toBe(304);
    expect((await ifModifiedSince(earlier)).status).toBe(200);
    expect((await ifModifiedSince('not a date')).status).toBe(200);
    // If-None-Match decides when both are sent (RFC 9110 §13.2.2)
    const both = await request(path, {
      headers: { 'if-none-match': '"stale"', 'if-modified-since': lastModified },
    });
    expect(both.status).toBe(200);
  });
});

describe('HEAD', () => {
  it.each(FILES)('%s: the GET headers, no body', async (path) => {
    const get = await request(path);
    const head = await request(path, { method: 'HEAD' });
    const body = await get.arrayBuffer();
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(Object.fromEntries(head.headers)).toEqual(Object.fromEntries(get.headers));
    if (get.headers.has('content-length'))
      expect(Number(get.headers.get('content-length'))).toBe(body.byteLength);
  });

  it('facts.csv is streamed: no Content-Length, and HEAD prepares no fact query', async () => {
    const statements: string[] = [];
    const db = openDatabase(':memory:', { onStatement: (sql) => statements.push(sql) });
    migrateDatabase(db);
    seedDatabase(db, SEEDS);
    statements.length = 0;
    const head = await request('/opendata/2024/facts.csv', { method: 'HEAD' }, appOn(db));
    expect(head.headers.get('content-length')).toBeNull();
    expect(statements.filter((s) => s.includes('functional_expenditures'))).toEqual([]);
    await (await request('/opendata/2024/facts.csv', undefined, appOn(db))).text();
    expect(statements.filter((s) => s.includes('functional_expenditures')).length).toBe(1);
  });
});

describe('CORS', () => {
  it('every answer carries Access-Control-Allow-Origin: *, errors included', async () => {
    const answers = await Promise.all(
      [
        '/opendata/410800/2024/122201/01.csv',
        '/opendata/410800/2099/122201/01.csv',
        '/opendata/410800/2024/122201/01.csv?revision=x',
        '/opendata/nothing-here',
      ].map(async (path) => {
        const response = await request(path);
        return [response.status, response.headers.get('access-control-allow-origin')];
      }),
    );
    expect(answers).toEqual([
      [200, '*'],
      [404, '*'],
      [400, '*'],
      [404, '*'],
    ]);
    const response = await request('/opendata/410800/2024/122201/01.csv');
    expect(response.headers.get('access-control-expose-headers')).toBe(
      'ETag, Last-Modified, Content-Disposition, Content-Length',
    );
  });

  it('a preflight (a cross-origin GET sending If-None-Match) is allowed', async () => {
    const response = await request('/opendata/410800/2024/122201/01.csv', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://elsewhere.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    expect([response.status, Object.fromEntries(response.headers)]).toEqual([
      204,
      {
        'access-control-allow-origin': '*',
        'access-control-expose-headers': 'ETag, Last-Modified, Content-Disposition, Content-Length',
        'access-control-allow-methods': 'GET, HEAD, OPTIONS',
        'access-control-allow-headers': 'If-None-Match, If-Modified-Since',
        'access-control-max-age': '86400',
        allow: 'GET, HEAD, OPTIONS',
      },
    ]);
  });
});

describe('Content-Disposition', () => {
  /** What a browser saves the file as: filename* (RFC 6266/8187) when present, else filename. */
  const savedAs = (header: string) => {
    const extended = /filename\*=UTF-8''([^;]+)/.exec(header);
    return extended ? decodeURIComponent(extended[1]!) : /filename="([^"]+)"/.exec(header)![1];
  };

  it('names each file with an ASCII filename and the Chinese name in filename*', async () => {
    const dispositions = await Promise.all(
      [...FILES.slice(1), '/opendata/410800/2024/122201/09.csv'].map(async (path) => {
        const header = (await request(path)).headers.get('content-disposition')!;
        return [path, header.split(';')[0], /filename="([^"]+)"/.exec(header)![1], savedAs(header)];
      }),
    );
    expect(dispositions).toEqual([
      ['/opendata/catalog.json', 'inline', 'catalog.json', 'catalog.json'],
      ['/opendata/2024/facts.csv', 'attachment', 'yusuan-2024-facts.csv', '2024年预算公开数据-全部事实.csv'],
      [
        '/opendata/410800/2024/122201.xlsx',
        'attachment',
        'yusuan-410800-2024-122201.xlsx',
        '焦作市政务大数据中心2024年度单位预算.xlsx',
      ],
      ['/opendata/410800/2024/122201/datapackage.json', 'inline', 'datapackage.json', 'datapackage.json'],
      [
        '/opendata/410800/2024/122201/01.csv',
        'attachment',
        'yusuan-410800-2024-122201-01-income-expenditure-summary.csv',
        '焦作市政务大数据中心-01-2024年单位收支预算表.csv',
      ],
      [
        '/opendata/410800/2024/122201/04.json',
        'attachment',
        'yusuan-410800-2024-122201-04-fiscal-appropriation-summary.json',
        '焦作市政务大数据中心-04-2024年财政拨款收支预算表.json',
      ],
      [
        '/opendata/410800/2024/122201/14.xlsx',
        'attachment',
        'yusuan-410800-2024-122201-14-project-performance-targets.xlsx',
        '焦作市政务大数据中心-14-2024年单位预算项目绩效目标表.xlsx',
      ],
      [
        '/opendata/410800/2024/122201/09.csv',
        'attachment',
        'yusuan-410800-2024-122201-09-three-public-costs.csv',
        '焦作市政务大数据中心-09-2024年一般公共预算“三公”经费预算表.csv',
      ],
    ]);
  });

  it('keeps filename ASCII and percent-encodes what RFC 8187 does not allow bare in filename*', () => {
    expect(
      contentDisposition({ type: 'attachment', ascii: 'a"b\\c-预算.csv', utf8: "预算(草案)'*!.csv" }),
    ).toBe(
      `attachment; filename="a_b_c-__.csv"; filename*=UTF-8''%E9%A2%84%E7%AE%97%28%E8%8D%89%E6%A1%88%29%27%2A!.csv`,
    );
  });

  it('the index page is shown, not downloaded', async () => {
    const response = await request('/opendata');
    expect(response.headers.get('content-disposition')).toBeNull();
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});

describe('errors are JSON and say what is unknown', () => {
  it.each([
    ['/opendata/410800/2099/122201/01.csv', 404, 'no budget disclosures for year 2099 in region 410800'],
    ['/opendata/2099/facts.csv', 404, 'no budget disclosures for year 2099'],
    ['/opendata/410800/2024/999999/01.csv', 404, 'no 2024 budget disclosure of unit 999999 in region 410800'],
    ['/opendata/410800/2024/999999.xlsx', 404, 'no 2024 budget disclosure of unit 999999 in region 410800'],
    [
      '/opendata/410800/2024/999999/datapackage.json',
      404,
      'no 2024 budget disclosure of unit 999999 in region 410800',
    ],
    ['/opendata/410800/2024/122201/15.csv', 404, 'no table "15": tables are numbered 01 to 14'],
    ['/opendata/410800/2024/122201/00.json', 404, 'no table "00": tables are numbered 01 to 14'],
    ['/opendata/410800/2024/122201/1.csv', 404, 'no table "1": tables are numbered 01 to 14'],
    ['/opendata/410800/2024/122201/01.pdf', 404, 'no such download: /opendata/410800/2024/122201/01.pdf'],
    [
      '/opendata/410800/2024/122201/%2e%2e%2f01.csv',
      404,
      'no such download: /opendata/410800/2024/122201/%2e%2e%2f01.csv',
    ],
    [
      '/opendata/410800/2024/122201/01.csv?revision=2',
      404,
      'unit 122201 has no revision 2 of its 2024 budget',
    ],
    [
      '/opendata/410800/2024/122201/01.csv?revision=0',
      400,
      'revision must be a whole number from 1, found "0"',
    ],
  ])('%s → %i', async (path, status, message) => {
    const response = await request(path);
    expect([response.status, response.headers.get('content-type'), await response.json()]).toEqual([
      status,
      'application/json',
      { error: { code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message } },
    ]);
  });

  it('downloads are read-only: other methods get 405 with Allow', async () => {
    const response = await request('/opendata/410800/2024/122201/01.csv', { method: 'POST', body: 'x' });
    expect([response.status, response.headers.get('allow'), await response.json()]).toEqual([
      405,
      'GET, HEAD, OPTIONS',
      { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST is not allowed: downloads are read-only' } },
    ]);
  });
});

describe('revisions', () => {
  it('serves the latest revision, and an earlier one with ?revision=n', async () => {
    const db = seededMemoryDatabase();
    const revised = seedDisclosure();
    revised.basicItems[0]!.name = '基本工资（修订）';
    expect(writeDisclosure(db, revised)).toMatchObject({ revision: 2, created: true });
    const on = appOn(db);
    const firstCells = async (path: string) =>
      (parse(await (await request(path, undefined, on)).text()) as string[][])[4]!.slice(0, 3);
    expect(await firstCells('/opendata/410800/2024/122201/07.csv')).toEqual([
      '焦作市政务大数据中心',
      '人员类',
      '基本工资（修订）',
    ]);
    expect(await firstCells('/opendata/410800/2024/122201/07.csv?revision=2')).toEqual([
      '焦作市政务大数据中心',
      '人员类',
      '基本工资（修订）',
    ]);
    expect(await firstCells('/opendata/410800/2024/122201/07.csv?revision=1')).toEqual([
      '焦作市政务大数据中心',
      '人员类',
      '行政人员及机关技术工人年基本工资',
    ]);
    const tags = await Promise.all(
      ['', '?revision=1'].map(async (q) =>
        (await request(`/opendata/410800/2024/122201/07.csv${q}`, undefined, on)).headers.get('etag'),
      ),
    );
    expect(tags[0]).not.toBe(tags[1]);
    const json = (await (
      await request('/opendata/410800/2024/122201/07.json?revision=1', undefined, on)
    ).json()) as TableDocument;
    expect(json.revision).toBe(1);

    // a pinned datapackage.json points at, and states the hashes of, its own revision's CSVs
    const descriptor = async (query: string) =>
      (await (
        await request(`/opendata/410800/2024/122201/datapackage.json${query}`, undefined, on)
      ).json()) as any;
    const pinned = await descriptor('?revision=1');
    const seventh = pinned.resources[6];
    const csv = await (
      await request(`/opendata/410800/2024/122201/${seventh.path}`, undefined, on)
    ).arrayBuffer();
    expect([pinned.version, seventh.path, seventh.hash]).toEqual([
      '1',
      '07.csv?revision=1',
      `sha256:${crypto.createHash('sha256').update(new Uint8Array(csv)).digest('hex')}`,
    ]);
    const latest = await descriptor('');
    expect([latest.version, latest.resources[6].path]).toEqual(['2', '07.csv']);
    expect(latest.resources[6].hash).not.toBe(seventh.hash);
  });
});

describe('formula-like text is neutralised, figures never are', () => {
  const FORMULA_NAMES = [
    '=HYPERLINK("http://x","y")',
    '+86 391 1234',
    '-减少项',
    '@SUM(A1:A9)',
    '\t制表符',
    '\r回车',
    '＝全角等号',
  ];
  let on: ReturnType<typeof appOn>;
  beforeAll(() => {
    const db = seededMemoryDatabase();
    const disclosure = seedDisclosure();
    FORMULA_NAMES.forEach((name, i) => {
      disclosure.basicItems[i]!.name = name;
    });
    disclosure.basicItems[FORMULA_NAMES.length]!.amount = -125_000;
    writeDisclosure(db, disclosure);
    on = appOn(db);
  });

  it('CSV: text cells get a leading apostrophe; "-12.50" stays a number', async () => {
    const rows: string[][] = parse(
      await (await request('/opendata/410800/2024/122201/07.csv', undefined, on)).text(),
    );
    const items = rows.slice(4, 4 + FORMULA_NAMES.length + 1).map((row) => [row[2], row[3]]);
    expect(items).toEqual([
      ['\'=HYPERLINK("http://x","y")', '43.14'],
      ["'+86 391 1234", '78.05'],
      ["'-减少项", '0.55'],
      ["'@SUM(A1:A9)", '1.16'],
      ["'\t制表符", expect.any(String)],
      ["'\r回车", expect.any(String)],
      ["'＝全角等号", expect.any(String)],
      [expect.any(String), '-12.50'],
    ]);
  });

  it('JSON keeps the text as published (programs read it, not spreadsheets)', async () => {
    const document = (await (
      await request('/opendata/410800/2024/122201/07.json', undefined, on)
    ).json()) as TableDocument;
    expect(document.rows.slice(2, 2 + FORMULA_NAMES.length).map((r) => r.values.name)).toEqual(FORMULA_NAMES);
    expect(document.rows[2 + FORMULA_NAMES.length]!.values.total).toBe('-12.50');
  });

  it('facts.csv neutralises names too', async () => {
    const rows: string[][] = parse(await (await request('/opendata/2024/facts.csv', undefined, on)).text(), {
      columns: false,
    });
    const [header, ...facts] = rows;
    const item = header!.indexOf('item_name');
    const amount = header!.indexOf('amount_wan');
    const basic = facts.filter((r) => r[header!.indexOf('fact')] === 'basic_item');
    expect(basic.slice(0, FORMULA_NAMES.length + 1).map((r) => [r[item], r[amount]])).toEqual([
      ...FORMULA_NAMES.map((name, i) => [`'${name}`, basic[i]![amount]]),
      [basic[FORMULA_NAMES.length]![item], '-12.50'],
    ]);
  });
});

describe('over a real socket (node:http)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve(app);
  });
  afterAll(() => server.close());

  it('HEAD sends the length and no body; GET sends the same bytes as the fetch handler', async () => {
    const path = '/opendata/410800/2024/122201.xlsx';
    const head = await fetch(`${server.url}${path}`, { method: 'HEAD' });
    const get = await fetch(`${server.url}${path}`);
    const body = new Uint8Array(await get.arrayBuffer());
    expect([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength]).toEqual([
      200,
      String(body.byteLength),
      0,
    ]);
    expect(body).toEqual(new Uint8Array(await (await request(path)).arrayBuffer()));
  });

  it('facts.csv goes out chunked', async () => {
    const response = await fetch(`${server.url}/opendata/2024/facts.csv`);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(await response.text()).toBe(await (await request('/opendata/2024/facts.csv')).text());
  });
});
