import type { Db } from '../db/client.js';
import { loadCatalog, loadDisclosures } from '../db/disclosures.js';
import { BudgetContext } from '../disclosure/context.js';
import { departmentContext } from '../disclosure/department.js';
import {
  HEADLINE_METRICS,
  type HeadlineFigure,
  headlineFigure,
  metricAmount,
} from '../disclosure/figures.js';
import type { RenderedTable } from '../disclosure/render.js';
import { FUND_KEYS, FUNDS } from '../domain.js';
import { formatWan } from '../money.js';
import type { PublishedBudget } from './budgets.js';
import {
  type chartLibrary,
  partsChart,
  rankedChart,
  type Slice,
  type SubjectNode,
  subjectsChart,
  yearsChart,
} from './charts.js';
import { type Html, html } from './html.js';

type ECharts = Awaited<ReturnType<typeof chartLibrary>>;

/** One year of what a page shows: a unit's budget, or the sum of a department's or region's units. */
export interface YearView {
  year: number;
  ctx: BudgetContext;
  /** the same scope the year before, when stored: what changes compare with */
  prior: BudgetContext | null;
  /** the budgets it is made of */
  budgets: readonly PublishedBudget[];
}

/**
 * The years of some budgets as contexts, newest first: one unit's (each year its own budget) or
 * a consolidated scope's (each year the sum of its units' latest budgets, as departmentContext
 * and GraphQL's consolidated budgets add them up).
 */
export function yearViews(
  db: Db,
  budgets: readonly PublishedBudget[],
  scope?: { code: string; name: string },
): YearView[] {
  const disclosures = loadDisclosures(
    db,
    budgets.map((b) => b.budget.id),
  );
  const catalog = loadCatalog(db);
  const years = [...new Set(budgets.map((b) => b.budget.year))].sort((a, b) => b - a);
  const contexts = new Map(
    years.map((year) => {
      const members = budgets.filter((b) => b.budget.year === year);
      const units = members.map((m) => disclosures.get(m.budget.id)!);
      const ctx = scope ? departmentContext(scope, units, catalog) : new BudgetContext(units[0]!, catalog);
      return [year, { ctx, members }] as const;
    }),
  );
  return years.map((year) => ({
    year,
    ctx: contexts.get(year)!.ctx,
    prior: contexts.get(year - 1)?.ctx ?? null,
    budgets: contexts.get(year)!.members,
  }));
}

const HEADLINE_NAMES: Record<(typeof HEADLINE_METRICS)[number], string> = {
  total: '支出总计',
  basic: '基本支出',
  project: '项目支出',
  'threePublic.total': '“三公”经费',
  operatingCosts: '机关运行经费',
};

const signed = (text: string) => (text.startsWith('-') ? text.replace('-', '−') : `+${text}`);

function changeText(f: HeadlineFigure): string {
  if (!f.change) return '上年无可比数';
  if (f.change.delta === '0.00') return `与上年持平（上年 ${f.change.previous}）`;
  const percent = f.change.percent === null ? '' : `，${signed(f.change.percent)}%`;
  return `比上年 ${signed(f.change.delta)}万元${percent}（上年 ${f.change.previous}）`;
}

/** The headline figures of a year: amount, share of total spending, change from the year before. */
export function figuresSection(view: YearView): Html {
  const figures = HEADLINE_METRICS.map((m) => headlineFigure(view.ctx, m, view.prior));
  return html`<section class="figures" aria-labelledby="figures-${view.year}">
    <h2 id="figures-${view.year}">${view.year}年主要数字 <small>金额单位：万元</small></h2>
    ${
      view.prior?.members && view.prior.units.length !== view.ctx.units.length
        ? html`<p class="meta">${view.year}年为${view.ctx.units.length}个单位之和，上年为${view.prior.units.length}个单位之和。</p>`
        : html``
    }
    <dl class="headline">${figures.map(
      (f) => html`<div data-metric="${f.metric}">
        <dt>${HEADLINE_NAMES[f.metric as keyof typeof HEADLINE_NAMES]}</dt>
        <dd class="amount" data-value="${f.value}">${f.value}</dd>
        <dd class="share">占支出总计 <span data-share="${f.share ?? ''}">${f.share ?? '—'}%</span></dd>
        <dd class="change"${f.change?.percent ? html` data-change="${f.change.percent}"` : html``}>${changeText(f)}</dd>
      </div>`,
    )}</dl>
  </section>`;
}

