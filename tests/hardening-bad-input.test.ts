import http from 'node:http';
import { type GraphQLScalarType, isInputObjectType, isObjectType, parseValue } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { schema } from '../src/graphql/schema/index.js';
import { type RunningServer, serve } from './support/browser.js';
import { seededMemoryDatabase } from './support/database.js';

/**
 * The bad-input suite: hostile, malformed and odd requests sent through app.fetch (and, where
 * `new URL` would normalise the path, over a socket). Each is refused, or answered empty, with the
 * exact status and message, and within a generous time bound: bombs must not take the server long.
 */
const TIME_BOUND_MS = 2_000;
const ENDPOINT = 'http://yusuan/graphql';
/** Headers a request sends beside its query: none are needed (there is no CSRF header to send). */
const CSRF = {};
const JSON_TYPE = { 'content-type': 'application/json' };
const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };

let app: App;
let production: App;
beforeAll(() => {
  app = createApp({ db: seededMemoryDatabase(), config: loadConfig({}) });
  production = createApp({ db: seededMemoryDatabase(), config: { ...loadConfig({}), production: true } });
});

interface Answer {
  status: number;
  type: string | null;
  text: string;
  body: any;
}

/** One request through the app's fetch handler, answered within the time bound. */
async function send(request: Request, through: App = app): Promise<Answer> {
  const started = performance.now();
  const response = await through.fetch(request);
  const text = await response.text();
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
  const type = response.headers.get('content-type');
  return { status: response.status, type, text, body: type?.includes('json') ? JSON.parse(text) : text };
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(ENDPOINT, { method: 'POST', headers, body });

/** A GraphQL query POSTed as JSON. */
const query = (
  text: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  through = app,
) => send(post(JSON.stringify({ query: text, variables }), { ...JSON_TYPE, ...headers }), through);

const get = (path: string, headers: Record<string, string> = {}) =>
  send(new Request(`http://yusuan${path}`, { headers }));

/** One GraphQL error as the server sends it: no locations (parse, limits, HTTP-level refusals). */
const refused = (message: string, code?: string) => ({
  errors: [code ? { message, extensions: { code } } : { message }],
});

/** `{ unit { parent { parent … { code } } } }`: depth = parents + 2. */
const nested = (parents: number) =>
  `{ unit(code: "122201") { ${'parent { '.repeat(parents)}code${' }'.repeat(parents)} } }`;

describe('HTTP: bodies, content types and methods', () => {
  it('malformed JSON: 400, "POST body sent invalid JSON."', async () => {
    const answer = await send(post('{"query": ', JSON_TYPE));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errors: [
        {
          message: 'POST body sent invalid JSON.',
          extensions: {
            code: 'BAD_REQUEST',
            originalError: { name: 'SyntaxError', message: expect.stringContaining('JSON') },
          },
        },
      ],
    });
  });

  it('an empty POST body is invalid JSON: 400', async () => {
    const answer = await send(post('', JSON_TYPE));
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'POST body sent invalid JSON.',
    ]);
  });

  it('a JSON body that is not an object: 400', async () => {
    const answer = await send(post('null', JSON_TYPE));
    expect([answer.status, answer.body]).toEqual([
      400,
      refused('POST body is expected to be object but received null', 'BAD_REQUEST'),
    ]);
  });

  it('an array body (a batch) is refused: batching is off', async () => {
    const batch = JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    const answer = await send(post(batch, JSON_TYPE));
    expect([answer.status, answer.body]).toEqual([400, refused('Batching is not supported.', 'BAD_REQUEST')]);
  });

  it('a body without a query: 200 for application/json, 400 for application/graphql-response+json', async () => {
    const plain = await send(post('{}', JSON_TYPE));
    const strict = await send(post('{}', { ...JSON_TYPE, ...GRAPHQL_RESPONSE }));
    expect([plain.status, strict.status]).toEqual([200, 400]);
    expect(plain.body).toEqual(refused('Must provide query string.', 'BAD_REQUEST'));
    expect(strict.body).toEqual(plain.body);
  });

  it('a query that is not a string, and variables that are not an object: 400', async () => {
    const number = await send(post('{"query": 7}', JSON_TYPE));
    const variables = await send(post('{"query": "{ __typename }", "variables": "x"}', JSON_TYPE));
    expect([number.status, number.body]).toEqual([
      400,
      refused('Expected "query" param to be a string, but given number.', 'BAD_REQUEST'),
    ]);
    expect([variables.status, variables.body]).toEqual([
      400,
      refused('Expected "variables" param to be empty or an object, but given string.', 'BAD_REQUEST'),
    ]);
  });

  it('no CSRF header is asked for: Yusuan is anonymous and read-only; a form body is read, a text one refused', async () => {
    const form = await send(
      post('query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
    );
    const text = await send(
      post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' }),
    );
    const none = await send(post(JSON.stringify({ query: '{ __typename }' })));
    expect([form.status, form.body]).toEqual([200, { data: { __typename: 'Query' } }]);
    expect([text.status, none.status]).toEqual([415, 415]);
  });

  it.each([
    ['text/plain', JSON.stringify({ query: '{ __typename }' })],
    ['application/xml', '<query>{ __typename }</query>'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
  ])('a %s body Yoga cannot read: 415 saying what to send', async (type, body) => {
    const answer = await send(post(body, { 'content-type': type, ...CSRF }));
    expect([answer.status, answer.type, answer.body]).toEqual([
      415,
      'application/json',
      refused(`cannot read a request body of type ${type}: send application/json`, 'UNSUPPORTED_MEDIA_TYPE'),
    ]);
  });

  it('an Accept the server cannot answer in: 406 saying what it answers in', async () => {
    const answer = await send(
      post(JSON.stringify({ query: '{ __typename }' }), { ...JSON_TYPE, accept: 'application/xml' }),
    );
    expect([answer.status, answer.body]).toEqual([
      406,
      refused(
        'cannot answer in application/xml: GraphQL answers application/graphql-response+json or application/json',
        'NOT_ACCEPTABLE',
      ),
    ]);
  });

  const tooLarge = refused('request body is larger than the limit of 65536 bytes', 'PAYLOAD_TOO_LARGE');
  const oversized = new TextEncoder().encode(
    JSON.stringify({ query: `{ __typename }${' '.repeat(70_000)}` }),
  );

  it('a body over 65536 bytes with a Content-Length: 413', async () => {
    const request = post(oversized, { ...JSON_TYPE, 'content-length': String(oversized.byteLength) });
    const answer = await send(request);
    expect([answer.status, answer.body]).toEqual([413, tooLarge]);
  });

  it('a body over 65536 bytes streamed without a Content-Length: 413, counted while reading', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < oversized.byteLength; at += 16_384)
          controller.enqueue(oversized.slice(at, at + 16_384));
        controller.close();
      },
    });
    const request = new Request(ENDPOINT, {
      method: 'POST',
      headers: JSON_TYPE,
      body,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const answer = await send(request);
    expect([answer.status, answer.body]).toEqual([413, tooLarge]);
  });

  it('a body of exactly 65536 bytes is read and answered', async () => {
    const json = JSON.stringify({ query: '{ __typename }' });
    const answer = await send(post(json.padEnd(65_536, ' '), JSON_TYPE));
    expect([answer.status, answer.body]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  it('GET with a query and no special header: 200', async () => {
    const answer = await get(`/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect([answer.status, answer.body]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  it('GET never runs a mutation, and PUT is not GraphQL: 405', async () => {
    const mutation = await get(`/graphql?query=${encodeURIComponent('mutation { __typename }')}`, CSRF);
    const put = await send(new Request(ENDPOINT, { method: 'PUT', headers: JSON_TYPE, body: '{}' }));
    expect([mutation.status, mutation.body]).toEqual([
      405,
      refused('Can only perform a mutation operation from a POST request.', 'BAD_REQUEST'),
    ]);
    expect([put.status, put.body]).toEqual([
      405,
      refused('GraphQL only supports GET and POST requests.', 'BAD_REQUEST'),
    ]);
  });

  it('a path that is neither GraphQL nor a download: 404 saying where they are', async () => {
    const answer = await get('/graphql/x');
    expect([answer.status, answer.type, answer.body]).toEqual([
      404,
      'application/json',
      refused('no such path: /graphql/x (GraphQL is at /graphql, downloads under /opendata)', 'NOT_FOUND'),
    ]);
  });
});

describe('query shape: depth, aliases, fragments, directives, tokens and cost', () => {
  const validation = (message: string) => refused(message, 'GRAPHQL_VALIDATION_FAILED');

  it('depth 12 is answered', async () => {
    const answer = await query(nested(10));
    expect([answer.status, answer.body]).toEqual([200, { data: { unit: { parent: { parent: null } } } }]);
  });

  it('over 12 levels deep: refused by graphql-armor (200 as application/json, 400 as graphql-response+json)', async () => {
    const plain = await query(nested(13));
    const strict = await query(nested(13), undefined, GRAPHQL_RESPONSE);
    const body = validation('Syntax Error: Query depth limit of 12 exceeded, found 15.');
    expect([plain.status, plain.body]).toEqual([200, body]);
    expect([strict.status, strict.body]).toEqual([400, body]);
  });

  it('an alias bomb: 100 aliases of __typename are over the limit of 30', async () => {
    const bomb = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const answer = await query(bomb, undefined, GRAPHQL_RESPONSE);
    expect([answer.status, answer.body]).toEqual([
      400,
      validation('Syntax Error: Aliases limit of 30 exceeded, found 100.'),
    ]);
  });

  it('an alias bomb on a field that reads the database: refused before any is resolved', async () => {
    const bomb = `{ ${Array.from({ length: 31 }, (_, i) => `u${i}: unit(code: "122201") { name }`).join(' ')} }`;
    const answer = await query(bomb);
    expect(answer.body).toEqual(validation('Syntax Error: Aliases limit of 30 exceeded, found 31.'));
  });

  it('30 aliases are allowed', async () => {
    const thirty = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const answer = await query(thirty);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.data)).toHaveLength(30);
  });

  it('a fragment bomb (each fragment spreads the next twice, 2^20 fields): refused at once', async () => {
    const fragments = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    );
    const bomb = `{ ...F0 } ${fragments.join(' ')} fragment F20 on Query { __typename }`;
    const answer = await query(bomb, undefined, GRAPHQL_RESPONSE);
    expect([answer.status, answer.body]).toEqual([
      400,
      validation('Syntax Error: Query depth limit of 12 exceeded, found 43.'),
    ]);
  });

  it('a fragment cycle: refused by validation', async () => {
    const answer = await query('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
    expect([answer.status, answer.body]).toEqual([
      200,
      {
        errors: [
          {
            message: 'Cannot spread fragment "A" within itself via "B".',
            locations: [
              { line: 1, column: 32 },
              { line: 1, column: 61 },
            ],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    ]);
  });

  it('a directive flood: 50 × @include(if: true) is over the limit of 10', async () => {
    const answer = await query(
      `{ __typename ${'@include(if: true) '.repeat(50)}}`,
      undefined,
      GRAPHQL_RESPONSE,
    );
    expect([answer.status, answer.body]).toEqual([
      400,
      validation('Syntax Error: Directives limit of 10 exceeded, found 50.'),
    ]);
  });

  it('a token flood: a document over 2000 tokens is not parsed', async () => {
    const plain = await query(`{ ${'__typename '.repeat(2_100)}}`);
    const strict = await query(`{ ${'__typename '.repeat(2_100)}}`, undefined, GRAPHQL_RESPONSE);
    const body = refused('Syntax Error: Token limit of 2000 exceeded.', 'GRAPHQL_PARSE_FAILED');
    expect([plain.status, plain.body]).toEqual([200, body]);
    expect([strict.status, strict.body]).toEqual([400, body]);
  });

  it('a shallow but costly query (100 × 100 units × budgets × subjects): 400, cost over 50000', async () => {
    const costly =
      '{ units(first: 100) { edges { node { units(first: 100) { edges { node { budgets { subjects(scheme: FUNCTIONAL) { code } } } } } } } } }';
    const answer = await query(costly);
    expect([answer.status, answer.body]).toEqual([
      400,
      {
        errors: [
          {
            message: 'query cost 112102101 is over the limit of 50000',
            locations: [{ line: 1, column: 3 }],
            path: ['units'],
            extensions: { code: 'QUERY_TOO_COMPLEX' },
          },
        ],
        data: null,
      },
    ]);
  });

  it.each([0, 101, -1])('units(first: %i) is refused: `first` must be between 1 and 100', async (first) => {
    const answer = await query(`{ units(first: ${first}) { edges { node { code } } } }`);
    expect([answer.status, answer.body]).toEqual([
      200,
      {
        errors: [
          {
            message: `\`first\` must be between 1 and 100, found ${first}`,
            locations: [{ line: 1, column: 3 }],
            path: ['units'],
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
        data: null,
      },
    ]);
  });

  it('nodes(ids:) takes at most 100 ids', async () => {
    const { body } = await query('{ unit(code: "122201") { id } }');
    const ids = Array.from({ length: 101 }, () => body.data.unit.id);
    const answer = await query('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(answer.body).toEqual({
      errors: [
        {
          message: '`ids` may hold at most 100 ids, found 101',
          locations: [{ line: 1, column: 24 }],
          path: ['nodes'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
      data: null,
    });
  });

  it('an unknown field: validation error with a suggestion outside production', async () => {
    const answer = await query('{ unit(code: "122201") { nmae } }');
    expect(answer.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'Cannot query field "nmae" on type "Unit". Did you mean "name"?',
    ]);
  });

  it('an unknown field in production: no "Did you mean" suggestion', async () => {
    const answer = await query('{ unti(code: "122201") { code } }', undefined, {}, production);
    const [error] = answer.body.errors;
    expect(error.message).toBe('Cannot query field "unti" on type "Query". [Suggestion hidden]');
    expect(answer.text).not.toMatch(/Did you mean|"unit"|"units"/);
  });

  it('introspection still works, in production too (GraphiQL needs it)', async () => {
    for (const through of [app, production]) {
      const answer = await query(
        '{ __schema { queryType { name } } __type(name: "Decimal") { kind name } }',
        undefined,
        {},
        through,
      );
      expect([answer.status, answer.body]).toEqual([
        200,
        { data: { __schema: { queryType: { name: 'Query' } }, __type: { kind: 'SCALAR', name: 'Decimal' } } },
      ]);
    }
  });
});

