import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Licences the feed can declare (Open Definition ids), by the id SETTINGS.openDataLicense names. */
export const LICENSES = {
  'CC-BY-4.0': {
    title: 'Creative Commons Attribution 4.0 International',
    path: 'https://creativecommons.org/licenses/by/4.0/',
  },
  'CC0-1.0': {
    title: 'Creative Commons CC0 1.0 Universal',
    path: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  'ODC-BY-1.0': {
    title: 'Open Data Commons Attribution License 1.0',
    path: 'https://opendatacommons.org/licenses/by/1-0/',
  },
  'ODbL-1.0': {
    title: 'Open Data Commons Open Database License 1.0',
    path: 'https://opendatacommons.org/licenses/odbl/1-0/',
  },
} as const;

/** The project root (one level above src/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Setting<T> {
  default: T;
  /** the environment variable that overrides the default */
  env: string;
  /** one line: what the setting does */
  description: string;
  parse: (text: string) => T;
}

class ConfigError extends Error {}

const text = (fallback: string, env: string, description: string): Setting<string> => ({
  default: fallback,
  env,
  description,
  parse: (value) => value,
});

const whole = (
  fallback: number,
  env: string,
  description: string,
  min = 1,
  max = 1_000_000_000,
): Setting<number> => ({
  default: fallback,
  env,
  description,
  parse: (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number.parseInt(value, 10) : Number.NaN;
    if (!(n >= min && n <= max))
      throw new ConfigError(`${env} must be a whole number from ${min} to ${max}, found "${value}"`);
    return n;
  },
});

const choice = (fallback: string, choices: string[], env: string, description: string): Setting<string> => ({
  default: fallback,
  env,
  description,
  parse: (value) => {
    if (!choices.includes(value))
      throw new ConfigError(`${env} must be one of ${choices.join(', ')}, found "${value}"`);
    return value;
  },
});

const flag = (fallback: boolean, env: string, description: string): Setting<boolean> => ({
  default: fallback,
  env,
  description,
  parse: (value) => {
    if (['1', 'true', 'yes'].includes(value)) return true;
    if (['0', 'false', 'no', ''].includes(value)) return false;
    throw new ConfigError(`${env} must be true or false, found "${value}"`);
  },
});

/** An http(s) URL without query or fragment, kept without a trailing slash; '' for the default. */
const publicUrl = (env: string, description: string): Setting<string> => ({
  default: '',
  env,
  description,
  parse: (value) => {
    if (value === '') return '';
    const url = URL.canParse(value) ? new URL(value) : null;
    if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username)
      throw new ConfigError(
        `${env} must be an http or https URL such as https://data.example.gov.cn, found "${value}"`,
      );
    return url.href.replace(/\/$/, '');
  },
});

/** The base of absolute URLs: YUSUAN_PUBLIC_URL, else the local address the server listens on. */
export const publicOrigin = (config: Pick<Config, 'publicUrl' | 'port'>): string =>
  config.publicUrl || `http://localhost:${config.port}`;

/**
 * Every setting and limit Yusuan has, with its default and a one-line description; the
 * environment variable of each is its only other source. SECURITY.md lists the limits.
 */
