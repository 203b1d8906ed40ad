import { createServerAdapter } from '@whatwg-node/server';
import { compression } from './compression.js';
import { readTurn } from './db/client.js';
import { clipEcho } from './echo.js';
import { EXAMPLE_QUERIES } from './graphql/examples.js';
import { graphiql } from './graphql/graphiql.js';
import { graphqlValidators } from './graphql/http-cache.js';
import { createGraphQL, EXAMPLE_QUERY, type GraphQLDeps } from './graphql/yoga.js';
import { FeedVersion } from './opendata/feed.js';
import { openDataRoutes } from './opendata/routes.js';

/** What the app is served from: the database, the settings (and, in tests, a work gate). */
export type AppDeps = GraphQLDeps;

/** One fetch handler for GraphQL (/graphql) and downloads (/opendata). Never listens itself. */
export function createApp(deps: AppDeps) {
  const yoga = createGraphQL(deps);
  // one data version for the feed and GraphQL: both derive their validators from it
  const version = new FeedVersion(deps.db, deps.config.openDataCacheBytes);
  const openData = openDataRoutes(deps, version);
  const cached = graphqlValidators(deps, version);
  try {
    version.current(); // the data version is worked out at start, not on the first request
  } catch {
    // an unreadable database: each request answers its error
  }
  const compress = compression(deps.config.compressMinBytes, deps.config.openDataCacheBytes / 4);
  const ide = graphiql({
    title: 'Yusuan 预算 GraphQL',
    defaultQuery: EXAMPLE_QUERY,
    examples: EXAMPLE_QUERIES.map((e) => e.query),
    endpoint: '/graphql',
  });
  return createServerAdapter(async (incoming: Request) => compress(incoming, await answer(incoming)));

  async function answer(incoming: Request): Promise<Response> {
    // An absolute-form target (GET http://elsewhere/…) or a Host header with spaces makes no URL.
    if (!URL.canParse(incoming.url))
      return refusal(400, 'BAD_REQUEST', 'the request target and Host header do not form a valid URL');
    try {
      const request = await withinBodyLimit(incoming, deps.config.maxBodyBytes);
      if (request instanceof Response) return request;
      const download = await openData(request);
      if (download) return download;
      if (new URL(request.url).pathname === '/')
        return Response.redirect(new URL('/graphql', request.url), 302);
      const page = ide.answer(request);
      if (page) return page;
      const validators = await cached.validatorsOf(request);
      if (validators && cached.current(request, validators)) return cached.notModified(validators);
      const kept = validators && cached.kept(validators);
      if (kept) return kept;
      // the statements of this answer share one read transaction (db/client.ts readTurn)
      readTurn(deps.db);
      const answer = explained(request, await yoga.fetch(request));
      if (validators) return await cached.withValidators(answer, validators);
      return answer;
    } catch (error) {
      // the client went away while its request was read or run: nobody reads this, nothing to report
      // (499 is the status proxies log for it)
      if ((error as Error)?.name === 'AbortError' && incoming.signal.aborted)
        return new Response(null, { status: 499 });
      // Never the adapter's default answer, which is the error's stack trace as text.
      process.stderr.write(
        `yusuan: unexpected error answering ${incoming.method} ${incoming.url}: ${(error as Error)?.stack ?? String(error)}\n`,
      );
      return refusal(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
    }
  }
}

export type App = ReturnType<typeof createApp>;

/** An answer of the app's own, shaped as GraphQL errors are: { errors: [{ message, extensions: { code } }] }. */
function refusal(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json(
    { errors: [{ message: clipEcho(message), extensions: { code } }] },
    { status, headers },
  );
}

/**
 * Yoga answers an unknown path (404), an Accept it cannot serve (406) and a body type it cannot
 * read (415) with an empty body; these get a JSON error saying what to do instead.
 */
function explained(request: Request, response: Response): Response {
  if (response.headers.has('content-type')) return response;
  switch (response.status) {
    case 404:
      return refusal(
        404,
        'NOT_FOUND',
        `no such path: ${new URL(request.url).pathname} (GraphQL is at /graphql, downloads under /opendata)`,
      );
    case 406:
      return refusal(
        406,
        'NOT_ACCEPTABLE',
        `cannot answer in ${request.headers.get('accept')}: GraphQL answers application/graphql-response+json or application/json`,
        // the types it does answer in, as Yoga lists them
        Object.fromEntries([...response.headers].filter(([name]) => name === 'accept')),
      );
    case 415:
      return refusal(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `cannot read a request body of type ${request.headers.get('content-type')}: send application/json`,
      );
    default:
      return response;
  }
}

/**
 * The request with its body read, or a 413 answer when the body is larger than allowed: by its
 * Content-Length when it declares one, else by counting while reading (never buffering more).
 */
async function withinBodyLimit(request: Request, max: number): Promise<Request | Response> {
  if (!request.body) return request;
  const tooLarge = () =>
    refusal(413, 'PAYLOAD_TOO_LARGE', `request body is larger than the limit of ${max} bytes`, {
      connection: 'close',
    });
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    // Node's HTTP parser reads exactly Content-Length bytes: a body within it is within the limit
    return Number(declared) > max ? tooLarge() : request;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  });
}
