import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { App } from './app.js';
import type { Config } from './config.js';
import { clipEcho } from './echo.js';

/** The methods Yusuan answers; any other gets 405 before a Request is made of it. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);
const ALLOW = [...METHODS].join(', ');

/** A JSON error shaped as the app's own: { errors: [{ message, extensions: { code } }] }. */
function refuse(res: ServerResponse, status: number, code: string, message: string, headers = {}): void {
  const body = JSON.stringify({ errors: [{ message: clipEcho(message), extensions: { code } }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'access-control-allow-origin': '*',
    ...headers,
  });
  res.end(body);
}

/**
 * The app on a Node HTTP server with explicit limits: how long a client may take to send its
 * headers and its whole request, how long an idle keep-alive connection stays, and how many
 * connections may be open (settings, SECURITY.md). Two kinds of request are answered here, never
 * reaching the app: a method it does not serve (TRACE, PUT, …: 405 with Allow, where the fetch
 * layer would throw) and a request target that is not a path (absolute form
 * `GET http://elsewhere/ HTTP/1.1`, or `*`: 400), which a server that is not a proxy never serves.
 */
export function createHttpServer(app: App, config: Config): Server {
  const server = createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      keepAliveTimeout: config.keepAliveTimeoutMs,
      // how often the two timeouts above are enforced (Node's default is every 30 s)
      connectionsCheckingInterval: Math.min(
        1_000,
        Math.ceil(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 2),
      ),
    },
    (req: IncomingMessage, res: ServerResponse) => {
      if (!METHODS.has(req.method ?? ''))
        return refuse(
          res,
          405,
          'METHOD_NOT_ALLOWED',
          `${req.method} is not served: Yusuan answers ${ALLOW}`,
          { allow: ALLOW },
        );
      if (!req.url?.startsWith('/'))
        return refuse(
          res,
          400,
          'BAD_REQUEST',
          `the request target must be a path such as /graphql, found ${JSON.stringify(req.url ?? '')}`,
          { connection: 'close' },
        );
      return app(req, res);
    },
  );
  server.maxConnections = config.maxConnections;
  return server;
}
