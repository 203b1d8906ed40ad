import SchemaBuilder, { brandWithType, type OutputType, type SchemaTypes } from '@pothos/core';
import ComplexityPlugin, { ComplexityErrorKind } from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Loaders } from '../db/loaders.js';
import type { Yuan } from '../money.js';
import type { RequestWork } from './work.js';

export interface Context {
  /** the settings and limits of this app */
  config: Config;
  /** the database, for the few root lists that page with SQL; relations go through loaders */
  db: Db;
  loaders: Loaders;
  /** this request's signal (client gone, time limit), its memo and the app's gate for expensive work */
  work: RequestWork;
}

/** The one schema builder: plugins, context and scalars. Object types live in ./schema/. */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Decimal: { Input: Yuan; Output: Yuan };
    /** a percentage with two decimals, as money.ts's percentOf writes it: "93.28" */
    Percent: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin, ComplexityPlugin],
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: (ctx) => ({ complexity: ctx.config.maxCost }),
    complexityError: (kind, result) => {
      const [what, found, limit] =
        kind === ComplexityErrorKind.Depth
          ? ['depth', result.depth, result.maxDepth]
          : kind === ComplexityErrorKind.Breadth
            ? ['breadth', result.breadth, result.maxBreadth]
            : ['cost', result.complexity, result.maxComplexity];
      return new GraphQLError(`query ${what} ${found} is over the limit of ${limit}`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
      });
    },
  },
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeTypeOptions: { description: '节点 Node: an object that can be refetched by its global id.' },
    pageInfoTypeOptions: { description: '分页信息 PageInfo: where a page of a connection starts and ends.' },
    idFieldOptions: { description: '全局标识 Global id, for node(id:).' },
    nodeQueryOptions: {
      description: '按全局标识取节点 The object with this global id.',
      args: { id: { description: '全局标识 A global id from any Node.' } },
      resolve: async (_root, args, _ctx, _info, resolveNode) =>
        branded([args.id], [await resolveNode(args.id)])[0],
    },
    nodesQueryOptions: {
      description:
        '按全局标识批量取节点 The objects with these global ids, in order (at most the page size, 100).',
      complexity: (args: { ids: unknown[] }) => ({ field: 1, multiplier: args.ids.length }),
      resolve: async (_root, args, ctx, _info, resolveNodes) => {
        if (args.ids.length > ctx.config.maxPageSize)
          throw new GraphQLError(
            `\`ids\` may hold at most ${ctx.config.maxPageSize} ids, found ${args.ids.length}`,
            { extensions: { code: 'BAD_USER_INPUT' } },
          );
        return branded(args.ids, await Promise.all(await resolveNodes(args.ids)));
      },
      args: { ids: { description: '全局标识 Global ids from any Nodes.' } },
    },
    cursorFieldOptions: { description: '游标 Opaque cursor of this edge.' },
    nodeFieldOptions: { description: '节点 The item at this edge.' },
    edgesFieldOptions: { description: '边 The items of this page with their cursors.' },
    pageInfoFieldOptions: { description: '分页信息 Where this page starts and ends.' },
    hasNextPageFieldOptions: { description: '有下一页 Whether more items follow.' },
    hasPreviousPageFieldOptions: { description: '有上一页 Whether items precede.' },
    startCursorFieldOptions: { description: '首游标 Cursor of the first item.' },
    endCursorFieldOptions: { description: '末游标 Cursor of the last item.' },
  },
});

interface GlobalId {
  typename: string;
  id: string;
}

/**
 * Nodes with their type named on them before GraphQL asks which type they are. plugin-relay brands
 * a loaded node only after its whole batch is loaded, and the same id asked for twice in one
 * request (`a: node(id: X) b: node(id: X)`) can reach the second field first, unbranded: graphql-js
 * then answered b with "Abstract type Node must resolve to an Object type" (and nodes(ids:) with
 * one id twice holds a promise of the first for the second). The type is the global id's own.
 */
function branded<T>(ids: readonly GlobalId[], nodes: readonly T[]): T[] {
  nodes.forEach((node, i) => {
    // a loaded node's global id names an object type of this schema (plugin-relay loaded it by that
    // name): a type name TypeScript cannot know of a string read from the request
    if (node !== null && typeof node === 'object')
      brandWithType(node, ids[i]!.typename as OutputType<SchemaTypes>);
  });
  return [...nodes];
}
