import type { ArgBuilder, ObjectRef, SchemaTypes } from '@pothos/core';

import { resolveArrayConnection } from '@pothos/plugin-relay';
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

/** A page of a list already loaded (a relation from a DataLoader), after checking `first`. */
export function arrayPage<T extends {}>(
  args: { first: number; after?: string | null },
  maxPageSize: number,
  items: T[],
) {
  checkPageSize(args, maxPageSize);
  return resolveArrayConnection({ args }, items);
}
