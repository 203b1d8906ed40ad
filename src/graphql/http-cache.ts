import type { Config } from '../config.js';
import { BoundedMap } from '../db/version.js';
import type { FeedVersion } from '../opendata/feed.js';
import { etagOf } from '../opendata/http.js';

/** An answer kept for its ETag: the bytes and headers a 200 had. */
interface KeptAnswer {
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
}

const ERRORS = Buffer.from('"errors":[');

/** Whether `needle` occurs in `bytes` (Buffer's search, on the same memory). */
const includes = (bytes: Uint8Array, needle: Buffer) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);

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
export function graphqlValidators(deps: { config: Config }, version: FeedVersion) {
  const seconds = deps.config.graphqlCacheSeconds;
  const cacheControl = `public, max-age=${seconds}`;
  // Answers kept by their ETag, which names the data version: an answer is found again only
  // while its version is current, and the cache is emptied when the version changes.
  const responses = new BoundedMap<string, KeptAnswer>(
    deps.config.graphqlResponseCacheBytes,
    (answer) => answer.body.byteLength + 512,
  );
  let responsesOf = '';
  return {
    /** The validators of a GraphQL request, or null for what is not a query of /graphql. */
    async validatorsOf(request: Request): Promise<QueryValidators | null> {
      const url = new URL(request.url);
      if (url.pathname !== '/graphql') return null;
      let operation: string;
      if (request.method === 'GET') {
        const query = url.searchParams.get('query');
        // neither a query nor a persisted query's hash: GraphiQL's page, or a request Yoga refuses
        if (!query && !url.searchParams.get('extensions')) return null;
        operation = JSON.stringify([
          query ?? '',
          url.searchParams.get('variables') ?? '',
          url.searchParams.get('operationName') ?? '',
          url.searchParams.get('extensions') ?? '',
        ]);
      } else if (request.method === 'POST' && request.headers.get('content-type')?.includes('json')) {
        // a clone's text: a new Request made of the text (with the client's signal, so that a
        // request stops when its client goes away) cost half the throughput of cached answers
        operation = await request.clone().text();
      } else return null;
      let current: string;
      try {
        current = version.current().version;
      } catch {
        // a database that cannot be read: GraphQL answers the error as it does any other
        return null;
      }
      if (current !== responsesOf) {
        responses.clear();
        responsesOf = current;
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

    /** The kept answer to the same operation on the same data version, answered without running it. */
    kept(v: QueryValidators): Response | undefined {
      const answer = responses.get(v.etag);
      if (!answer) return undefined;
      return new Response(answer.body, { status: 200, headers: answer.headers });
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
     * A 200 answer with its validators, kept for the next request of the same operation. An answer
     * with errors is never cached (`no-store`, for proxies too): an error may be the server's (an
     * unreadable database), not the query's. The schema has no field named
     * errors, so the key appears in the JSON only as the answer's own.
     */
    async withValidators(response: Response, v: QueryValidators): Promise<Response> {
      const body = new Uint8Array(await response.arrayBuffer());
      const headers = new Headers(response.headers);
      // the JSON text `"errors":[` in UTF-8
      if (response.status !== 200 || includes(body, ERRORS)) {
        headers.set('cache-control', 'no-store');
        return new Response(body, { status: response.status, headers });
      }
      headers.set('etag', v.etag);
      headers.set('cache-control', cacheControl);
      headers.set('vary', 'Accept');
      headers.set('content-length', String(body.byteLength));
      responses.set(v.etag, { body, headers: [...headers] });
      return new Response(body, { status: 200, headers });
    },
  };
}
