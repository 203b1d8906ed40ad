import { formatWan, percentOf, sum, type Yuan } from '../money.js';
import { escapeHtml, Html, html } from './html.js';

/**
 * Charts of the pages: Apache ECharts drawn on the server as SVG (no browser, no script on the
 * page). The library is loaded on first use, so a server or CLI that draws no page never pays
 * for it. Every chart has its figures as text (role="img", <title>, <desc>), direct labels on
 * its marks, and colours from the Okabe–Ito palette ordered so that neighbours differ in
 * lightness too: readable in grey and by colour-blind readers.
 */
type ECharts = typeof import('echarts');
let library: Promise<ECharts> | undefined;

/** ECharts, imported once per process when the first page is drawn. */
export function chartLibrary(): Promise<ECharts> {
  library ??= import('echarts');
  return library;
}

/** Okabe–Ito, alternating dark and light. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#F0E442',
  '#D55E00',
  '#56B4E9',
  '#CC79A7',
  '#000000',
];
/** text on each palette colour: white on the dark ones, black on the light ones */
const INK = ['#fff', '#000', '#fff', '#000', '#fff', '#000', '#000', '#fff'];

/** drawn at about the width of a column of the page, so that its text stays legible when scaled to a phone */
const CHART_WIDTH = 480;

const FONT = 'system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif';

export interface ChartSpec {
  /** unique on the page: names the chart's title, description and SVG ids */
  id: string;
  title: string;
  /** the chart's figures in words: what a screen reader reads and a search engine indexes */
  description: string;
  width: number;
  height: number;
  option: Record<string, unknown>;
}

/** One chart as inline SVG with its text alternative. The same data draws the same bytes. */
export function chart(echarts: ECharts, spec: ChartSpec): Html {
  const instance = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  let svg: string;
  try {
    instance.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: FONT, fontSize: 14, color: '#1f2328' },
      ...spec.option,
    });
    svg = instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
  // zrender numbers its ids and classes by counters of the process: number them by the chart instead
  const titleId = `${spec.id}-title`;
  const descId = `${spec.id}-desc`;
  const renamed = new Map<string, string>();
  svg = svg
    .replace(/\bzr\d+-[\w-]*?\d+\b/g, (token) => {
      if (!renamed.has(token)) renamed.set(token, `${spec.id}-${renamed.size}`);
      return renamed.get(token)!;
    })
    .replace(
      /^<svg /,
      `<svg role="img" aria-labelledby="${titleId} ${descId}" preserveAspectRatio="xMinYMin meet" `,
    )
    .replace(
      /^(<svg[^>]*>)/,
      `$1<title id="${titleId}">${escapeHtml(spec.title)}</title><desc id="${descId}">${escapeHtml(spec.description)}</desc>`,
    );
  return html`<figure class="chart" id="${spec.id}"><figcaption>${spec.title}</figcaption>${new Html(svg)}</figure>`;
}

export interface Slice {
  name: string;
  amount: Yuan;
}

/** 万元 as a number: the geometry of a mark only; every printed figure is formatWan's string. */
const wanNumber = (yuan: Yuan) => yuan / 10_000;

const listed = (slices: readonly Slice[], whole: Yuan) =>
  slices
    .map((s) => `${s.name} ${formatWan(s.amount)}万元（${percentOf(s.amount, whole) ?? '—'}%）`)
    .join('；');

/** Parts of a whole as one bar, each part labelled with its amount and share (基本支出 / 项目支出). */
export function partsChart(echarts: ECharts, id: string, title: string, parts: readonly Slice[]): Html {
  const whole = sum(parts.map((p) => p.amount));
  const shown = parts.filter((p) => p.amount);
  return chart(echarts, {
    id,
    title,
    description: `合计 ${formatWan(whole)}万元：${listed(shown, whole)}。`,
    width: CHART_WIDTH,
    height: 60 + 44 * shown.length,
    option: {
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false, max: wanNumber(Math.max(...shown.map((p) => p.amount), 1)) * 2.4 },
      yAxis: { type: 'category', show: false, inverse: true, data: shown.map((p) => p.name) },
      series: [
        {
          type: 'bar',
          barWidth: 28,
          data: shown.map((p, i) => ({
            value: wanNumber(p.amount),
            itemStyle: { color: PALETTE[i % PALETTE.length] },
          })),
          label: {
            show: true,
            position: 'right',
            formatter: ({ dataIndex }: { dataIndex: number }) => {
              const p = shown[dataIndex]!;
              return `${p.name} ${formatWan(p.amount)}万元 · ${percentOf(p.amount, whole) ?? '—'}%`;
            },
          },
        },
      ],
    },
  });
}

