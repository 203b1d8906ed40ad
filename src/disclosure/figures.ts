import {
  FUND_KEYS,
  isKeyOf,
  PRIOR_YEAR_METRICS,
  type PriorYearMetric,
  THREE_PUBLIC_KEYS,
} from '../domain.js';
import { change, formatWan, percentOf, sum, type Yuan } from '../money.js';
import {
  type BudgetContext,
  FUND_SETS,
  type FunctionalFilter,
  type FundSet,
  type FundSetName,
} from './context.js';
import type { Disclosure } from './facts.js';

/**
 * Headline figures of a budget by metric name ("basic.share", "functional.201",
 * "threePublic.total.change.percent"): what a narrative states and what the checks compare.
 * Amounts are 万元 strings, shares and changes percentage strings, counts integers.
 */
interface AmountMetric {
  amount: (ctx: BudgetContext) => Yuan;
  /** prior-year metric to compare with */
  prior?: PriorYearMetric;
  /** whether a share of total spending is meaningful */
  share?: boolean;
}

/** The metrics of a budget (those of its subjects and projects only when it is given). */
function amountMetrics(d: Disclosure | null, funds?: FundSet): Record<string, AmountMetric> {
  const spent =
    (filter: FunctionalFilter = {}) =>
    (c: BudgetContext) =>
      c.functional({ ...filter, funds });
  const metrics: Record<string, AmountMetric> = {
    total: { amount: spent(), prior: 'total' },
    basic: { amount: spent({ groups: ['personnel', 'public'] }), share: true },
    project: { amount: spent({ groups: ['project'] }), share: true },
    personnel: { amount: spent({ groups: ['personnel'] }), share: true },
    publicExpense: { amount: spent({ groups: ['public'] }), share: true },
  };
  for (const code of new Set(
    (d?.functional ?? []).flatMap((f) => [
      f.subjectCode.slice(0, 3),
      f.subjectCode.slice(0, 5),
      f.subjectCode,
    ]),
  )) {
    metrics[`functional.${code}`] = subjectMetric(code, funds);
  }
  // figures of the whole budget, not of one source of funds
  if (funds) return metrics;
  Object.assign(metrics, {
    'income.total': { amount: (c: BudgetContext) => c.income(FUND_SETS.all) },
    'income.carryover': { amount: (c: BudgetContext) => c.income(FUND_SETS.carryover) },
    'threePublic.total': {
      amount: (c: BudgetContext) => sum(THREE_PUBLIC_KEYS.map((k) => c.threePublic(k))),
      prior: 'threePublicTotal',
    },
    'threePublic.vehicle': {
      amount: (c: BudgetContext) => c.threePublic('vehiclePurchase') + c.threePublic('vehicleOperation'),
      prior: 'vehicle',
    },
    operatingCosts: { amount: (c: BudgetContext) => c.operatingCosts(), prior: 'operatingCosts' },
    'procurement.total': { amount: (c: BudgetContext) => sum(c.d.procurement.map((p) => p.amount)) },
    'projects.total': { amount: (c: BudgetContext) => c.projectAmount(null) },
    'assets.fixedTotal': { amount: (c: BudgetContext) => sum(c.d.assets.map((a) => a.amount ?? 0)) },
  } satisfies Record<string, AmountMetric>);
  for (const fund of FUND_KEYS) {
    metrics[`income.${fund}`] = { amount: (c) => c.income([fund]) };
    metrics[`fund.${fund}`] = {
      amount: (c) => c.functional({ funds: [fund] }),
      prior: isKeyOf(PRIOR_YEAR_METRICS, fund) ? fund : undefined,
      share: true,
    };
  }
  for (const item of THREE_PUBLIC_KEYS)
    metrics[`threePublic.${item}`] = { amount: (c) => c.threePublic(item), prior: item };
  for (const p of d?.projects ?? []) metrics[`project.${p.code}`] = projectMetric(p.code);
  return metrics;
}

/** A functional 类, 款 or 项's spending (functional.201), of some funds or all. */
const subjectMetric = (code: string, funds?: FundSet): AmountMetric => ({
  amount: (c) => c.functional({ under: code, funds }),
  share: true,
});