describe('variables', () => {
  const UNIT_BY_VARIABLE = 'query ($code: String!) { unit(code: $code) { code } }';

  it('a variable of the wrong type: 400', async () => {
    const answer = await query(UNIT_BY_VARIABLE, { code: 7 });
    expect([answer.status, answer.body]).toEqual([
      400,
      {
        errors: [
          {
            message: 'Variable "$code" got invalid value 7; String cannot represent a non string value: 7',
            locations: [{ line: 1, column: 8 }],
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      },
    ]);
  });

  it('a required variable left out: 400', async () => {
    const answer = await query(UNIT_BY_VARIABLE, {});
    expect([answer.status, answer.body]).toEqual([
      400,
      {
        errors: [
          {
            message: 'Variable "$code" of required type "String!" was not provided.',
            locations: [{ line: 1, column: 8 }],
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      },
    ]);
  });

  it.each([
    ['ten', 'Int cannot represent non-integer value: "ten"'],
    [1e20, 'Int cannot represent non 32-bit signed integer value: 100000000000000000000'],
    [2.5, 'Int cannot represent non-integer value: 2.5'],
  ])('first: %j as a variable: 400', async (first, reason) => {
    const answer = await query('query ($first: Int!) { units(first: $first) { edges { cursor } } }', {
      first,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { message: string }) => e.message)).toEqual([
      `Variable "$first" got invalid value ${JSON.stringify(first)}; ${reason}`,
    ]);
  });

  it('an enum given as a string: a validation error', async () => {
    const answer = await query(
      '{ unit(code: "122201") { budget(year: 2024) { subjects(scheme: "FUNCTIONAL") { code } } } }',
    );
    expect(answer.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'Enum "SubjectScheme" cannot represent non-enum value: "FUNCTIONAL". Did you mean the enum value "FUNCTIONAL"?',
    ]);
  });
});

describe('the Decimal scalar refuses anything but an exact amount', () => {
  const decimal = schema.getType('Decimal') as GraphQLScalarType;
  const expected = 'Decimal: expected an amount in 万元 with at most two decimals, such as "512.02"; found';

  it('is an output only: no argument or input field takes a Decimal (so its parsing is tested directly)', () => {
    const inputs: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isObjectType(type))
        for (const field of Object.values(type.getFields()))
          for (const arg of field.args)
            if (`${arg.type}`.includes('Decimal')) inputs.push(`${field.name}(${arg.name})`);
      if (isInputObjectType(type))
        for (const field of Object.values(type.getFields()))
          if (`${field.type}`.includes('Decimal')) inputs.push(`${type.name}.${field.name}`);
    }
    expect(inputs).toEqual([]);
  });

  it('reads "512.02" exactly', () => {
    expect(decimal.parseValue('512.02')).toBe(5_120_200);
    expect(decimal.parseLiteral(parseValue('"512.02"'), undefined)).toBe(5_120_200);
  });

  it.each([
    [Number.NaN, 'the number NaN'],
    [Number.POSITIVE_INFINITY, 'the number Infinity'],
    ['NaN', '"NaN"'],
    ['Infinity', '"Infinity"'],
    ['1e999', '"1e999"'],
    [' 7 ', '" 7 "'],
    ['1,000.00', '"1,000.00"'],
    ['1.005', '"1.005"'],
    [7, 'the number 7'],
    ['', '""'],
    ['99999999999999999', '"99999999999999999"'],
    [null, 'null'],
  ])('parseValue(%j) is refused', (value, found) => {
    expect(() => decimal.parseValue(value)).toThrow(`${expected} ${found}`);
  });

  it.each([
    ['7', '7 (write amounts as quoted strings)'],
    ['1e999', '1e999 (write amounts as quoted strings)'],
    ['NaN', 'NaN (write amounts as quoted strings)'],
    ['" 7 "', '" 7 "'],
    ['"1.005"', '"1.005"'],
    ['"1,000.00"', '"1,000.00"'],
  ])('the literal %s is refused', (literal, found) => {
    expect(() => decimal.parseLiteral(parseValue(literal), undefined)).toThrow(`${expected} ${found}`);
  });
});