/** The functional subjects with spending, 类 → 款 → 项, from the facts. */
export function subjectTree(ctx: BudgetContext): SubjectNode[] {
  const codes = [...new Set(ctx.d.functional.filter((f) => f.amount).map((f) => f.subjectCode))].sort();
  const node = (code: string): SubjectNode => {
    const length = code.length === 3 ? 5 : 7;
    const children =
      code.length < 7
        ? [...new Set(codes.filter((c) => c.startsWith(code)).map((c) => c.slice(0, length)))]
        : [];
    return {
      code,
      name: ctx.label('functional', code),
      amount: ctx.functional({ under: code }),
      children: children.filter((c) => c.length > code.length).map(node),
    };
  };
  return [...new Set(codes.map((c) => c.slice(0, 3)))].map(node);
}

/** The functional subjects as a table (the treemap's figures, for reading and for copying). */
export function subjectsTable(view: YearView): Html {
  const total = view.ctx.functional();
  const rows: Html[] = [];
  const walk = (nodes: SubjectNode[], level: number) => {
    for (const n of nodes) {
      const f = headlineFigure(view.ctx, `functional.${n.code}`, null);
      const basic = view.ctx.functional({ under: n.code, groups: ['personnel', 'public'] });
      const project = view.ctx.functional({ under: n.code, groups: ['project'] });
      rows.push(html`<tr class="level-${level}" data-subject="${n.code}">
        <th scope="row"><span class="code">${n.code}</span> ${n.name}</th>
        <td class="num" data-amount="${f.value}">${f.value}</td>
        <td class="num">${formatWan(basic)}</td>
        <td class="num">${formatWan(project)}</td>
        <td class="num">${f.share ?? ''}</td>
      </tr>`);
      walk(n.children, level + 1);
    }
  };
  walk(subjectTree(view.ctx), 1);
  return html`<div class="scroll" role="region" aria-label="${view.year}年按功能分类的支出" tabindex="0"><table class="subjects">
    <caption>${view.year}年支出按功能分类（类 → 款 → 项，万元）</caption>
    <thead><tr><th scope="col">科目</th><th scope="col">合计</th><th scope="col">基本支出</th><th scope="col">项目支出</th><th scope="col">占比 %</th></tr></thead>
    <tbody>${rows}</tbody>
    <tfoot><tr><th scope="row">支出总计</th><td class="num" data-amount="${formatWan(total)}">${formatWan(total)}</td>
      <td class="num">${formatWan(view.ctx.functional({ groups: ['personnel', 'public'] }))}</td>
      <td class="num">${formatWan(view.ctx.functional({ groups: ['project'] }))}</td><td class="num">100.00</td></tr></tfoot>
  </table></div>`;
}

/** Rankings a consolidated page adds: its units (and a region's departments) by total spending. */
export interface Ranking {
  title: string;
  items: Slice[];
}

/**
 * The charts of a year: where the money goes (类 → 款 → 项), basic against project, income by
 * source of funds, “三公” and operating costs over every stored year, and any rankings.
 */
