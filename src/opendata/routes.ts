import type { AppDeps } from '../app.js';
import { layout } from '../disclosure/layouts.js';
import { lastImported, publishedBudgets, renderBudget, requestedBudget } from './budgets.js';
import { openDataCatalog } from './catalog.js';
import { tableToCsv } from './csv.js';
import { dataPackage } from './datapackage.js';
import { factsCsvStream, factsEtagParts } from './facts.js';
import {
  CONTENT_TYPES,
  factsSaveAs,
  ROOT_PATH,
  type TableFormat,
  tableSaveAs,
  workbookSaveAs,
} from './files.js';
import {
  type Download,
  errorResponse,
  etagOf,
  HttpError,
  notFound,
  notModified,
  preflightResponse,
  respond,
  utf8,
  type Validators,
} from './http.js';
import { INDEX_PAGE_POLICY, indexPage } from './index-page.js';
import { FORMAT_VERSION, licenseOf } from './settings.js';
import { tableDocument } from './table-json.js';
import { tablesWorkbook } from './xlsx.js';

interface RouteRequest {
  deps: AppDeps;
  url: URL;
  /** named groups of the route's pattern */
  params: Record<string, string>;
}

interface Route {
  pattern: RegExp;
  download: (request: RouteRequest) => Download | Promise<Download>;
  /**
   * The download's validators worked out from what its bytes are made of (the budget's stored
   * content, the code list, the format), so that a current copy gets its 304 without drawing a
   * single table.
   */
  validators?: (request: RouteRequest) => Validators;
}

/** What each `{part}` of a route template matches. */
const ROUTE_PARTS: Record<string, string> = {
  year: '(?<year>\\d{4})',
  unit: '(?<unit>[0-9A-Za-z]{1,32})',
  table: '(?<table>\\d{1,3})',
  format: '(?<format>csv|json|xlsx)',
};

/** A URL pattern under /opendata from a template such as '/{year}/{unit}.xlsx' ('.' is literal). */
function route(template: string, download: Route['download'], validators?: Route['validators']): Route {
  const source = `${ROOT_PATH}${template}`
    .replaceAll('.', '\\.')
    .replace(/\{(\w+)\}/g, (_, name: string) => ROUTE_PARTS[name]!);
  return { pattern: new RegExp(`^${source}$`), download, validators };
}

/**
 * The feed's URLs. A path is matched against these patterns and nothing else: every file is
 * drawn from the database, so no part of a request path ever names a file on disk.
 */
const ROUTES: Route[] = [
  route('', indexDownload),
  route('/', indexDownload),
  route('/catalog.json', catalogDownload),
  route('/{year}/facts.csv', factsDownload),
  route('/{year}/{unit}.xlsx', workbookDownload, budgetValidators),
  route('/{year}/{unit}/datapackage.json', datapackageDownload, budgetValidators),
  route('/{year}/{unit}/{table}.{format}', tableDownload, budgetValidators),
];

/**
 * The open-data download routes under /opendata. Paths outside it are not served (undefined);
 * unknown paths inside it get the feed's own 404, with the CORS header every answer carries.
 */
export function openDataRoutes(deps: AppDeps): (request: Request) => Promise<Response | undefined> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname !== ROOT_PATH && !url.pathname.startsWith(`${ROOT_PATH}/`)) return undefined;
    const route = ROUTES.find((r) => r.pattern.test(url.pathname));
    try {
      if (!route) throw notFound(`no such download: ${url.pathname}`);
      if (request.method === 'OPTIONS') return preflightResponse();
      if (request.method !== 'GET' && request.method !== 'HEAD')
        throw new HttpError(
          405,
          'METHOD_NOT_ALLOWED',
          `${request.method} is not allowed: downloads are read-only`,
        );
      const params = { ...route.pattern.exec(url.pathname)!.groups };
      const cacheSeconds = deps.config.openDataCacheSeconds;
      const validators = route.validators?.({ deps, url, params });
      const unchanged = validators && notModified(request, validators, cacheSeconds);
      if (unchanged) return unchanged;
      const download = await route.download({ deps, url, params });
      return respond(request, validators ? { ...download, ...validators } : download, cacheSeconds);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      throw error;
    }
  };
}

/** `?revision=n` pins a stored revision; without it the latest is served. */
function revisionParam(url: URL): number | undefined {
  const value = url.searchParams.get('revision');
  if (value === null) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new HttpError(400, 'BAD_REQUEST', `revision must be a whole number from 1, found "${value}"`);
  return Number.parseInt(value, 10);
}

const bomParam = (url: URL) => url.searchParams.get('bom') === '1';

/**
 * Validators of a budget's files from what they are made of: the stored facts (contentHash, which
 * covers the unit's profile and declared codes), the revision, the code list's names, the format
 * and its variant, and the settings written into the files.
 */