describe('SQL-looking and odd strings in arguments: answered empty, nothing leaks, nothing changes', () => {
  const CONTRACT = '{ unit(code: "122201") { budget(year: 2024) { total { value } } } }';
  let unitCount: number;
  beforeAll(async () => {
    const { body } = await query('{ units(first: 100) { edges { cursor } } }');
    unitCount = body.data.units.edges.length;
  });

  it.each([
    ["122201' OR 1=1 --"],
    ['122201; DROP TABLE units'],
    ['122201" OR ""="'],
    ['122201\u0000'],
    ['%'],
    ['1'.repeat(10_000)],
  ])('unit(code: %j) is null', async (code) => {
    const answer = await query('query ($code: String!) { unit(code: $code) { code } }', { code });
    expect([answer.status, answer.body]).toEqual([200, { data: { unit: null } }]);
  });

  it.each([["2010301' --"], ['201%'], ['2010301\u0000'], ['2'.repeat(10_000)]])(
    'subject(scheme: FUNCTIONAL, code: %j) is null',
    async (code) => {
      const answer = await query(
        'query ($code: String!) { unit(code: "122201") { budget(year: 2024) { subject(scheme: FUNCTIONAL, code: $code) { code } } } }',
        { code },
      );
      expect([answer.status, answer.body]).toEqual([200, { data: { unit: { budget: { subject: null } } } }]);
    },
  );

  it('a SQL-looking cursor is not a cursor: one clear error', async () => {
    const answer = await query(`{ units(first: 10, after: "zzz' OR 1=1 --") { edges { cursor } } }`);
    expect([answer.status, answer.body]).toEqual([
      200,
      {
        data: null,
        errors: [
          {
            message: '`after` is not a cursor of this list',
            locations: [{ line: 1, column: 3 }],
            path: ['units'],
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      },
    ]);
  });

  it('a SQL-looking global id is not an id', async () => {
    const answer = await query(`{ node(id: "x' OR 1=1 --") { id } }`);
    expect(answer.body).toEqual({
      errors: [
        {
          message: "Invalid global ID: x' OR 1=1 --",
          locations: [{ line: 1, column: 3 }],
          path: ['node'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
      data: { node: null },
    });
  });

  it('afterwards the data is intact: the contract figure and every unit', async () => {
    const contract = await query(CONTRACT);
    const units = await query('{ units(first: 100) { edges { cursor } } }');
    expect(contract.body).toEqual({ data: { unit: { budget: { total: { value: '512.02' } } } } });
    expect(units.body.data.units.edges).toHaveLength(unitCount);
    expect(unitCount).toBeGreaterThan(0);
  });
});

describe('unknown units, years, revisions and tables', () => {
  const budget = (args: string, selection = 'year') =>
    query(`{ unit(code: "122201") { budget(${args}) { ${selection} } } }`);

  it('an unknown unit is null', async () => {
    const answer = await query('{ unit(code: "999999") { code } }');
    expect([answer.status, answer.body]).toEqual([200, { data: { unit: null } }]);
  });

  it.each([
    'year: 1999',
    'year: 2147483647',
    'year: -1',
    'year: 2024, revision: 99',
    'year: 2024, revision: 0',
  ])('budget(%s) is null', async (args) => {
    const answer = await budget(args);
    expect([answer.status, answer.body]).toEqual([200, { data: { unit: { budget: null } } }]);
  });

  it.each([15, 0])('table(no: %i) is refused: table `no` must be 1…14', async (no) => {
    const answer = await budget('year: 2024', `table(no: ${no}) { title }`);
    expect(answer.body).toEqual({
      errors: [
        {
          message: `table \`no\` must be 1…14, found ${no}`,
          locations: [{ line: 1, column: 47 }],
          path: ['unit', 'budget', 'table'],
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
      data: { unit: { budget: null } },
    });
  });

  it('changesFrom an unknown revision is refused', async () => {
    const answer = await budget('year: 2024', 'changesFrom(revision: 99) { table }');
    expect(answer.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'budget 122201 2024 has no revision 99',
    ]);
  });
});

describe('downloads: path traversal and odd paths under /opendata', () => {
  /** Nothing from disk, ever: /etc/passwd starts with "root:". */
  const expectNoFile = (answer: { type: string | null | undefined; text: string }) => {
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.text).not.toContain('root:');
  };
  const downloadError = (code: string, message: string) => ({ error: { code, message } });
  const noSuchDownload = (path: string) => downloadError('NOT_FOUND', `no such download: ${path}`);
  /** A path `new URL` normalised to one outside /opendata. */
  const noSuchPath = (path: string) =>
    refused(`no such path: ${path} (GraphQL is at /graphql, downloads under /opendata)`, 'NOT_FOUND');

  it.each([
    ['/opendata/../etc/passwd', 404, noSuchPath('/etc/passwd')],
    ['/opendata/%2e%2e/etc/passwd', 404, noSuchPath('/etc/passwd')],
    ['/opendata/410800/2024/122201/../../../../etc/passwd', 404, noSuchPath('/etc/passwd')],
    ['/opendata/%2e%2e%2fetc%2fpasswd', 404, noSuchDownload('/opendata/%2e%2e%2fetc%2fpasswd')],
    ['/opendata/..%5c..%5cetc%5cpasswd', 404, noSuchDownload('/opendata/..%5c..%5cetc%5cpasswd')],
    ['/opendata/2024%5c122201.xlsx', 404, noSuchDownload('/opendata/2024%5c122201.xlsx')],
    [
      '/opendata/410800/2024/122201/01.csv%00.exe',
      404,
      noSuchDownload('/opendata/410800/2024/122201/01.csv%00.exe'),
    ],
    ['/opendata/410800/2024/122201%00/01.csv', 404, noSuchDownload('/opendata/410800/2024/122201%00/01.csv')],
    [
      '/opendata/%252e%252e/%252e%252e/etc/passwd',
      404,
      noSuchDownload('/opendata/%252e%252e/%252e%252e/etc/passwd'),
    ],
    ['/opendata//etc/passwd', 404, noSuchDownload('/opendata//etc/passwd')],
    ['/opendata/410800/2024/122201/01.exe', 404, noSuchDownload('/opendata/410800/2024/122201/01.exe')],
    ['/opendata/410800/2024/122201/01.CSV', 404, noSuchDownload('/opendata/410800/2024/122201/01.CSV')],
    [
      '/opendata/410800/1999/122201/01.csv',
      404,
      downloadError('NOT_FOUND', 'no budget disclosures for year 1999 in region 410800'),
    ],
    ['/opendata/1999/facts.csv', 404, downloadError('NOT_FOUND', 'no budget disclosures for year 1999')],
    [
      '/opendata/410800/2024/999999/01.csv',
      404,
      downloadError('NOT_FOUND', 'no 2024 budget disclosure of unit 999999 in region 410800'),
    ],
    [
      '/opendata/410800/2024/999999.xlsx',
      404,
      downloadError('NOT_FOUND', 'no 2024 budget disclosure of unit 999999 in region 410800'),
    ],
    [
      '/opendata/410800/2024/122201/00.csv',
      404,
      downloadError('NOT_FOUND', 'no table "00": tables are numbered 01 to 14'),
    ],
    [
      '/opendata/410800/2024/122201/15.json',
      404,
      downloadError('NOT_FOUND', 'no table "15": tables are numbered 01 to 14'),
    ],
    [
      '/opendata/410800/2024/122201/1.csv',
      404,
      downloadError('NOT_FOUND', 'no table "1": tables are numbered 01 to 14'),
    ],
    [
      '/opendata/410800/2024/122201/01.csv?revision=abc',
      400,
      downloadError('BAD_REQUEST', 'revision must be a whole number from 1, found "abc"'),
    ],
    [
      '/opendata/410800/2024/122201/01.csv?revision=0',
      400,
      downloadError('BAD_REQUEST', 'revision must be a whole number from 1, found "0"'),
    ],
    [
      '/opendata/410800/2024/122201/01.csv?revision=%00',
      400,
      downloadError('BAD_REQUEST', 'revision must be a whole number from 1, found "\u0000"'),
    ],
    [
      '/opendata/410800/2024/122201/01.csv?revision=99',
      404,
      downloadError('NOT_FOUND', 'unit 122201 has no revision 99 of its 2024 budget'),
    ],
  ] as const)('GET %s: %i', async (path, status, body) => {
    const answer = await get(path);
    expect([answer.status, answer.body]).toEqual([status, body]);
    expectNoFile(answer);
  });

  it('a download cannot be written to: 405', async () => {
    const answer = await send(
      new Request('http://yusuan/opendata/410800/2024/122201/01.csv', { method: 'POST', body: 'x' }),
    );
    expect([answer.status, answer.body]).toEqual([
      405,
      downloadError('METHOD_NOT_ALLOWED', 'POST is not allowed: downloads are read-only'),
    ]);
  });

  describe('raw request targets over a socket (nothing normalises them)', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await serve(app);
    });
    afterAll(() => server?.close());

    /** GET with the request target exactly as given, and optionally a Host header. */
    const raw = (path: string, host?: string) =>
      new Promise<{ status: number; type: string | undefined; text: string }>((resolve, reject) => {
        const { hostname, port } = new URL(server.url);
        const started = performance.now();
        const request = http.request({ hostname, port, path, headers: host ? { host } : {} }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
            resolve({ status: response.statusCode!, type: response.headers['content-type'], text });
          });
        });
        request.on('error', reject);
        request.end();
      });

    it.each([
      ['/opendata/../etc/passwd', '/etc/passwd'],
      ['/opendata/410800/2024/122201/../../../../etc/passwd', '/etc/passwd'],
      ['/opendata/410800/2024/122201/../../../../package.json', '/package.json'],
      ['/opendata/..\\..\\etc\\passwd', '/etc/passwd'],
      ['/../../etc/passwd', '/etc/passwd'],
    ])('GET %s is resolved as a URL (to %s), never as a file: 404', async (path, resolved) => {
      const answer = await raw(path);
      expect([answer.status, JSON.parse(answer.text)]).toEqual([404, noSuchPath(resolved)]);
      expectNoFile(answer);
    });

    it.each([
      '/opendata//etc/passwd',
      '/opendata/..%2f..%2fetc%2fpasswd',
      '/opendata/%',
      '/opendata/410800/2024/%zz/01.csv',
    ])('GET %s: the feed’s own 404', async (path) => {
      const answer = await raw(path);
      expect([answer.status, JSON.parse(answer.text)]).toEqual([404, noSuchDownload(path)]);
      expectNoFile(answer);
    });

    it('an absolute-form target (GET http://elsewhere/…) or a Host with a space: 400, no stack trace', async () => {
      const absolute = await raw('http://elsewhere/opendata/410800/2024/122201/01.csv');
      const badHost = await raw('/opendata/410800/2024/122201/01.csv', 'a b');
      for (const answer of [absolute, badHost]) {
        expect([answer.status, JSON.parse(answer.text)]).toEqual([
          400,
          refused('the request target and Host header do not form a valid URL', 'BAD_REQUEST'),
        ]);
        expectNoFile(answer);
        expect(answer.text).not.toMatch(/TypeError|at .*\.ts/);
      }
    });
  });
});

