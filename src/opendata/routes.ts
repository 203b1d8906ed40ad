import { type Config, publicOrigin } from '../config.js';
import type { Db } from '../db/client.js';
import { loadCatalog, loadDisclosures } from '../db/disclosures.js';
import { budgetKey } from '../db/facts.js';
import { BudgetContext } from '../disclosure/context.js';
import { departmentContext } from '../disclosure/department.js';
import { explainBudget, explanationHtml, explanationMarkdown } from '../disclosure/explanation.js';
import { LAYOUTS, layout, layoutsOf, NoLayoutsError } from '../disclosure/layouts.js';
import { type RenderedTable, renderTable } from '../disclosure/render.js';
import { DEFAULT_STAGE, isKeyOf, STAGE_KEYS, STAGES } from '../domain.js';
import { tableToCsv } from '../formats/csv.js';
import { TABLE_FORMATS, type TableFormat, tableNumber } from '../formats/table-files.js';
import { lastImported, type PublishedBudget, renderBudget } from './budgets.js';
import { regionCatalog, rootCatalog } from './catalog.js';
import { chartLibrary } from './charts.js';
import { dataPackage, factsDataPackage } from './datapackage.js';
import { factsCsvStream, factsParquet } from './facts.js';
import { type FeedState, FeedVersion } from './feed.js';
import {
  CONTENT_TYPES,
  datasetIdentifier,
  factsSaveAs,
  paths,
  ROOT_PATH,
  tableSaveAs,
  workbookSaveAs,
} from './files.js';
import { Html, html } from './html.js';
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
import { departmentPage, INDEX_PAGE_POLICY, regionPage, rootPage, unitPage } from './index-page.js';
import { departmentRanking, overview, tableHtml, unitRanking, yearViews } from './overview.js';
import { FORMAT_VERSION, licenseOf } from './settings.js';
import { tableDocument } from './table-json.js';
import { tablesWorkbook } from './xlsx.js';

/** What the feed is served from: the database (read-only) and the settings. */
export interface FeedDeps {
  db: Db;
  config: Config;
}

interface RouteRequest {
  deps: FeedDeps;
  /** the data version the request is answered from */
  feed: FeedState;
  url: URL;
  /** named groups of the route's pattern */
  params: Record<string, string>;
}

interface Route {
  pattern: RegExp;
  download: (request: RouteRequest) => Download | Promise<Download>;
  /**
   * The download's validators worked out from what its bytes are made of (the budget's stored
   * content, the code list, the format; or the data version for what is built from all of it),
   * so that a current copy gets its 304 without drawing a single table.
   */
  validators?: (request: RouteRequest) => Validators;
}

/** What each `{part}` of a route template matches. */
const ROUTE_PARTS: Record<string, string> = {
  region: '(?<region>\\d{6})',
  year: '(?<year>\\d{4})',
  unit: '(?<unit>[0-9A-Za-z]{1,32})',
  department: '(?<department>[0-9A-Za-z]{1,32})',
  table: '(?<table>\\d{1,3})',
  format: '(?<format>csv|json|xlsx)',
  narrativeFormat: '(?<narrativeFormat>md|json)',
  // a stage other than the default, between year and unit; none means the default (预算)
  stage: `(?:(?<stage>${STAGE_KEYS.filter((s) => s !== DEFAULT_STAGE).join('|')})/)?`,
};

/** A URL pattern under /opendata from a template such as '/{region}/{year}/{unit}.xlsx' ('.' is literal). */
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
  route('', cached(rootPageFile), versionValidators),
  route('/', cached(rootPageFile), versionValidators),
  route('/catalog.json', cached(rootCatalogFile), versionValidators),
  route('/{year}/facts.csv', factsDownload, versionValidators),
  route('/{year}/facts.parquet', cached(parquetFile), versionValidators),
  route('/{year}/datapackage.json', cached(factsPackageFile), versionValidators),
  route('/{region}', chartedPage(regionPageFile), versionValidators),
  route('/{region}/', chartedPage(regionPageFile), versionValidators),
  route('/{region}/catalog.json', cached(regionCatalogFile), versionValidators),
  route('/{region}/department/{department}/', chartedPage(departmentPageFile), versionValidators),
  route('/{region}/unit/{unit}/', chartedPage(unitPageFile), versionValidators),
  route('/{region}/{year}/facts.csv', factsDownload, versionValidators),
  route('/{region}/{year}/datapackage.json', cached(factsPackageFile), versionValidators),
  route('/{region}/{year}/department/{department}.xlsx', departmentWorkbookDownload, versionValidators),
  route(
    '/{region}/{year}/department/{department}/{table}.{format}',
    departmentTableDownload,
    versionValidators,
  ),
  route('/{region}/{year}/{stage}{unit}.xlsx', workbookDownload, budgetValidators),
  route('/{region}/{year}/{stage}{unit}/datapackage.json', datapackageDownload, budgetValidators),
  route('/{region}/{year}/{stage}{unit}/narrative.{narrativeFormat}', narrativeDownload, budgetValidators),
  route('/{region}/{year}/{stage}{unit}/{table}.{format}', tableDownload, budgetValidators),
];

