import { LAYOUTS } from '../disclosure/layouts.js';
import { TABLE_FORMATS, tableNumber } from '../formats/table-files.js';
import type { FeedIndex, PublishedBudget, PublishedDepartment, PublishedRegion } from './budgets.js';
import { datasetIdentifier, factsIdentifier, paths } from './files.js';
import { Html, html } from './html.js';

/** The page needs its own inline style and nothing else: no scripts, frames, forms or fetches. */
export const INDEX_PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `
body { font: 15px/1.6 system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { border-bottom: 2px solid #d0d7de; padding-bottom: .25rem; margin-top: 2.5rem; }
h3 { margin: 2rem 0 .25rem; }
h3 small { color: #59636e; font-weight: normal; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #d8dee4; }
td.no { font-variant-numeric: tabular-nums; width: 2.5rem; }
td.links a { margin-right: .75rem; }
nav ul, nav ol { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
.crumbs li + li::before { content: "›"; margin-right: 1rem; color: #59636e; }
td.num { font-variant-numeric: tabular-nums; text-align: right; }
@media (max-width: 40rem) { body { padding: .5rem .75rem 2rem; } th, td { padding: .25rem; } }
.meta { color: #59636e; margin: 0 0 .5rem; }
h2 small, caption small { color: #59636e; font-weight: normal; font-size: .85rem; }
.scroll { overflow-x: auto; max-width: 100%; margin: 1rem 0; }
.scroll:focus { outline: 2px solid #0072B2; }
.scroll table { width: auto; min-width: 100%; }
.scroll th, .scroll td { white-space: nowrap; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
thead th { background: #f6f8fa; vertical-align: bottom; }
tbody th { font-weight: normal; }
tr.total th, tr.total td, tfoot th, tfoot td { font-weight: 600; }
tr.level-1 th { font-weight: 600; }
tr.level-2 th { padding-left: 1.25rem; }
tr.level-3 th { padding-left: 2.25rem; }
.code { font-variant-numeric: tabular-nums; color: #59636e; }
dl.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .75rem; margin: 0; }
dl.headline div { border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem .75rem; }
dl.headline dt { color: #59636e; }
dl.headline dd { margin: 0; }
dd.amount { font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; }
dd.share, dd.change { font-size: .85rem; color: #424a53; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr)); gap: 1rem 1.5rem; }
figure.chart { margin: 0; min-width: 0; }
figure.chart figcaption { font-weight: 600; margin: .5rem 0; }
figure.chart svg { display: block; width: 100%; height: auto; }
section.table { margin: 1.5rem 0; }
ul.notes { color: #59636e; font-size: .85rem; padding-left: 1.25rem; }
details > summary { cursor: pointer; font-weight: 600; margin: 1rem 0; }
.narrative { border-left: 4px solid #0072B2; padding-left: 1rem; }
`;

/** What a page draws beyond its lists: built by the routes from the data version (overview.ts). */
export interface PageContent {
  /** headline figures and charts of the latest year, and the figures of earlier years */
  overview?: Html;
  /** the generated 情况说明 of the latest year, where one is given */
  narrative?: Html;
  /** each budget's 14 tables as HTML, by budget id */
  tables?: Map<number, Html[]>;
}

function budgetSection(published: PublishedBudget, tables: Html[] | undefined, latest: boolean): Html {
  const { budget, region } = published;
  const { year } = budget;
  const at = [region.code, year, published.unit.code] as const;
  const rows = LAYOUTS.map(
    (layout) => html`
      <tr>
        <td class="no">${tableNumber(layout.no)}</td>
        <th scope="row">${tables ? html`<a href="#${datasetIdentifier(...at)}-${tableNumber(layout.no)}">${layout.title(year)}</a>` : layout.title(year)}</th>
        <td class="links">${TABLE_FORMATS.map(
          (format) =>
            html`<a href="${paths.table(...at, layout.no, format)}" aria-label="${`${tableNumber(layout.no)} ${layout.title(year)} ${format.toUpperCase()}`}">${format.toUpperCase()}</a>`,
        )}</td>
      </tr>`,
  );
  const drawn = tables?.length
    ? latest
      ? html`<div class="tables">${tables}</div>`
      : html`<details class="tables"><summary>${year}年14张表</summary>${tables}</details>`
    : html``;
  return html`
    <article id="${datasetIdentifier(...at)}" class="budget">
      <h3>${year}年 <small>${budget.title}</small></h3>
      <p class="meta">第${budget.revision}版 · 导入于 ${budget.importedAt.replace('T', ' ').replace('Z', ' UTC')}</p>
      <p>
        <a href="${paths.workbook(...at)}">整本工作簿（XLSX，每表一页）</a> ·
        <a href="${paths.datapackage(...at)}">datapackage.json</a>（Frictionless 数据包描述）
      </p>
      <div class="scroll"><table class="contents">
        <thead><tr><th scope="col">表</th><th scope="col">标题</th><th scope="col">下载</th></tr></thead>
        <tbody>${rows}</tbody>
      </table></div>
      ${drawn}
    </article>`;
}

