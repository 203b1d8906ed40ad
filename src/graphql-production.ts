import { createRequire } from 'node:module';

// graphql-js outside NODE_ENV=production checks every failed `instanceof` of a schema type for
// a same-named class from another copy of graphql, to warn about it: 2-2.5% of the server's time
// on a unit's full tree. The server has one copy (npm ls graphql: all deduped), so it loads
// graphql-js's check in its production form; NODE_ENV itself is put back at once, so that what
// else reads it (the production setting in src/config.ts) reads what the operator set.
// server.ts imports this module first, before anything that loads graphql.
const operators = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
try {
  createRequire(import.meta.url)('graphql/jsutils/instanceOf.js');
} finally {
  if (operators === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = operators;
}
