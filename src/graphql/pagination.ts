import type { ArgBuilder, ObjectRef, SchemaTypes } from '@pothos/core';

import { GraphQLError } from 'graphql';
import { builder } from './builder.js';

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

/** Connections take `first` from 1 to the page size (100): anything else is refused, not silently clamped. */
export function checkPageSize(args: { first: number }, maxPageSize: number): void {
  if (args.first < 1 || args.first > maxPageSize) {
    throw new GraphQLError(`\`first\` must be between 1 and ${maxPageSize}, found ${args.first}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
}

/** A forward-only Relay connection type over nodes of one type. */
export function connectionOf<T>(type: ObjectRef<BuilderTypes, T>, name: string, description: string) {
  return builder.connectionObject(
    { type, name, description: `${description} (connection)` },
    { name: `${name.replace(/Connection$/, '')}Edge`, description: `${description} (edge)` },
  );
}

/** A connection's cost multiplier: the page it asks for. */
export const pageComplexity = (args: { first: number }) => ({
  field: 1,
  multiplier: Math.max(1, args.first),
});

/** Forward pagination arguments: `first` is required (1…100), `after` a cursor from a previous page. */
export const pageArgs = <Types extends SchemaTypes>(arg: ArgBuilder<Types>) => ({
  first: arg.int({ required: true, description: '条数 How many items to return: 1…100.' }),
  after: arg.string({ description: '起始游标 Return the items after this cursor.' }),
});

/**
 * Cursors are opaque to clients and one shape for every connection: base64 of the connection
 * type's name and the item's place in the list from 0 ("UnitConnection:19"). Anything else given
 * as `after` (not base64, another prefix, a place that is not a whole number, a cursor of another
 * connection) is this one error, whatever the connection.
 */
export const NOT_A_CURSOR = '`after` is not a cursor of this list';

export const cursorOf = (connection: string, index: number) =>
  Buffer.from(`${connection}:${index}`, 'utf8').toString('base64');

/** Where a page starts: 0 without `after`, else just past the item `after` names. */
export function pageStart(connection: string, after: string | null | undefined): number {
  if (after == null) return 0;
  const text = Buffer.from(after, 'base64').toString('utf8');
  const match = /^(\w+):(0|[1-9]\d*)$/.exec(text);
  const index = Number(match?.[2]);
  // base64 as cursorOf writes it (Node's decoder skips what is not base64: it is written back to compare)
  const canonical = Buffer.from(text, 'utf8').toString('base64') === after;
  if (!canonical || match?.[1] !== connection || !Number.isSafeInteger(index))
    throw new GraphQLError(NOT_A_CURSOR, { extensions: { code: 'BAD_USER_INPUT' } });
  return index + 1;
}

/**
 * A page as the Relay Cursor Connections spec has it: its items from `start` on, and whether more
 * follow. An empty page has null start and end cursors; past the end of the list a page is
 * empty, not an error (the list may have shrunk since the cursor was given).
 */
export function connectionPage<T>(
  connection: string,
  start: number,
  nodes: readonly T[],
  hasNextPage: boolean,
) {
  return {
    edges: nodes.map((node, i) => ({ node, cursor: cursorOf(connection, start + i) })),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: start > 0,
      startCursor: nodes.length ? cursorOf(connection, start) : null,
      endCursor: nodes.length ? cursorOf(connection, start + nodes.length - 1) : null,
    },
  };
}

/** A page of a list already loaded (a relation from a DataLoader), after checking `first` and `after`. */
export function arrayPage<T>(
  connection: { name: string },
  args: { first: number; after?: string | null },
  maxPageSize: number,
  items: readonly T[],
) {
  checkPageSize(args, maxPageSize);
  const start = pageStart(connection.name, args.after);
  const nodes = items.slice(start, start + args.first);
  return connectionPage(connection.name, start, nodes, start + nodes.length < items.length);
}