export const SETTINGS = {
  port: whole(4000, 'PORT', 'TCP port the server listens on.', 0, 65_535),
  publicUrl: publicUrl(
    'YUSUAN_PUBLIC_URL',
    'Where clients reach the server (https://data.example.gov.cn): the base of every absolute URL in catalogs; never taken from the Host header. Default http://localhost:PORT.',
  ),
  headersTimeoutMs: whole(
    10_000,
    'YUSUAN_HEADERS_TIMEOUT_MS',
    "Milliseconds a client has to send a request's headers (slow clients are cut off).",
  ),
  requestTimeoutMs: whole(
    30_000,
    'YUSUAN_REQUEST_TIMEOUT_MS',
    'Milliseconds a client has to send a whole request (headers and body).',
  ),
  keepAliveTimeoutMs: whole(
    5_000,
    'YUSUAN_KEEP_ALIVE_TIMEOUT_MS',
    'Milliseconds an idle keep-alive connection stays open.',
  ),
  graphqlTimeoutMs: whole(
    10_000,
    'YUSUAN_GRAPHQL_TIMEOUT_MS',
    'Milliseconds a GraphQL request may execute; past it the request ends with the error QUERY_TIMEOUT.',
  ),
  expensiveSlots: whole(
    2,
    'YUSUAN_EXPENSIVE_SLOTS',
    'GraphQL requests whose expensive work (tables, checks, revision diffs) runs at once; the others wait their turn while cheap requests go on.',
  ),
  expensiveQueue: whole(
    64,
    'YUSUAN_EXPENSIVE_QUEUE',
    'Expensive operations that may wait for a slot; past it a request is refused with SERVER_BUSY (503).',
  ),
  maxConnections: whole(
    1_000,
    'YUSUAN_MAX_CONNECTIONS',
    'Most connections open at once; more are closed as they arrive.',
  ),
  databasePath: text(
    path.join(ROOT, 'db', 'yusuan.sqlite'),
    'YUSUAN_DB',
    'SQLite database file; the server opens it read-only.',
  ),
  seedsPath: text(
    path.join(ROOT, 'seeds'),
    'YUSUAN_SEEDS',
    'Folder of seed disclosures loaded on first start and by `npm run db:seed`.',
  ),
  production: flag(
    process.env.NODE_ENV === 'production',
    'YUSUAN_PRODUCTION',
    'Production mode: GraphQL hides field suggestions (default: NODE_ENV=production); error details never reach clients.',
  ),
  maxDepth: whole(12, 'YUSUAN_MAX_DEPTH', 'Deepest nesting of selections a GraphQL query may have.'),
  maxCost: whole(
    50_000,
    'YUSUAN_MAX_COST',
    'Largest GraphQL query cost: each field costs 1 and list sizes multiply down each path (first:, ids:, 10 for other lists).',
  ),
  maxAliases: whole(30, 'YUSUAN_MAX_ALIASES', 'Most aliases a GraphQL query may use.'),
  maxDirectives: whole(10, 'YUSUAN_MAX_DIRECTIVES', 'Most directives a GraphQL query may use.'),
  maxTokens: whole(2_000, 'YUSUAN_MAX_TOKENS', 'Most lexical tokens a GraphQL document may have.'),
  maxBodyBytes: whole(65_536, 'YUSUAN_MAX_BODY_BYTES', 'Largest request body accepted (413 above it).'),
  maxPageSize: whole(
    100,
    'YUSUAN_MAX_PAGE_SIZE',
    'Largest `first:` of a connection and most ids of nodes(ids:).',
  ),
  compressMinBytes: whole(
    1_024,
    'YUSUAN_COMPRESS_MIN_BYTES',
    'Text answers at least this large are compressed (brotli or gzip) for clients that accept it.',
    0,
  ),
  graphqlCacheSeconds: whole(
    60,
    'YUSUAN_GRAPHQL_CACHE_SECONDS',
    'Seconds a client or proxy may reuse a GraphQL answer before revalidating it with its ETag.',
    0,
  ),
  graphqlResponseCacheBytes: whole(
    64 * 1024 * 1024,
    'YUSUAN_GRAPHQL_RESPONSE_CACHE_BYTES',
    'Bytes of GraphQL answers kept per data version and answered again without running the query (0: none).',
    0,
  ),
  persistedQueries: whole(
    1_000,
    'YUSUAN_PERSISTED_QUERIES',
    'Automatic persisted queries (APQ) kept in memory, so a long query can be sent by its hash (0: none).',
    0,
  ),
  openDataCacheSeconds: whole(
    300,
    'YUSUAN_OPENDATA_CACHE_SECONDS',
    'Seconds a client or proxy may reuse a download before revalidating it with its ETag.',
    0,
  ),
  factsChunkBytes: whole(
    65_536,
    'YUSUAN_FACTS_CHUNK_BYTES',
    'About how many bytes of facts.csv are formatted and sent per streamed chunk.',
  ),
  sharedResultEntries: whole(
    2_000,
    'YUSUAN_SHARED_RESULT_ENTRIES',
    'Consolidated budgets (sums across units) kept per data version for every request to use.',
    0,
  ),
  openDataCacheBytes: whole(
    256 * 1024 * 1024,
    'YUSUAN_OPENDATA_CACHE_BYTES',
    'Bytes of catalogs, pages and Parquet files kept per data version (least recently used dropped first).',
    0,
  ),
  openDataLicense: choice(
    'CC-BY-4.0',
    Object.keys(LICENSES),
    'YUSUAN_OPENDATA_LICENSE',
    'Licence declared in catalog.json and datapackage.json (an Open Definition id Yusuan knows).',
  ),
  openDataPublisher: text(
    'Yusuan 预算公开数据',
    'YUSUAN_OPENDATA_PUBLISHER',
    'Publisher of the compiled datasets (facts.csv) in catalog.json.',
  ),
  importMaxFileBytes: whole(
    20 * 1024 * 1024,
    'YUSUAN_IMPORT_MAX_FILE_BYTES',
    'Largest file an import reads (a document, manifest, table CSV or workbook), checked before it is opened.',
  ),
  importMaxInflatedBytes: whole(
    4 * 1024 * 1024,
    'YUSUAN_IMPORT_MAX_INFLATED_BYTES',
    'Most bytes the parts of an .xlsx workbook may inflate to, counted while inflating (a zip bomb stops there).',
  ),
  importMaxTextChars: whole(
    10_000,
    'YUSUAN_IMPORT_MAX_TEXT_CHARS',
    'Longest text an import accepts: a manifest field, a table cell, a document line.',
  ),
  importMaxListItems: whole(
    1_000,
    'YUSUAN_IMPORT_MAX_LIST_ITEMS',
    'Most entries of each list in a manifest (duties, internal divisions, prior-year figures, assets, narrative, subjects…).',
  ),
  importMaxTableRows: whole(
    10_000,
    'YUSUAN_IMPORT_MAX_TABLE_ROWS',
    'Most rows of one disclosure table (a CSV file, a sheet, a table of a document).',
  ),
  importMaxDepth: whole(16, 'YUSUAN_IMPORT_MAX_DEPTH', 'Deepest nesting of objects and lists in a manifest.'),
  importMaxProblems: whole(
    100,
    'YUSUAN_IMPORT_MAX_PROBLEMS',
    'Most problems listed for one refused input; the rest are counted ("… and 12,345 more").',
  ),
  importReaders: whole(
    0,
    'YUSUAN_IMPORT_READERS',
    'Worker threads that read and check the next documents of a folder import while the one before is stored, for machines with cores to spare (0: each is read in the importing thread).',
    0,
    64,
  ),
  testMaxPageCount: whole(
    0,
    'YUSUAN_TEST_MAX_PAGE_COUNT',
    'Test-only: caps every database connection that writes at this many pages (PRAGMA max_page_count), so a test can fill the "disk" (0: no cap).',
    0,
  ),
  faultPauseAfter: text(
    '',
    'YUSUAN_FAULT_PAUSE_AFTER',
    'Fault injection for tests: an import pauses at this point ("reading", or "writing <fact table>" inside its transaction), so a test can kill it there; "trace" announces every point on stderr and goes on.',
  ),
};

export type Config = { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['default'] };

/** Reads the settings from an environment, falling back to the defaults; a bad value throws with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return Object.fromEntries(
    Object.entries(SETTINGS).map(([key, setting]) => {
      const value = env[setting.env];
      return [key, value === undefined ? setting.default : (setting as Setting<unknown>).parse(value)];
    }),
  ) as Config;
}

export { ConfigError };