/**
 * The open-data download routes under /opendata. Paths outside it are not served (undefined);
 * unknown paths inside it get the feed's own 404, with the CORS header every answer carries.
 */
export function openDataRoutes(
  deps: FeedDeps,
  version = new FeedVersion(deps.db, deps.config.openDataCacheBytes),
): (request: Request) => Promise<Response | undefined> {
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
      const routeRequest = { deps, feed: version.current(), url, params };
      const validators = route.validators?.(routeRequest);
      const unchanged = validators && notModified(request, validators, cacheSeconds);
      if (unchanged) return unchanged;
      const download = await route.download(routeRequest);
      return respond(request, validators ? { ...download, ...validators } : download, cacheSeconds);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      // a stored budget of a stage that has no table layouts yet: its files cannot be drawn
      if (error instanceof NoLayoutsError) return errorResponse(notFound(error.message));
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

/** The budgets a feed-level file is made of: a unit's, a department's, a region's, a year's, or all. */
function scopeOf({ feed, params }: RouteRequest): readonly PublishedBudget[] {
  const { index } = feed;
  const year = params.year === undefined ? undefined : Number(params.year);
  if (params.region === undefined) return year === undefined ? index.budgets : index.ofYear(year);
  if (params.unit !== undefined) return index.unit(params.region, params.unit).budgets;
  if (params.department !== undefined) {
    const budgets = index.department(params.region, params.department).budgets;
    if (year === undefined) return budgets;
    const ofYear = budgets.filter((b) => b.budget.year === year);
    if (!ofYear.length) throw notFound(`department ${params.department} has no unit budget for ${year}`);
    return ofYear;
  }
  return year === undefined ? index.region(params.region).budgets : index.ofYear(year, params.region);
}

/**
 * Validators of what is built from the whole data version (pages, catalogs, facts): the
 * version, the public URL (catalogs print absolute URLs), the path, the format and the
 * settings written into the files. A 404 for an unknown region or year comes from the index.
 */
function versionValidators(request: RouteRequest): Validators {
  const { deps, feed, url } = request;
  const scope = scopeOf(request);
  return {
    etag: etagOf(
      String(FORMAT_VERSION),
      feed.version,
      publicOrigin(deps.config),
      url.pathname,
      String(bomParam(url)),
      deps.config.openDataLicense,
      deps.config.openDataPublisher,
    ),
    lastModified: lastImported(scope),
  };
}

/** A file built once per data version (and path) and then served from memory. */
function cached(build: (request: RouteRequest) => Download): Route['download'] {
  return (request) => request.feed.file(request.url.pathname, () => build(request));
}

type ECharts = Awaited<ReturnType<typeof chartLibrary>>;

/** A page with charts: built once per data version, ECharts loaded (once) before the first is drawn. */
function chartedPage(build: (request: RouteRequest, echarts: ECharts) => Download): Route['download'] {
  return async (request) => {
    const echarts = await chartLibrary();
    return request.feed.file(request.url.pathname, () => build(request, echarts));
  };
}

/**
 * Validators of a budget's files from what they are made of: the stored facts (contentHash, which
 * covers the unit's profile and declared codes), the revision, the code list's names, the format
 * and its variant, and the settings written into the files.
 */
function budgetValidators(request: RouteRequest): Validators {
  const { deps, url, params } = request;
  if (params.table !== undefined && (!layout(Number(params.table)) || !/^\d{2}$/.test(params.table)))
    throw notFound(`no table "${params.table}": tables are numbered 01 to 14`);
  const published = requestedBudget(request);
  return {
    etag: etagOf(
      String(FORMAT_VERSION),
      url.pathname,
      String(bomParam(url)),
      String(url.searchParams.has('revision')),
      budgetKey(published.budget),
      published.budget.contentHash,
      request.feed.codeListDigest,
      deps.config.openDataLicense,
    ),
    lastModified: published.budget.importedAt,
  };
}

function requestedBudget({ deps, feed, url, params }: RouteRequest): PublishedBudget {
  // the pattern matches only stage keys
  const stage = params.stage !== undefined && isKeyOf(STAGES, params.stage) ? params.stage : DEFAULT_STAGE;
  return feed
    .indexOf(stage)
    .requested(deps.db, params.region!, Number(params.year), params.unit!, revisionParam(url));
}

/** The unit-year budget a URL names, with its facts drawn as the 14 tables. */
function requestedTables(request: RouteRequest) {
  const published = requestedBudget(request);
  const { tables } = renderBudget(request.deps.db, published.budget);
  return { published, tables };
}

async function tableDownload(request: RouteRequest): Promise<Download> {
  const { table: number, format } = request.params as { table: string; format: TableFormat };
  const no = Number(number);
  if (!layout(no) || !/^\d{2}$/.test(number))
    throw notFound(`no table "${number}": tables are numbered 01 to 14`);
  const { published, tables } = requestedTables(request);
  return tableFile(published, tables.find((t) => t.no === no)!, format, bomParam(request.url));
}

/** One table as CSV, JSON or XLSX. */
async function tableFile(
  published: PublishedBudget,
  table: RenderedTable,
  format: TableFormat,
  bom: boolean,
): Promise<Download> {
  const body =
    format === 'csv'
      ? utf8(tableToCsv(table, { bom }))
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

/**
 * A department's tables (部门预算) for a year, regenerated from its units' latest budgets in the
 * published layout: each unit below the department row.
 */
function departmentTables(request: RouteRequest) {
  const { deps, params, feed } = request;
  if (params.table !== undefined && (!layout(Number(params.table)) || !/^\d{2}$/.test(params.table)))
    throw notFound(`no table "${params.table}": tables are numbered 01 to 14`);
  const members = scopeOf(request);
  const department = feed.index.department(params.region!, params.department!);
  const disclosures = loadDisclosures(
    deps.db,
    members.map((m) => m.budget.id),
  );
  const ctx = departmentContext(
    department,
    members.map((m) => disclosures.get(m.budget.id)!),
    loadCatalog(deps.db),
  );
  const importedAt = lastImported(members);
  const first = members[0]!;
  // the files name the department where a unit's name the unit; the revision is of none
  const published: PublishedBudget = {
    budget: { ...first.budget, unitCode: department.code, title: ctx.d.title, revision: 0, importedAt },
    region: first.region,
    unit: { code: department.code, name: department.name },
    department: { code: department.code, name: department.name },
  };
  return { published, tables: layoutsOf(first.budget.stage).map((l) => renderTable(l, ctx)) };
}

async function departmentTableDownload(request: RouteRequest): Promise<Download> {
  const { format } = request.params as { format: TableFormat };
  const { published, tables } = departmentTables(request);
  const table = tables.find((t) => t.no === Number(request.params.table))!;
  return tableFile(published, table, format, bomParam(request.url));
}

async function departmentWorkbookDownload(request: RouteRequest): Promise<Download> {
  const { published, tables } = departmentTables(request);
  return workbookFile(published, tables);
}

async function workbookDownload(request: RouteRequest): Promise<Download> {
  const { published, tables } = requestedTables(request);
  return workbookFile(published, tables);
}

/** Every table as one workbook, a sheet each. */
async function workbookFile(published: PublishedBudget, tables: RenderedTable[]): Promise<Download> {
  const body = await tablesWorkbook(published, tables);
  return {
    contentType: CONTENT_TYPES.xlsx,
    body,
    etag: etagOf(body),
    lastModified: published.budget.importedAt,
    disposition: { type: 'attachment', ...workbookSaveAs(published) },
  };
}

/** The 情况说明 written from a budget's facts (src/disclosure/explanation.ts), as JSON or Markdown. */
function narrativeFiles(request: RouteRequest): {
  published: PublishedBudget;
  md: Uint8Array<ArrayBuffer>;
  json: Uint8Array<ArrayBuffer>;
} {
  const published = requestedBudget(request);
  const { deps } = request;
  const disclosure = loadDisclosures(deps.db, [published.budget.id]).get(published.budget.id)!;
  const sections = explainBudget(new BudgetContext(disclosure, loadCatalog(deps.db)));
  const { budget, unit, region } = published;
  const document = {
    title: `${budget.title}·预算情况说明`,
    region: region.code,
    unit: unit.code,
    year: budget.year,
    revision: budget.revision,
    note: 'Written from the stored facts in the document’s sentences; parts marked stated are the document’s own words.',
    sections,
  };
  return {
    published,
    md: utf8(explanationMarkdown(document.title, sections)),
    json: utf8(`${JSON.stringify(document, null, 2)}\n`),
  };
}

function narrativeDownload(request: RouteRequest): Download {
  const format = request.params.narrativeFormat as 'md' | 'json';
  const files = narrativeFiles(request);
  const body = files[format];
  return {
    contentType: CONTENT_TYPES[format],
    body,
    etag: etagOf(body),
    lastModified: files.published.budget.importedAt,
    disposition: { type: 'inline', ascii: `narrative.${format}` },
  };
}

function datapackageDownload(request: RouteRequest): Download {
  const { published, tables } = requestedTables(request);
  const narrative = narrativeFiles(request);
  const descriptor = dataPackage(
    published,
    tables.map((table) => ({ table, csv: utf8(tableToCsv(table)) })),
    {
      narrative: { md: narrative.md, json: narrative.json },
      pinned: request.url.searchParams.has('revision'),
      license: licenseOf(request.deps.config.openDataLicense),
    },
  );
  return jsonFile(descriptor, published.budget.importedAt, 'datapackage.json');
}

function jsonFile(value: unknown, lastModified: string, name: string): Download {
  const body = utf8(`${JSON.stringify(value, null, 2)}\n`);
  return {
    contentType: CONTENT_TYPES.json,
    body,
    etag: etagOf(body),
    lastModified,
    disposition: { type: 'inline', ascii: name },
  };
}

function htmlFile(text: string, lastModified: string): Download {
  const body = utf8(text);
  return {
    contentType: CONTENT_TYPES.html,
    body,
    etag: etagOf(body),
    lastModified,
    headers: { 'content-security-policy': INDEX_PAGE_POLICY },
  };
}

const catalogOptions = (deps: FeedDeps) => ({
  license: licenseOf(deps.config.openDataLicense),
  publisher: deps.config.openDataPublisher,
});

function rootCatalogFile({ deps, feed }: RouteRequest): Download {
  const { index } = feed;
  return jsonFile(
    rootCatalog(publicOrigin(deps.config), index, catalogOptions(deps)),
    lastImported(index.budgets),
    'catalog.json',
  );
}

function regionCatalogFile({ deps, feed, params }: RouteRequest): Download {
  const region = feed.index.region(params.region!);
  return jsonFile(
    regionCatalog(publicOrigin(deps.config), region, catalogOptions(deps)),
    lastImported(region.budgets),
    'catalog.json',
  );
}

function rootPageFile({ feed }: RouteRequest): Download {
  return htmlFile(rootPage(feed.index), lastImported(feed.index.budgets));
}

/**
 * A department's or region's 情况说明 for its latest year, written from the sums of its units'
 * budgets (the sections that sums cannot give say so).
 */
function consolidatedNarrative(views: ReturnType<typeof yearViews>): Html | undefined {
  const latest = views[0];
  if (!latest) return undefined;
  return html`<p>${latest.year}年${latest.budgets.length}个单位预算的汇总情况说明，由各单位存储的数据相加写成。</p>${new Html(explanationHtml(explainBudget(latest.ctx, { consolidated: true })))}`;
}

function regionPageFile({ deps, feed, params }: RouteRequest, echarts: ECharts): Download {
  const region = feed.index.region(params.region!);
  const views = yearViews(deps.db, region.budgets, { code: region.code, name: region.name || region.code });
  const rankings = views[0] ? [departmentRanking(views[0]), unitRanking(views[0])] : [];
  return htmlFile(
    regionPage(region, {
      overview: overview(echarts, views, rankings),
      narrative: consolidatedNarrative(views),
    }),
    lastImported(region.budgets),
  );
}

function departmentPageFile({ deps, feed, params }: RouteRequest, echarts: ECharts): Download {
  const region = feed.index.region(params.region!);
  const department = feed.index.department(region.code, params.department!);
  const views = yearViews(deps.db, department.budgets, department);
  const rankings = views[0] ? [unitRanking(views[0])] : [];
  return htmlFile(
    departmentPage(region, department, {
      overview: overview(echarts, views, rankings),
      narrative: consolidatedNarrative(views),
    }),
    lastImported(department.budgets),
  );
}

function unitPageFile({ deps, feed, params }: RouteRequest, echarts: ECharts): Download {
  const region = feed.index.region(params.region!);
  const unit = feed.index.unit(region.code, params.unit!);
  const department = region.departments.find((d) => d.units.includes(unit))!;
  const views = yearViews(deps.db, unit.budgets);
  const tables = new Map(
    views.map((v) => {
      const b = v.budgets[0]!;
      const at = [region.code, v.year, unit.code] as const;
      return [
        b.budget.id,
        LAYOUTS.map((l) => {
          const table = renderTable(l, v.ctx);
          const no = tableNumber(l.no);
          const links = TABLE_FORMATS.map(
            (format) =>
              html`<a href="${paths.table(...at, l.no, format)}" aria-label="${`${table.title} ${format.toUpperCase()}`}">${format.toUpperCase()}</a> `,
          );
          return tableHtml(table, `${datasetIdentifier(...at)}-${no}`, html`下载：${links}`);
        }),
      ];
    }),
  );
  // the latest year's 情况说明, written from its facts, with its two downloads
  const latest = views[0]!;
  const narrativeLinks = (['md', 'json'] as const).map(
    (format) =>
      html`<a href="${paths.narrative(region.code, latest.year, unit.code, format)}">narrative.${format}</a> `,
  );
  const narrative = html`<p>${latest.year}年预算情况说明，由存储的数据按公开文件的句式写成；引号内为文件原文（原因、用途）。下载：${narrativeLinks}</p>${new Html(explanationHtml(explainBudget(latest.ctx)))}`;
  return htmlFile(
    unitPage(region, department, unit, { overview: overview(echarts, views), tables, narrative }),
    lastImported(unit.budgets),
  );
}

function factsDownload(request: RouteRequest): Download {
  const { deps, url, params, feed } = request;
  const year = Number(params.year);
  const budgets = scopeOf(request);
  const region = params.region === undefined ? undefined : feed.index.region(params.region);
  return {
    contentType: CONTENT_TYPES.csv,
    body: () =>
      factsCsvStream(deps.db, feed.factNames, budgets, {
        bom: bomParam(url),
        chunkBytes: deps.config.factsChunkBytes,
      }),
    // versionValidators replace these: the stream is never hashed
    etag: '',
    lastModified: lastImported(budgets),
    disposition: { type: 'attachment', ...factsSaveAs(year, region) },
  };
}

/**
 * facts.parquet of a year: the rows of facts.csv, typed (integers, DECIMAL(18,2) amounts), built a
 * row group at a time from the same iteration, once per data version (then kept in its cache).
 */
function parquetFile(request: RouteRequest): Download {
  const { deps, params, feed } = request;
  const year = Number(params.year);
  const budgets = scopeOf(request);
  const body = factsParquet(deps.db, feed.factNames, budgets);
  return {
    contentType: CONTENT_TYPES.parquet,
    body: body as Uint8Array<ArrayBuffer>,
    etag: etagOf(body),
    lastModified: lastImported(budgets),
    disposition: { type: 'attachment', ...factsSaveAs(year, undefined, 'parquet') },
  };
}

/** datapackage.json of a year's facts (all regions, or one): facts.csv with its Table Schema, and the Parquet file. */
function factsPackageFile(request: RouteRequest): Download {
  const { deps, params, feed } = request;
  const year = Number(params.year);
  const budgets = scopeOf(request);
  const region = params.region === undefined ? undefined : feed.index.region(params.region);
  return jsonFile(
    factsDataPackage(year, budgets, { region, license: licenseOf(deps.config.openDataLicense) }),
    lastImported(budgets),
    'datapackage.json',
  );
}