describe('faults: an unexpected error is answered as JSON, never as a stack trace', () => {
  it('a download from a closed database: 500 "Unexpected error.", the details only in the log', async () => {
    const db = seededMemoryDatabase();
    const broken = createApp({ db, config: loadConfig({}) });
    db.$client.close();
    const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const answer = await send(new Request('http://yusuan/opendata/410800/2024/122201/01.csv'), broken);
      expect([answer.status, answer.body]).toEqual([
        500,
        refused('Unexpected error.', 'INTERNAL_SERVER_ERROR'),
      ]);
      expect(answer.text).not.toMatch(/database|sqlite|\.ts:/i);
      expect(String(log.mock.calls[0]?.[0])).toMatch(
        /^yusuan: unexpected error answering GET .*database connection is not open/,
      );
    } finally {
      log.mockRestore();
    }
  });

  it('a query on a closed database in production: "Unexpected error." without details', async () => {
    const db = seededMemoryDatabase();
    const broken = createApp({ db, config: { ...loadConfig({}), production: true } });
    db.$client.close();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const answer = await send(
        post(JSON.stringify({ query: '{ unit(code: "122201") { name } }' }), JSON_TYPE),
        broken,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.errors.map((e: { message: string }) => e.message)).toEqual(['Unexpected error.']);
      expect(answer.text).not.toMatch(/database|sqlite|stack/i);
    } finally {
      log.mockRestore();
    }
  });
});
