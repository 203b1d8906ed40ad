import { createServerAdapter } from '@whatwg-node/server';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { createGraphQL } from './graphql/yoga.js';
import { openDataRoutes } from './opendata/routes.js';
import { licenseOf } from './opendata/settings.js';

export interface AppDeps {
  /** opened read-only by the server; tests may pass any database */
  db: Db;
  config: Config;
}

/** One fetch handler for GraphQL (/graphql) and downloads (/opendata). Never listens itself. */
export function createApp(deps: AppDeps) {
  licenseOf(deps.config.openDataLicense);
  const yoga = createGraphQL(deps);
  const openData = openDataRoutes(deps);
  return createServerAdapter(async (incoming: Request) => {
    const request = await withinBodyLimit(incoming, deps.config.maxBodyBytes);
    if (request instanceof Response) return request;
    const download = await openData(request);
    if (download) return download;
    if (new URL(request.url).pathname === '/')
      return Response.redirect(new URL('/graphql', request.url), 302);
    return yoga.fetch(request);
  });
}

export type App = ReturnType<typeof createApp>;

/**
 * The request with its body read, or a 413 answer when the body is larger than allowed: by its
 * Content-Length when it declares one, else by counting while reading (never buffering more).
 */
async function withinBodyLimit(request: Request, max: number): Promise<Request | Response> {
  if (!request.body) return request;
  const tooLarge = () =>
    Response.json(
      {
        errors: [
          {
            message: `request body is larger than the limit of ${max} bytes`,
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      },
      { status: 413, headers: { connection: 'close' } },
    );
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) return tooLarge();
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
