import type { AppDeps } from '../app.js';
import type { FeedVersion } from '../opendata/feed.js';
import { etagOf } from '../opendata/http.js';

/** What an answer to a query is made of: the data version and the request's operation. */
interface QueryValidators {
  etag: string;
}

/**
 * HTTP caching of GraphQL answers. Yusuan is read-only: an answer depends only on the data version
 * and the operation (query, variables, operation name), so its ETag is a digest of those. A client
 * or cache sending that ETag back in If-None-Match gets a 304 before anything is parsed or run;
 * every 200 carries the ETag and `Cache-Control: public`. The ETag is the same on every server
 * holding the same data (the version is a digest of the content, not a counter).
 */
export function graphqlValidators(deps: AppDeps, version: FeedVersion) {
  const seconds = deps.config.graphqlCacheSeconds;
  const cacheControl = `public, max-age=${seconds}`;
  return {
    /** The validators of a GraphQL request, or null for what is not a query of /graphql. */
    async validatorsOf(request: Request): Promise<QueryValidators | null> {
      const url = new URL(request.url);
      if (url.pathname !== '/graphql') return null;
      let operation: string;
      if (request.method === 'GET') {
        const query = url.searchParams.get('query');
        if (!query) return null; // GraphiQL's page, or a request Yoga refuses
        operation = JSON.stringify([
          query,
          url.searchParams.get('variables') ?? '',
          url.searchParams.get('operationName') ?? '',
          url.searchParams.get('extensions') ?? '',
        ]);
      } else if (request.method === 'POST' && request.headers.get('content-type')?.includes('json')) {
        operation = await request.clone().text();
      } else return null;
      let current: string;
      try {
        current = version.current().version;
      } catch {
        return null; // a database that cannot be read: GraphQL answers the error as it does any other
      }
      // the Accept header picks the answer's media type; the version its content
      return { etag: etagOf('graphql', current, request.headers.get('accept') ?? '', operation) };
    },

    /** Whether the client's copy is current (RFC 9110 If-None-Match, weak comparison). */
    current(request: Request, v: QueryValidators): boolean {
      const header = request.headers.get('if-none-match');
      if (header === null) return false;
      const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
      return header.trim() === '*' || header.split(',').some((tag) => opaque(tag) === opaque(v.etag));
    },

    notModified(v: QueryValidators): Response {
      return new Response(null, {
        status: 304,
        headers: {
          etag: v.etag,
          'cache-control': cacheControl,
          vary: 'Accept',
          'access-control-allow-origin': '*',
          'access-control-expose-headers': 'ETag',
        },
      });
    },

    /**
     * A 200 answer with its validators. An answer with errors is never cached: an error may be
     * the server's (an unreadable database), not the query's. The schema has no field named
     * errors, so the key appears in the JSON only as the answer's own.
     */
    async withValidators(response: Response, v: QueryValidators): Promise<Response> {
      if (response.status !== 200) return response;
      const body = await response.text();
      if (body.includes('"errors":[')) return new Response(body, response);
      const headers = new Headers(response.headers);
      headers.set('etag', v.etag);
      headers.set('cache-control', cacheControl);
      headers.set('vary', 'Accept');
      return new Response(body, { status: 200, headers });
    },
  };
}
