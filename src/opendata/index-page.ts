import { LAYOUTS } from '../disclosure/layouts.js';
import type { PublishedBudget } from './budgets.js';
import { datasetIdentifier, factsIdentifier, paths, TABLE_FORMATS, tableNumber } from './files.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Markup already built and escaped. */
class Html {
  constructor(readonly html: string) {}
}

/** Builds HTML from a template, escaping every interpolated value (arrays are joined, already built). */
function html(strings: TemplateStringsArray, ...values: (string | number | Html | Html[])[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const text = Array.isArray(value)
      ? value.map((v) => v.html).join('')
      : value instanceof Html
        ? value.html
        : escapeHtml(value);
    out += text + strings[i + 1]!;
  });
  return new Html(out);
}

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
nav ul { list-style: none; padding: 0; display: flex; gap: 1rem; }
.meta { color: #59636e; margin: 0 0 .5rem; }
`;

function budgetSection(published: PublishedBudget): Html {
  const { budget, unit, department } = published;
  const { year } = budget;
  const rows = LAYOUTS.map(
    (layout) => html`
      <tr>
        <td class="no">${tableNumber(layout.no)}</td>
        <td>${layout.title(year)}</td>
        <td class="links">${TABLE_FORMATS.map(
          (format) =>
            html`<a href="${paths.table(year, unit.code, layout.no, format)}" aria-label="${`${tableNumber(layout.no)} ${layout.title(year)} ${format.toUpperCase()}`}">${format.toUpperCase()}</a>`,
        )}</td>
      </tr>`,
  );
  return html`
    <article id="${datasetIdentifier(year, unit.code)}" class="budget">
      <h3>${unit.name} <small>单位代码 ${unit.code}${department.name ? ` · ${department.name}` : ''}</small></h3>
      <p class="meta">${budget.title} · 第${budget.revision}版 · 导入于 ${budget.importedAt.replace('T', ' ').replace('Z', ' UTC')}</p>
      <p>
        <a href="${paths.workbook(year, unit.code)}">整本工作簿（XLSX，每表一页）</a> ·
        <a href="${paths.datapackage(year, unit.code)}">datapackage.json</a>（Frictionless 数据包描述）
      </p>
      <table>
        <thead><tr><th scope="col">表</th><th scope="col">标题</th><th scope="col">下载</th></tr></thead>
        <tbody>${rows}</tbody>
      </table>
    </article>`;
}

/** GET /opendata: every unit, year and download link, on one small page without scripts. */
export function indexPage(budgets: readonly PublishedBudget[]): string {
  const years = [...new Set(budgets.map((b) => b.budget.year))];
  const sections = years.map((year) => {
    const ofYear = budgets.filter((b) => b.budget.year === year);
    return html`
  <section id="year-${year}" class="year">
    <h2>${year}年 <small>（${ofYear.length}个单位）</small></h2>
    <p id="${factsIdentifier(year)}">
      <a href="${paths.facts(year)}">${year}年全部事实（CSV 长表）</a>：每项事实一行，附全部维度的编码和名称，供 pandas、R 等分析。
      不同事实类型是同一预算的不同视角，求和前请按 <code>fact</code> 列筛选。
    </p>
    ${ofYear.map(budgetSection)}
  </section>`;
  });
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Yusuan 预算公开数据下载</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<header>
  <h1>预算公开数据下载</h1>
  <p>每个单位每年预算公开的14张表，按公开文件的版式提供 CSV、JSON 和 XLSX（金额单位：万元）。
  CSV 的 <code>?bom=1</code> 版本带 UTF-8 BOM，便于 Excel 直接打开。</p>
  <p><a href="${paths.catalog()}">catalog.json</a>：Project Open Data v1.1（DCAT）目录，供 CKAN 等数据门户采集。</p>
  ${years.length ? html`<nav aria-label="年度"><ul>${years.map((y) => html`<li><a href="#year-${y}">${y}年</a></li>`)}</ul></nav>` : html`<p>还没有收录任何预算。</p>`}
</header>
<main>${sections}</main>
</body>
</html>
`.html;
}
