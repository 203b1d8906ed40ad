import { getNamedType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { cursorOf, NOT_A_CURSOR } from '../src/graphql/pagination.js';
import { schema } from '../src/graphql/schema/index.js';
import { seededMemoryDatabase } from './support/database.js';
import { graphqlClient } from './support/graphql.js';

/**
 * Every connection field of the schema, found from the schema (a field whose type has edges and
 * pageInfo), held to the Relay Cursor Connections spec: an empty page has null cursors, and a
 * malformed `after` is one error, the same for every connection.
 */
let graphql: ReturnType<typeof graphqlClient>;
beforeAll(() => {
  graphql = graphqlClient(seededMemoryDatabase());
});

/** How a query reaches an object of each type that has a connection field (the seed's unit, department, budget). */
const REACH: Record<string, (selection: string) => string> = {
  Query: (s) => `{ ${s} }`,
  Unit: (s) => `{ unit(code: "122") { ${s} } }`,
  Department: (s) => `{ department(code: "122") { ${s} } }`,
  Budget: (s) => `{ unit(code: "122201") { budget(year: 2024) { ${s} } } }`,
};

interface ConnectionField {
  coordinate: string;
  parent: string;
  field: string;
  connection: string;
  /** extra arguments to page with: none, and orderBy where the field sorts (another code path) */
  variants: string[];
}

const CONNECTIONS: ConnectionField[] = Object.values(schema.getTypeMap())
  .filter(isObjectType)
  .flatMap((type) =>
    Object.values(type.getFields()).flatMap((field) => {
      const named = getNamedType(field.type);
      if (!isObjectType(named) || !('edges' in named.getFields() && 'pageInfo' in named.getFields()))
        return [];
      const variants = [
        '',
        ...(field.args.some((a) => a.name === 'orderBy') ? ['orderBy: { field: CODE }'] : []),
      ];
      return [
        {
          coordinate: `${type.name}.${field.name}`,
          parent: type.name,
          field: field.name,
          connection: named.name,
          variants,
        },
      ];
    }),
  );
const CONNECTION_TYPES = [...new Set(CONNECTIONS.map((c) => c.connection))];

const CASES = CONNECTIONS.flatMap((c) =>
  c.variants.map((variant) => ({ ...c, variant, name: `${c.coordinate}(${variant})` })),
);

/** The connection in an answer: down the one key of each level to the object with pageInfo. */
function connectionIn(data: any): any {
  let value = data;
  while (value && !('pageInfo' in value)) value = Object.values(value)[0];
  return value;
}

async function page(c: (typeof CASES)[number], after?: string) {
  const args = ['first: 100', c.variant, after === undefined ? '' : `after: ${JSON.stringify(after)}`]
    .filter(Boolean)
    .join(', ');
  const selection = `${c.field}(${args}) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`;
  return graphql(REACH[c.parent]!(selection));
}

describe('connections', () => {
  it('are found from the schema, each reachable from a type this test knows, in at least two types', () => {
    expect(CONNECTIONS.map((c) => c.coordinate).sort()).toEqual(
      expect.arrayContaining(['Budget.basicItems', 'Department.units', 'Query.units', 'Unit.units']),
    );
    expect(CONNECTIONS.filter((c) => !REACH[c.parent]).map((c) => c.coordinate)).toEqual([]);
    expect(CONNECTION_TYPES.length).toBeGreaterThanOrEqual(2);
  });

  describe.each(CASES)('$name', (c) => {
    it('a first page: its cursors are its first and last edges’, none before it', async () => {
      const { data, errors } = await page(c);
      expect(errors).toBeUndefined();
      const { edges, pageInfo } = connectionIn(data);
      expect(edges.length).toBeGreaterThan(0);
      expect(pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: edges[0].cursor,
        endCursor: edges.at(-1).cursor,
      });
      expect(edges[0].cursor).toBe(cursorOf(c.connection, 0));
    });

    it('an empty page, after the last item or far past the end: null cursors, no next page', async () => {
      const first = connectionIn((await page(c)).data);
      for (const after of [first.pageInfo.endCursor, cursorOf(c.connection, 1_000_000)]) {
        const { data, errors } = await page(c, after);
        expect(errors).toBeUndefined();
        expect(connectionIn(data)).toEqual({
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
        });
      }
    });

    it('the page after a cursor starts at the next item', async () => {
      const first = connectionIn((await page(c)).data);
      const { data } = await page(c, first.edges[0].cursor);
      expect(connectionIn(data).edges.map((e: any) => e.cursor)).toEqual(
        first.edges.slice(1).map((e: any) => e.cursor),
      );
    });

    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const other = CONNECTION_TYPES.find((t) => t !== c.connection)!;
    it.each([
      ['not base64', "zzz' OR 1=1 --"],
      ['not base64 either', '!!!!'],
      ['an empty string', ''],
      ['base64 with something after it', `${cursorOf(c.connection, 0)} `],
      ['a bare offset, as units’ cursors once were', '20'],
      ['another prefix (plugin-relay’s own)', base64('OffsetConnection:0')],
      ['no prefix', base64('0')],
      ['a negative place', base64(`${c.connection}:-1`)],
      ['a fraction', base64(`${c.connection}:1.5`)],
      ['a leading zero', base64(`${c.connection}:01`)],
      ['an exponent', base64(`${c.connection}:1e3`)],
      ['a place out of range', base64(`${c.connection}:99999999999999999999`)],
      ['not a number', base64(`${c.connection}:abc`)],
      ['a cursor of another connection', cursorOf(other, 0)],
    ])('a malformed cursor (%s) is the one error, BAD_USER_INPUT', async (_what, after) => {
      const { data, errors } = await page(c, after);
      expect(errors).toEqual([
        expect.objectContaining({ message: NOT_A_CURSOR, extensions: { code: 'BAD_USER_INPUT' } }),
      ]);
      expect(connectionIn(data) ?? null).toBeNull();
    });
  });
});