/** Items ranked by amount as horizontal bars with their figures (units of a department, sources of funds). */
export function rankedChart(
  echarts: ECharts,
  id: string,
  title: string,
  items: readonly Slice[],
  whole: Yuan = sum(items.map((i) => i.amount)),
): Html {
  const ranked = [...items].filter((i) => i.amount).sort((a, b) => b.amount - a.amount);
  const longest = Math.max(...ranked.map((r) => r.name.length), 2);
  return chart(echarts, {
    id,
    title,
    description: `共${ranked.length}项，从大到小：${listed(ranked, whole)}。`,
    width: CHART_WIDTH,
    height: 40 + 34 * ranked.length,
    option: {
      grid: { left: 8, right: 120, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        data: ranked.map((r) => r.name),
        axisTick: { show: false },
        axisLabel: {
          width: Math.min(longest, 10) * 14,
          overflow: 'truncate',
          color: '#1f2328',
          fontSize: 13,
        },
      },
      series: [
        {
          type: 'bar',
          barWidth: 20,
          data: ranked.map((r) => wanNumber(r.amount)),
          itemStyle: { color: PALETTE[0] },
          label: {
            show: true,
            position: 'right',
            formatter: ({ dataIndex }: { dataIndex: number }) => {
              const r = ranked[dataIndex]!;
              return `${formatWan(r.amount)} · ${percentOf(r.amount, whole) ?? '—'}%`;
            },
          },
        },
      ],
    },
  });
}

export interface Series {
  name: string;
  /** by year, in the order of the chart's years; null where the year has no budget */
  amounts: (Yuan | null)[];
}

/** Figures over the years as grouped bars, each labelled (“三公”经费 and 机关运行经费). */
export function yearsChart(
  echarts: ECharts,
  id: string,
  title: string,
  years: readonly number[],
  series: readonly Series[],
): Html {
  const description = series
    .map(
      (s) =>
        `${s.name}：${years.map((y, i) => `${y}年 ${s.amounts[i] === null ? '无' : `${formatWan(s.amounts[i]!)}万元`}`).join('，')}`,
    )
    .join('；');
  return chart(echarts, {
    id,
    title,
    description: `${description}。`,
    width: CHART_WIDTH,
    height: 300,
    option: {
      legend: { top: 0, left: 0, itemGap: 24, textStyle: { fontSize: 14, color: '#1f2328' } },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: years.map((y) => `${y}年`), axisTick: { show: false } },
      yAxis: {
        type: 'value',
        // room above the tallest bar for its label, below the legend
        max: ({ max }: { max: number }) => max * 1.15,
        axisLabel: { show: false },
        splitLine: { lineStyle: { color: '#d8dee4' } },
      },
      series: series.map((s, n) => ({
        type: 'bar',
        name: s.name,
        barMaxWidth: 48,
        itemStyle: { color: PALETTE[n % PALETTE.length], borderColor: '#1f2328', borderWidth: 1 },
        data: s.amounts.map((a) => (a === null ? null : wanNumber(a))),
        label: {
          show: true,
          position: 'top',
          formatter: ({ dataIndex }: { dataIndex: number }) => formatWan(s.amounts[dataIndex] ?? 0),
        },
      })),
    },
  });
}

export interface SubjectNode {
  code: string;
  name: string;
  amount: Yuan;
  children: SubjectNode[];
}

/** Functional spending 类 → 款 → 项 as a treemap, each 类 its own colour, every block labelled. */
export function subjectsChart(
  echarts: ECharts,
  id: string,
  title: string,
  classes: readonly SubjectNode[],
): Html {
  const whole = sum(classes.map((c) => c.amount));
  const node = (s: SubjectNode, colour: number): Record<string, unknown> => ({
    name: `${s.code} ${s.name}`,
    value: wanNumber(s.amount),
    amount: formatWan(s.amount),
    share: percentOf(s.amount, whole) ?? '—',
    children: s.children.length ? s.children.map((c) => node(c, colour)) : undefined,
    // a 类 is framed in its colour, its name on the frame; 款 and 项 are blocks of that colour
    itemStyle: {
      color: PALETTE[colour % PALETTE.length],
      borderColor: s.code.length === 3 ? PALETTE[colour % PALETTE.length] : '#fff',
    },
    label: { color: INK[colour % INK.length] },
    upperLabel: { color: INK[colour % INK.length] },
  });
  const description = classes
    .map(
      (c) =>
        `${c.code} ${c.name} ${formatWan(c.amount)}万元（${percentOf(c.amount, whole) ?? '—'}%）${
          c.children.length ? `，其中 ${listed(c.children, whole)}` : ''
        }`,
    )
    .join('。');
  return chart(echarts, {
    id,
    title,
    description: `合计 ${formatWan(whole)}万元。${description}。`,
    width: CHART_WIDTH,
    height: 400,
    option: {
      series: [
        {
          type: 'treemap',
          left: 0,
          right: 0,
          top: 0,
          bottom: 0,
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          data: classes.filter((c) => c.amount).map((c, i) => node(c, i)),
          label: {
            show: true,
            overflow: 'truncate',
            formatter: (p: { data: { name: string; amount: string; share: string } }) =>
              `${p.data.name}\n${p.data.amount}万元 · ${p.data.share}%`,
          },
          upperLabel: {
            show: true,
            height: 22,
            formatter: (p: { data: { name: string; amount: string } }) => `${p.data.name} ${p.data.amount}`,
          },
          levels: [
            // the root: no frame, gaps between the 类
            { itemStyle: { borderWidth: 0, gapWidth: 3 }, upperLabel: { show: false } },
            { itemStyle: { borderWidth: 2, gapWidth: 1 }, upperLabel: { show: true } },
            { itemStyle: { borderWidth: 1, gapWidth: 1 }, upperLabel: { show: false } },
            { itemStyle: { borderWidth: 0 } },
          ],
        },
      ],
    },
  });
}
