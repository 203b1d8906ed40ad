import { FUND_KEYS, isKeyOf, THREE_PUBLIC_KEYS } from '../domain.js';
import { change, formatWan, percentOf, sum, type Yuan } from '../money.js';
import { type BudgetContext, FUND_SETS } from './context.js';

/**
 * Headline figures of a budget by metric name ("basic.share", "functional.201",
 * "threePublic.total.change.percent"): what a narrative states and what the checks compare.
 * Amounts are 万元 strings, shares and changes percentage strings, counts integers.
 */
interface AmountMetric {
  amount: (ctx: BudgetContext) => Yuan;
  /** prior-year metric to compare with */
  prior?: string;
  /** whether a share of total spending is meaningful */
  share?: boolean;
}

function amountMetrics(ctx: BudgetContext): Record<string, AmountMetric> {
  const metrics: Record<string, AmountMetric> = {
    total: { amount: (c) => c.totalExpenditure(), prior: 'total' },
    basic: { amount: (c) => c.functional({ groups: ['personnel', 'public'] }), share: true },
    project: { amount: (c) => c.functional({ groups: ['project'] }), share: true },
    personnel: { amount: (c) => c.functional({ groups: ['personnel'] }), share: true },
    publicExpense: { amount: (c) => c.functional({ groups: ['public'] }), share: true },
    'income.carryover': { amount: (c) => c.income(FUND_SETS.carryover) },
    'threePublic.total': {
      amount: (c) => sum(THREE_PUBLIC_KEYS.map((k) => c.threePublic(k))),
      prior: 'threePublicTotal',
    },
    'threePublic.vehicle': {
      amount: (c) => c.threePublic('vehiclePurchase') + c.threePublic('vehicleOperation'),
    },
    operatingCosts: { amount: (c) => c.operatingCosts(), prior: 'operatingCosts' },
    'procurement.total': { amount: (c) => sum(c.d.procurement.map((p) => p.amount)) },
    'projects.total': { amount: (c) => c.projectAmount(null) },
    'assets.fixedTotal': { amount: (c) => sum(c.d.assets.map((a) => a.amount ?? 0)) },
  };
  for (const fund of FUND_KEYS) {
    metrics[`income.${fund}`] = { amount: (c) => c.income([fund]) };
    metrics[`fund.${fund}`] = { amount: (c) => c.functional({ funds: [fund] }), prior: fund, share: true };
  }
  for (const item of THREE_PUBLIC_KEYS)
    metrics[`threePublic.${item}`] = { amount: (c) => c.threePublic(item), prior: item };
  for (const code of new Set(
    ctx.d.functional.flatMap((f) => [f.subjectCode.slice(0, 3), f.subjectCode.slice(0, 5), f.subjectCode]),
  )) {
    metrics[`functional.${code}`] = { amount: (c) => c.functional({ under: code }), share: true };
  }
  for (const p of ctx.d.projects)
    metrics[`project.${p.code}`] = { amount: (c) => c.projectAmount(p.code), share: true };
  return metrics;
}

/** The value of one metric, or undefined when Yusuan does not know that metric. */
export function metricValue(ctx: BudgetContext, metric: string): string | null | undefined {
  const counts: Record<string, () => number> = {
    'projects.count': () => ctx.d.projects.length,
    'assets.vehicleCount': () => ctx.d.assets.find((a) => a.item === 'vehicles')?.count ?? 0,
  };
  if (isKeyOf(counts, metric)) return String(counts[metric]!());
  const metrics = amountMetrics(ctx);
  const match = /^(.*?)(?:\.(share|change\.delta|change\.percent|change\.previous))?$/.exec(metric)!;
  const base = match[1]!;
  const aspect = match[2];
  const definition = metrics[base];
  if (!definition) return undefined;
  const value = definition.amount(ctx);
  if (!aspect) return formatWan(value);
  if (aspect === 'share') return definition.share ? percentOf(value, ctx.totalExpenditure()) : undefined;
  const previous = definition.prior ? ctx.priorYear(definition.prior) : null;
  if (previous === null) return null;
  const c = change(value, previous);
  if (aspect === 'change.delta') return formatWan(c.delta);
  if (aspect === 'change.previous') return formatWan(c.previous);
  return c.percent;
}