/** A project's amount (project.<code>). */
const projectMetric = (code: string): AmountMetric => ({ amount: (c) => c.projectAmount(code), share: true });

/**
 * One metric of a budget by scope, or undefined when it has no such metric. The metrics every
 * budget has (amountMetrics(null)) are made once per scope for all budgets; a subject's or a
 * project's only for the budgets whose facts name it, once per budget (a narrative asks for dozens).
 */
function metricOf(ctx: BudgetContext, scope: string | undefined, base: string): AmountMetric | undefined {
  let common = commonMetrics.get(scope ?? '');
  if (!common) {
    common = amountMetrics(null, scope ? FUND_SETS[scope as FundSetName] : undefined);
    commonMetrics.set(scope ?? '', common);
  }
  if (Object.hasOwn(common, base)) return common[base];
  let own = ownMetrics.get(ctx);
  if (!own) {
    own = new Map();
    ownMetrics.set(ctx, own);
  }
  const key = `${scope ?? ''}|${base}`;
  if (!own.has(key)) own.set(key, ownMetric(ctx, scope, base));
  return own.get(key);
}
const commonMetrics = new Map<string, Record<string, AmountMetric>>();
const ownMetrics = new WeakMap<BudgetContext, Map<string, AmountMetric | undefined>>();

/** A metric of a budget's own subjects or projects, as amountMetrics(d) has it. */
function ownMetric(ctx: BudgetContext, scope: string | undefined, base: string): AmountMetric | undefined {
  const dot = base.indexOf('.');
  const kind = base.slice(0, dot);
  const code = base.slice(dot + 1);
  // the codes amountMetrics(d) lists: each fact's 项 and its 类 and 款
  const named = (f: { subjectCode: string }) =>
    f.subjectCode === code || ((code.length === 3 || code.length === 5) && f.subjectCode.startsWith(code));
  if (kind === 'functional' && ctx.d.functional.some(named))
    return subjectMetric(code, scope ? FUND_SETS[scope as FundSetName] : undefined);
  if (kind === 'project' && !scope && ctx.d.projects.some((p) => p.code === code)) return projectMetric(code);
  return undefined;
}

const METRIC = /^(.*?)(?:@(\w+))?(?:\.(share|change\.delta|change\.percent|change\.previous))?$/;

/** A metric's name in its parts: base, scope (a FUND_SETS name) and aspect (share, change.…). */
interface MetricName {
  base: string;
  scope: string | undefined;
  aspect: string | undefined;
}

/**
 * A metric name parsed (once per name: a narrative's checks ask for 60 metrics a document, the
 * same names in every document); a bound keeps a long import's project and subject metrics from
 * piling up.
 */
function metricName(metric: string): MetricName {
  let parsed = metricNames.get(metric);
  if (!parsed) {
    const [, base, scope, aspect] = METRIC.exec(metric)!;
    parsed = { base: base!, scope, aspect };
    if (metricNames.size >= METRIC_NAMES_KEPT) metricNames.clear();
    metricNames.set(metric, parsed);
  }
  return parsed;
}
const metricNames = new Map<string, MetricName>();
const METRIC_NAMES_KEPT = 10_000;

/**
 * Whether the facts cannot give a metric of one source of funds: some spending is recorded for
 * several sources together (unsplit) and only part of them are the metric's. A narrative figure
 * of such a metric is what the document knows and the tables do not say.
 */
export function metricUndetermined(ctx: BudgetContext, metric: string): boolean {
  const { base, scope } = metricName(metric);
  const fund = base.startsWith('fund.') ? /^fund\.(\w+)$/.exec(base)?.[1] : undefined;
  const funds: readonly string[] | undefined = scope
    ? (FUND_SETS as Record<string, readonly string[]>)[scope]
    : fund
      ? [fund]
      : undefined;
  if (!funds) return false;
  return fundKeysOf(ctx).some(
    (parts) => parts.some((x) => funds.includes(x)) && !parts.every((x) => funds.includes(x)),
  );
}