export function chartsSection(
  echarts: ECharts,
  views: readonly YearView[],
  rankings: readonly Ranking[] = [],
): Html {
  const view = views[0]!;
  const { ctx, year } = view;
  const at = (name: string) => `chart-${year}-${name}`;
  const incomes: Slice[] = FUND_KEYS.map((fund) => ({ name: FUNDS[fund].label, amount: ctx.income([fund]) }));
  const ascending = [...views].reverse();
  const charts = [
    subjectsChart(echarts, at('subjects'), `${year}年支出按功能分类（类 → 款 → 项）`, subjectTree(ctx)),
    partsChart(echarts, at('groups'), `${year}年基本支出与项目支出`, [
      { name: '基本支出', amount: metricAmount(ctx, 'basic')! },
      { name: '项目支出', amount: metricAmount(ctx, 'project')! },
    ]),
    rankedChart(echarts, at('funds'), `${year}年收入按资金来源`, incomes),
    yearsChart(
      echarts,
      at('years'),
      '历年“三公”经费与机关运行经费（万元）',
      ascending.map((v) => v.year),
      [
        { name: '“三公”经费', amounts: ascending.map((v) => metricAmount(v.ctx, 'threePublic.total')!) },
        { name: '机关运行经费', amounts: ascending.map((v) => metricAmount(v.ctx, 'operatingCosts')!) },
      ],
    ),
    ...rankings.map((r, i) => rankedChart(echarts, at(`ranking-${i + 1}`), r.title, r.items)),
  ];
  return html`<section class="charts" aria-labelledby="charts-${year}">
    <h2 id="charts-${year}">${year}年钱花在哪里</h2>
    <div class="chart-grid">${charts}</div>
    ${subjectsTable(view)}
  </section>`;
}

/**
 * One of the 14 tables as an accessible HTML table: its caption, column headers (merged as
 * printed, scope col/colgroup), each row's label as its row header, inside its own scroller.
 */
export function tableHtml(table: RenderedTable, id: string, downloads: Html): Html {
  const depth = table.header.length;
  const header = Array.from({ length: depth }, (_, row) =>
    table.headerCells
      .filter((c) => c.row === row)
      .map(
        (c) =>
          html`<th scope="${c.colSpan > 1 ? 'colgroup' : 'col'}"${c.colSpan > 1 ? html` colspan="${c.colSpan}"` : html``}${c.rowSpan > 1 ? html` rowspan="${c.rowSpan}"` : html``}>${c.label}</th>`,
      ),
  );
  const firstAmount = table.leaves.findIndex((l) => l.type === 'amount');
  const rowHeader = Math.max(firstAmount - 1, 0);
  const rows = table.rows.map(
    (row) =>
      html`<tr class="${row.kind}">${row.cells.map((cell, i) =>
        i === rowHeader
          ? html`<th scope="row">${cell}</th>`
          : table.leaves[i]!.type === 'amount'
            ? html`<td class="num">${cell}</td>`
            : html`<td>${cell}</td>`,
      )}</tr>`,
  );
  return html`<section class="table" id="${id}">
    <div class="scroll" role="region" aria-labelledby="${id}-caption" tabindex="0"><table>
      <caption id="${id}-caption">${table.title} <small>单位：万元</small></caption>
      <thead>${header.map((cells) => html`<tr>${cells}</tr>`)}</thead>
      <tbody>${rows}</tbody>
    </table></div>
    ${table.notes.length ? html`<ul class="notes">${table.notes.map((n) => html`<li>${n}</li>`)}</ul>` : html``}
    <p class="downloads">${downloads}</p>
  </section>`;
}

/** A page's overview: the latest year's figures and charts, then each earlier year's figures. */
export function overview(
  echarts: ECharts,
  views: readonly YearView[],
  rankings: readonly Ranking[] = [],
): Html {
  const [latest, ...earlier] = views;
  if (!latest) return html``;
  return html`${figuresSection(latest)}
  ${chartsSection(echarts, views, rankings)}
  ${earlier.map(
    (v) =>
      html`<details class="earlier"><summary>${v.year}年主要数字与功能分类</summary>${figuresSection(v)}${subjectsTable(v)}</details>`,
  )}`;
}

/** The units of a consolidated year by total spending (a department's, or a region's). */
export function unitRanking(view: YearView): Ranking {
  return {
    title: `${view.year}年各单位支出总计`,
    items: view.ctx.units.map((u) => ({ name: u.d.unit.name, amount: u.functional() })),
  };
}

/** A region's departments by the total of their units' budgets. */
export function departmentRanking(view: YearView): Ranking {
  const totals = new Map<string, Slice>();
  view.budgets.forEach((b, i) => {
    const key = b.department.code;
    const slice = totals.get(key) ?? { name: b.department.name || key, amount: 0 };
    slice.amount += view.ctx.units[i]!.functional();
    totals.set(key, slice);
  });
  return { title: `${view.year}年各部门支出总计`, items: [...totals.values()] };
}
