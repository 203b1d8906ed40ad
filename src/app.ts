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
    const { pathname } = new URL(request.url);
    if (pathname === '/opendata' || pathname.startsWith('/opendata/')) {
      const response = await openData(request);
      if (response) return response;
      return Response.json(
        { error: { code: 'NOT_FOUND', message: `no such download: ${pathname}` } },
        { status: 404 },
      );
    }
    if (pathname === '/') return Response.redirect(new URL('/graphql', request.url), 302);
    return yoga.fetch(request);
  });
}

export type App = ReturnType<typeof createApp>;