/** The distinct fund keys of a context's spending facts, each split into its funds (once per context). */
const fundKeyCache = new WeakMap<BudgetContext, string[][]>();
function fundKeysOf(ctx: BudgetContext): string[][] {
  let keys = fundKeyCache.get(ctx);
  if (!keys) {
    const distinct = new Set<string>();
    for (const f of ctx.d.functional) distinct.add(f.fund);
    for (const e of ctx.d.economic) distinct.add(e.fund);
    keys = [...distinct].map((k) => k.split('+'));
    fundKeyCache.set(ctx, keys);
  }
  return keys;
}

/** The prior-year figure (PRIOR_YEAR_METRICS) a metric's changes compare with, if it has one. */
export function priorMetricOf(metric: string): PriorYearMetric | undefined {
  const { base, scope } = metricName(metric);
  baseMetrics ??= amountMetrics(null);
  return scope ? undefined : baseMetrics[base]?.prior;
}
/** the metrics every budget has (none of its subjects or projects): the same for all */
let baseMetrics: Record<string, AmountMetric> | undefined;

/** The value of one metric, or undefined when Yusuan does not know that metric. */
export function metricValue(ctx: BudgetContext, metric: string): string | null | undefined {
  if (metric === 'projects.count') return String(ctx.d.projects.length);
  if (metric === 'assets.vehicleCount')
    return String(ctx.d.assets.find((a) => a.item === 'vehicles')?.count ?? 0);
  const { base, scope, aspect } = metricName(metric);
  if (scope && !isKeyOf(FUND_SETS, scope)) return undefined;
  const funds = scope ? FUND_SETS[scope as FundSetName] : undefined;
  const definition = metricOf(ctx, scope, base);
  if (!definition) return undefined;
  const value = definition.amount(ctx);
  if (!aspect) return formatWan(value);
  // a share is of the budget's total spending, or of one source's total where the metric names it
  if (aspect === 'share') return definition.share ? percentOf(value, ctx.functional({ funds })) : undefined;
  const previous = definition.prior ? ctx.priorYear(definition.prior) : null;
  if (previous === null) return null;
  const c = change(value, previous);
  if (aspect === 'change.delta') return formatWan(c.delta);
  if (aspect === 'change.previous') return formatWan(c.previous);
  return c.percent;
}

/** The headline figures a page shows, in order: 支出总计, 基本支出, 项目支出, “三公”经费, 机关运行经费. */
export const HEADLINE_METRICS = ['total', 'basic', 'project', 'threePublic.total', 'operatingCosts'] as const;
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

export interface HeadlineFigure {
  metric: string;
  /** yuan, for charts; the printed figures are the strings */
  amount: Yuan;
  value: string;
  /** share of the budget's total spending */
  share: string | null;
  /** change from the year before: from the prior-year budget when given, else as the document states it */
  change: { previous: string; delta: string; percent: string | null } | null;
}

/** The amount of a metric without aspect (functional.201, threePublic.total …), or undefined when unknown. */
export function metricAmount(ctx: BudgetContext, metric: string): Yuan | undefined {
  return metricOf(ctx, undefined, metric)?.amount(ctx);
}

/**
 * A headline figure with its share of total spending and its change: against the stored budget
 * of the year before when there is one (as GraphQL's Amount.change), else the prior-year figure
 * the disclosure states.
 */
export function headlineFigure(
  ctx: BudgetContext,
  metric: string,
  prior?: BudgetContext | null,
): HeadlineFigure {
  const amount = metricAmount(ctx, metric) ?? 0;
  const stated = priorMetricOf(metric);
  const previous = prior ? (metricAmount(prior, metric) ?? 0) : stated ? ctx.priorYear(stated) : null;
  const c = previous === null ? null : change(amount, previous);
  return {
    metric,
    amount,
    value: formatWan(amount),
    share: percentOf(amount, ctx.functional()),
    change: c && { previous: formatWan(c.previous), delta: formatWan(c.delta), percent: c.percent },
  };
}
