import { GraphQLError } from 'graphql';
import { createYoga, maskError } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { createLoaders, sharedResults } from '../db/loaders.js';
import { PerVersion } from '../db/version.js';
import type { Context } from './builder.js';
import { cleanErrors } from './errors.js';
import { persistedQueries } from './persisted-queries.js';
import { protections } from './protection.js';
import { schema } from './schema/index.js';
import { boundedExecution, RequestWork, WorkGate } from './work.js';

export const EXAMPLE_QUERY = `# 焦作市政务大数据中心 2024: totals, shares, changes and the functional subject tree
{
  unit(code: "122201") {
    name
    parent { code name }
    budget(year: 2024) {
      total { value change { previous delta percent } }
      basic { value share }
      project { value share }
      subjects(scheme: FUNCTIONAL, level: 1) {
        code name total { value share }
        children { code name total { value }
          children { code name total { value } items { name amount { value } } } }
      }
      threePublicCosts { total { value change { previous delta percent } } }
      operatingCosts { value change { previous delta percent } }
    }
  }
}
`;

/** What GraphQL is served from. */
export interface GraphQLDeps {
  /** opened read-only by the server; tests may pass any database */
  db: Db;
  config: Config;
  /** the gate of expensive GraphQL work; made from the settings unless given (tests read it) */
  gate?: WorkGate;
}

/**
 * The GraphQL endpoint at /graphql (GraphiQL is the app's own page, graphiql.ts); a fresh set of
 * loaders for every request, and what is computed across units (consolidated sums) kept for as
 * long as the data stays the same.
 */
export function createGraphQL({ db, config, gate: given }: GraphQLDeps) {
  const shared = new PerVersion(db, () => sharedResults(config.sharedResultEntries));
  const gate = given ?? new WorkGate(config.expensiveSlots, config.expensiveQueue);
  return createYoga<object, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // anyone may read, from anywhere; there are no credentials to send
    cors: { origin: '*', credentials: false, methods: ['GET', 'POST'], exposedHeaders: ['ETag'] },
    landingPage: false,
    // GraphiQL is the app's own page (graphiql.ts), served without a CDN
    graphiql: false,
    context: ({ request }) => ({
      db,
      config,
      loaders: createLoaders(db, () => shared.current()),
      work: new RequestWork(gate, request.signal, config.graphqlTimeoutMs),
    }),
    plugins: [
      ...protections(config),
      persistedQueries(config.persistedQueries),
      boundedExecution(),
      cleanErrors(config.production),
    ],
    // Unexpected errors answer "Unexpected error." and their details go to stderr, never to the client.
    maskedErrors: {
      isDev: false,
      maskError: (error, message) => {
        // a request stopped because its client went away: nobody reads the answer, nothing to report
        if ((error as GraphQLError)?.originalError?.name === 'AbortError')
          return new GraphQLError('the request was cancelled: the client went away', {
            extensions: { code: 'CLIENT_CLOSED_REQUEST' },
          });
        const masked = maskError(error, message, false);
        if (masked !== error)
          process.stderr.write(
            `yusuan: unexpected error in a GraphQL request: ${(error as Error)?.stack ?? error}\n`,
          );
        return masked;
      },
    },
    batching: false,
    multipart: false,
    // the app has refused a body over YUSUAN_MAX_BODY_BYTES before Yoga sees it (app.ts
    // withinBodyLimit); Yoga's own limit would pipe every body through one more stream
    maxRequestBodySize: false,
  });
}
