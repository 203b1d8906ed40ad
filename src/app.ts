import { createServerAdapter } from '@whatwg-node/server';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { createGraphQL } from './graphql/yoga.js';
import { openDataRoutes } from './opendata/routes.js';

export interface AppDeps {
  /** opened read-only by the server; tests may pass any database */
  db: Db;
  config: Config;
}

/** One fetch handler for GraphQL (/graphql) and downloads (/opendata). Never listens itself. */
export function createApp(deps: AppDeps) {
  const yoga = createGraphQL(deps);
  const openData = openDataRoutes(deps);
  return createServerAdapter(async (request: Request) => {
    const download = await openData(request);
    if (download) return download;
    if (new URL(request.url).pathname === '/')
      return Response.redirect(new URL('/graphql', request.url), 302);
    return yoga.fetch(request);
  });
}

export type App = ReturnType<typeof createApp>;