/** The 情况说明 slot: rendered where a narrative is given (drawn elsewhere, in src/disclosure/). */
const narrativeSection = (narrative: Html | undefined) =>
  narrative
    ? html`<section class="narrative" aria-labelledby="narrative"><h2 id="narrative">情况说明</h2>${narrative}</section>`
    : html``;

/** A page of the feed: the same head, style and policy on every level. */
function page(title: string, crumbs: [string, string][], body: Html): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Yusuan 预算公开数据下载</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header>
  ${crumbs.length ? html`<nav aria-label="位置" class="crumbs"><ol>${crumbs.map(([href, name]) => html`<li><a href="${href}">${name}</a></li>`)}</ol></nav>` : html``}
  <h1>${title}</h1>
</header>
<main>${body}</main>
</body>
</html>
`.html;
}

const factsLinks = (years: readonly number[], region?: string) =>
  html`<ul class="facts">${years.map(
    (year) =>
      html`<li id="${factsIdentifier(year, region)}"><a href="${paths.facts(year, region)}">${year}年全部事实（CSV 长表）</a>${region ? html`` : html` · <a href="${paths.factsParquet(year)}">Parquet</a>`} · <a href="${paths.factsPackage(year, region)}">datapackage.json</a></li>`,
  )}</ul>
  <p class="meta">每项事实一行，附全部维度的编码和名称（功能分类另列类、款），供 pandas、R、DuckDB 分析。不同事实类型是同一预算的不同视角，求和前请按 <code>fact</code> 列筛选。</p>`;

const ROOT_CRUMB: [string, string] = [paths.index(), '全部区划'];

/** GET /opendata/: the regions, with the facts of every region per year. Its size follows the regions, not the units. */
export function rootPage(index: FeedIndex): string {
  const rows = index.regions.map(
    (r) => html`
      <tr>
        <td><a href="${paths.region(r.code)}">${r.name || r.code}</a></td>
        <td>${r.code}</td>
        <td class="num">${r.departments.length}</td>
        <td class="num">${new Set(r.budgets.map((b) => b.unit.code)).size}</td>
        <td>${r.years.join('、')}</td>
        <td><a href="${paths.regionCatalog(r.code)}">catalog.json</a></td>
      </tr>`,
  );
  return page(
    '预算公开数据下载',
    [],
    html`
  <p>每个单位每年预算公开的14张表，按公开文件的版式提供 CSV、JSON 和 XLSX（金额单位：万元），按区划 → 部门 → 单位浏览。
  CSV 的 <code>?bom=1</code> 版本带 UTF-8 BOM，便于 Excel 直接打开。</p>
  <p><a href="${paths.catalog()}">catalog.json</a>：Project Open Data v1.1（DCAT）总目录，列出各区划的目录，供 CKAN 等数据门户采集。</p>
  ${
    index.regions.length
      ? html`<section class="list"><h2>区划</h2><table>
    <thead><tr><th scope="col">区划</th><th scope="col">代码</th><th scope="col">部门</th><th scope="col">单位</th><th scope="col">年度</th><th scope="col">目录</th></tr></thead>
    <tbody>${rows}</tbody></table></section>
  <section><h2>全部事实</h2>${factsLinks(index.years)}</section>`
      : html`<p>还没有收录任何预算。</p>`
  }`,
  );
}

/** GET /opendata/{region}/: the region's departments, and its facts per year. */
export function regionPage(region: PublishedRegion, content: PageContent = {}): string {
  const name = region.name || region.code;
  const rows = region.departments.map(
    (d) => html`
      <tr>
        <td><a href="${paths.department(region.code, d.code)}">${d.name || d.code}</a></td>
        <td>${d.code}</td>
        <td class="num">${d.units.length}</td>
        <td>${[...new Set(d.budgets.map((b) => b.budget.year))].join('、')}</td>
      </tr>`,
  );
  return page(
    `${name}预算公开数据`,
    [ROOT_CRUMB],
    html`
  <p class="meta">行政区划代码 ${region.code} · <a href="${paths.regionCatalog(region.code)}">catalog.json</a>（本区划的 Project Open Data v1.1 目录）</p>
  ${content.overview ?? html``}
  ${narrativeSection(content.narrative)}
  <section class="list"><h2>部门</h2><table>
    <thead><tr><th scope="col">部门</th><th scope="col">代码</th><th scope="col">单位</th><th scope="col">年度</th></tr></thead>
    <tbody>${rows}</tbody></table></section>
  <section><h2>全部事实</h2>${factsLinks(region.years, region.code)}</section>`,
  );
}

/** GET /opendata/{region}/department/{code}/: the department's units and their years. */
export function departmentPage(
  region: PublishedRegion,
  department: PublishedDepartment,
  content: PageContent = {},
): string {
  const rows = department.units.map(
    (u) => html`
      <tr>
        <td><a href="${paths.unit(region.code, u.code)}">${u.name}</a></td>
        <td>${u.code}</td>
        <td class="links">${u.budgets.map(
          (b) =>
            html`<a href="${paths.unit(region.code, u.code)}#${datasetIdentifier(region.code, b.budget.year, u.code)}">${b.budget.year}年</a>`,
        )}</td>
      </tr>`,
  );
  const years = [...new Set(department.budgets.map((b) => b.budget.year))];
  const tables = years.map(
    (year) => html`
    <article id="department-${year}" class="budget">
      <h3>${year}年部门预算 <small>${department.budgets.filter((b) => b.budget.year === year).length}个单位汇总</small></h3>
      <p><a href="${paths.departmentWorkbook(region.code, year, department.code)}">整本工作簿（XLSX，每表一页）</a></p>
      <table>
        <thead><tr><th scope="col">表</th><th scope="col">标题</th><th scope="col">下载</th></tr></thead>
        <tbody>${LAYOUTS.map(
          (layout) => html`
          <tr>
            <td class="no">${tableNumber(layout.no)}</td>
            <td>${layout.title(year).replace('单位', '部门')}</td>
            <td class="links">${TABLE_FORMATS.map(
              (format) =>
                html`<a href="${paths.departmentTable(region.code, year, department.code, layout.no, format)}">${format.toUpperCase()}</a>`,
            )}</td>
          </tr>`,
        )}</tbody>
      </table>
    </article>`,
  );
  return page(
    department.name || department.code,
    [ROOT_CRUMB, [paths.region(region.code), region.name || region.code]],
    html`
  <p class="meta">部门代码 ${department.code} · ${department.units.length}个单位</p>
  ${content.overview ?? html``}
  ${narrativeSection(content.narrative)}
  <section class="list"><h2>单位</h2><table>
    <thead><tr><th scope="col">单位</th><th scope="col">代码</th><th scope="col">预算</th></tr></thead>
    <tbody>${rows}</tbody></table></section>
  <section><h2>部门预算</h2>
  <p class="meta">各单位最新版本预算的汇总，按公开文件的版式：部门行之下列出每个单位。</p>
  ${tables}</section>`,
  );
}

/** GET /opendata/{region}/unit/{code}/: every year of the unit's budget, each table in three formats. */
export function unitPage(
  region: PublishedRegion,
  department: PublishedDepartment,
  unit: PublishedDepartment['units'][number],
  content: PageContent = {},
): string {
  return page(
    unit.name,
    [
      ROOT_CRUMB,
      [paths.region(region.code), region.name || region.code],
      [paths.department(region.code, department.code), department.name || department.code],
    ],
    html`
  <p class="meta">单位代码 ${unit.code}${department.name ? ` · ${department.name}` : ''}</p>
  ${content.overview ?? html``}
  ${narrativeSection(content.narrative)}
  <section><h2>各年预算与下载</h2>
  ${unit.budgets.map((b, i) => budgetSection(b, content.tables?.get(b.budget.id), i === 0))}</section>`,
  );
}
