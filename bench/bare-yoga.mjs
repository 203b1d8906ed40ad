// A bare graphql-yoga server: the yardstick bench/graphql.ts measures Yusuan's `{ __typename }`
// against. The same yoga, the same Node http server, nothing of Yusuan's. Prints the line
// bench/support.ts waits for.
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: {} }),
  graphiql: false,
  landingPage: false,
  logging: false,
});
const port = Number(process.env.PORT);
createServer(yoga).listen(port, () =>
  process.stdout.write(`bare yoga serving GraphQL at http://localhost:${port}/graphql\n`),
);