function budgetValidators({ deps, url, params }: RouteRequest): Validators {
  if (params.table !== undefined && (!layout(Number(params.table)) || !/^\d{2}$/.test(params.table)))
    throw notFound(`no table "${params.table}": tables are numbered 01 to 14`);
  const published = requestedBudget(deps.db, Number(params.year), params.unit!, revisionParam(url));
  return {
    etag: etagOf(
      String(FORMAT_VERSION),
      url.pathname,
      String(bomParam(url)),
      String(url.searchParams.has('revision')),
      String(published.budget.id),
      published.budget.contentHash,
      codeListDigest(deps.db),
      deps.config.openDataLicense,
    ),
    lastModified: published.budget.importedAt,
  };
}

/** The names the tables print for codes a budget does not label itself. */
function codeListDigest(db: AppDeps['db']): string {
  const names = db.$client
    .prepare('select scheme, code, name from subjects order by scheme, code')
    .raw()
    .all();
  return etagOf(JSON.stringify(names));
}

/** The unit-year budget a URL names, with its facts drawn as the 14 tables. */
function requestedTables({ deps, url, params }: RouteRequest) {
  const published = requestedBudget(deps.db, Number(params.year), params.unit!, revisionParam(url));
  const { tables } = renderBudget(deps.db, published.budget);
  return { published, tables };
}

async function tableDownload(request: RouteRequest): Promise<Download> {
  const { table: number, format } = request.params as { table: string; format: TableFormat };
  const no = Number(number);
  if (!layout(no) || !/^\d{2}$/.test(number))
    throw notFound(`no table "${number}": tables are numbered 01 to 14`);
  const { published, tables } = requestedTables(request);
  const table = tables.find((t) => t.no === no)!;
  const body =
    format === 'csv'
      ? utf8(tableToCsv(table, { bom: bomParam(request.url) }))
      : format === 'json'
        ? utf8(`${JSON.stringify(tableDocument(published, table), null, 2)}\n`)
        : await tablesWorkbook(published, [table]);
  return {
    contentType: CONTENT_TYPES[format],
    body,
    etag: etagOf(body),
    lastModified: published.budget.importedAt,
    disposition: { type: 'attachment', ...tableSaveAs(published, table, format) },
  };
}

async function workbookDownload(request: RouteRequest): Promise<Download> {
  const { published, tables } = requestedTables(request);
  const body = await tablesWorkbook(published, tables);
  return {
    contentType: CONTENT_TYPES.xlsx,
    body,
    etag: etagOf(body),
    lastModified: published.budget.importedAt,
    disposition: { type: 'attachment', ...workbookSaveAs(published) },
  };
}

function datapackageDownload(request: RouteRequest): Download {
  const { published, tables } = requestedTables(request);
  const descriptor = dataPackage(
    published,
    tables.map((table) => ({ table, csv: utf8(tableToCsv(table)) })),
    {
      pinned: request.url.searchParams.has('revision'),
      license: licenseOf(request.deps.config.openDataLicense),
    },
  );
  const body = utf8(`${JSON.stringify(descriptor, null, 2)}\n`);
  return {
    contentType: CONTENT_TYPES.json,
    body,
    etag: etagOf(body),
    lastModified: published.budget.importedAt,
    disposition: { type: 'inline', ascii: 'datapackage.json' },
  };
}

function catalogDownload({ deps, url }: RouteRequest): Download {
  const budgets = publishedBudgets(deps.db);
  const body = utf8(
    `${JSON.stringify(
      openDataCatalog(url.origin, budgets, {
        license: licenseOf(deps.config.openDataLicense),
        publisher: deps.config.openDataPublisher,
      }),
      null,
      2,
    )}\n`,
  );
  return {
    contentType: CONTENT_TYPES.json,
    body,
    etag: etagOf(body),
    lastModified: lastImported(budgets),
    disposition: { type: 'inline', ascii: 'catalog.json' },
  };
}

function factsDownload({ deps, url, params }: RouteRequest): Download {
  const year = Number(params.year);
  const budgets = publishedBudgets(deps.db, year);
  if (!budgets.length) throw notFound(`no budget disclosures for year ${year}`);
  const bom = bomParam(url);
  return {
    contentType: CONTENT_TYPES.csv,
    body: () => factsCsvStream(deps.db, budgets, { bom, chunkRows: deps.config.factsChunkRows }),
    etag: etagOf(...factsEtagParts(deps.db, year, budgets, bom)),
    lastModified: lastImported(budgets),
    disposition: { type: 'attachment', ...factsSaveAs(year) },
  };
}

function indexDownload({ deps }: RouteRequest): Download {
  const budgets = publishedBudgets(deps.db);
  const body = utf8(indexPage(budgets));
  return {
    contentType: CONTENT_TYPES.html,
    body,
    etag: etagOf(body),
    lastModified: lastImported(budgets),
    headers: { 'content-security-policy': INDEX_PAGE_POLICY },
  };
}
