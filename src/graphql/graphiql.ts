import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bytesEtag } from '../compression.js';

/**
 * GraphiQL, served from this server alone: a small HTML page at GET /graphql (for a browser,
 * i.e. an Accept with text/html) and the scripts and stylesheet it loads, read once from the npm
 * packages (graphiql's UMD build, React 18's UMD builds) under /graphiql/<hash>/<file>. A file's
 * URL changes with its bytes, so files are cached for good (immutable) and only the page is
 * revalidated, which answers 304 while the server runs the same packages.
 */
export interface GraphiQLOptions {
  title: string;
  /** the first tab's query */
  defaultQuery: string;
  /** further tabs, one per example query (src/graphql/examples.ts) */
  examples?: readonly string[];
  endpoint: string;
}

/** What the page loads, in order: React, ReactDOM, then GraphiQL (which expects both as globals). */
const FILES = [
  { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
  { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
] as const;

const PREFIX = '/graphiql/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The page names the files by hash: a browser checks it each time (304) and so never runs stale files. */
const PAGE_CACHE = 'public, no-cache';

interface Asset {
  url: string;
  type: string;
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
}

export function graphiql(options: GraphiQLOptions) {
  let loaded: { assets: Map<string, Asset>; page: Asset } | undefined;
  // read on the first request for GraphiQL, not at start: ≈1.6 MB from node_modules, a few ms
  const load = () => {
    if (loaded) return loaded;
    const assets = new Map<string, Asset>();
    for (const { pkg, file, type } of FILES) {
      const bytes = readPackageFile(pkg, file);
      const etag = bytesEtag(bytes);
      const url = `${PREFIX}${etag.slice(1, 17)}/${path.basename(file)}`;
      assets.set(url, { url, type, bytes, etag });
    }
    const page = new TextEncoder().encode(html(options, [...assets.values()]));
    loaded = {
      assets,
      page: { url: options.endpoint, type: 'text/html; charset=utf-8', bytes: page, etag: bytesEtag(page) },
    };
    return loaded;
  };

  return {
    /** The page or one of its files, or undefined for any other request. */
    answer(request: Request): Response | undefined {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith(PREFIX) && (request.method === 'GET' || request.method === 'HEAD')) {
        const asset = load().assets.get(pathname);
        if (!asset)
          return Response.json(
            {
              errors: [
                {
                  message: `no such GraphiQL file: ${pathname} (the page at ${options.endpoint} names the current ones)`,
                  extensions: { code: 'NOT_FOUND' },
                },
              ],
            },
            { status: 404 },
          );
        return send(request, asset, IMMUTABLE);
      }
      // as Yoga decides when to render GraphiQL: a GET of the endpoint that accepts HTML
      if (
        request.method === 'GET' &&
        pathname === options.endpoint &&
        (request.headers.get('accept') ?? '').includes('text/html')
      )
        return send(request, load().page, PAGE_CACHE, ['Accept']);
      return undefined;
    },
  };
}

/**
 * The asset, or a 304 when the client has it. A 304 says what the 200 said of caching: the same
 * Vary (the 200 varies on Accept-Encoding too, being compressed; a cache whose stored Vary a 304
 * changes may drop the copy) and the ETag as the client holds it (weak once compressed).
 */
function send(request: Request, asset: Asset, cacheControl: string, vary: string[] = []) {
  const held = request.headers
    .get('if-none-match')
    ?.split(',')
    .map((tag) => tag.trim())
    .find((tag) => tag.replace(/^W\//, '') === asset.etag);
  if (held)
    return new Response(null, {
      status: 304,
      headers: { etag: held, 'cache-control': cacheControl, vary: [...vary, 'Accept-Encoding'].join(', ') },
    });
  const headers: Record<string, string> = {
    etag: asset.etag,
    'cache-control': cacheControl,
    'content-type': asset.type,
    'content-length': String(asset.bytes.byteLength),
    'x-content-type-options': 'nosniff',
  };
  if (vary.length) headers.vary = vary.join(', '); // compression adds Accept-Encoding
  return new Response(asset.bytes, { status: 200, headers });
}

const require = createRequire(import.meta.url);

/** A file of an installed package; its trailing source map comment dropped (the map is not served). */
function readPackageFile(pkg: string, file: string): Uint8Array<ArrayBuffer> {
  const text = fs.readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file), 'utf8');
  return new TextEncoder().encode(text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function html({ title, defaultQuery, examples = [], endpoint }: GraphiQLOptions, assets: Asset[]): string {
  const tabs = [defaultQuery, ...examples].map((query) => ({ query }));
  const styles = assets.filter((a) => a.type.startsWith('text/css'));
  const scripts = assets.filter((a) => a.type.startsWith('text/javascript'));
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
${styles.map((a) => `<link rel="stylesheet" href="${a.url}">`).join('\n')}
<style>
html,body,#graphiql{height:100%;margin:0}
/* a phone: the query above its answer, each half the height, instead of two slivers side by side */
@media (max-width: 720px) {
  .graphiql-container .graphiql-sidebar{padding:var(--px-4) 0;width:44px}
  .graphiql-sessions>div:has(>.graphiql-editors){flex-direction:column}
  .graphiql-sessions>div>.graphiql-editors,
  .graphiql-sessions>div>.graphiql-response{flex:1 1 50%!important;min-height:0;min-width:0;width:100%}
  .graphiql-sessions>div>.graphiql-horizontal-drag-bar{display:none}
  .graphiql-container .graphiql-logo{display:none}
}
</style>
</head>
<body>
<div id="graphiql">${escapeHtml(title)} …</div>
${scripts.map((a) => `<script src="${a.url}"></script>`).join('\n')}
<script>
const endpoint = new URL(${scriptJson(endpoint)}, location.href);
const post = GraphiQL.createFetcher({ url: endpoint.href });
// Queries go by GET: a POST to the page's own URL would drop the page from the browser's cache
// (RFC 9111 §4.4), and a GET answer has an ETag. POST only for what is too long for a URL.
async function fetcher(params, options) {
  const url = new URL(endpoint);
  url.searchParams.set('query', params.query);
  if (params.variables && Object.keys(params.variables).length)
    url.searchParams.set('variables', JSON.stringify(params.variables));
  if (params.operationName) url.searchParams.set('operationName', params.operationName);
  if (url.href.length > 6000) return post(params, options);
  const headers = { accept: 'application/graphql-response+json, application/json', ...options?.headers };
  return (await fetch(url, { headers })).json();
}
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery: ${scriptJson(defaultQuery)}, defaultTabs: ${scriptJson(tabs)} }),
);
</script>
</body>
</html>
`;
}
