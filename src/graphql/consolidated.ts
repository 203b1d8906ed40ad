import {
  type ConsolidatedFacts,
  type ConsolidatedKey,
  consolidatedKey,
  parseConsolidatedKey,
} from '../db/loaders.js';
import { type FunctionalFilter, functionalTotal } from '../disclosure/context.js';
import type { FunctionalExpenditure } from '../disclosure/facts.js';
import { sum } from '../money.js';
import type { Context } from './builder.js';
import type { AmountShape } from './schema/amount.js';

/**
 * 部门预算 and the sum of all units: consolidated budgets, the sums of their units' latest budgets
 * of a year, answered from sums computed in SQL (db/loaders.ts: consolidated).
 */
export interface ConsolidatedShape {
  key: ConsolidatedKey;
  year: number;
  facts: ConsolidatedFacts;
}

/** The same units' sum, of the year before and the same stage. */
function priorKey(c: ConsolidatedShape): ConsolidatedKey {
  const { scope, code, year, stage } = parseConsolidatedKey(c.key);
  return consolidatedKey(scope, code, year - 1, stage);
}

export async function consolidated(ctx: Context, key: ConsolidatedKey): Promise<ConsolidatedShape | null> {
  const facts = await ctx.loaders.consolidated.load(key);
  return facts.unitCount ? { key, year: parseConsolidatedKey(key).year, facts } : null;
}

/** An amount of a consolidated budget, with its share and its change from the year before's sum. */
export function amountOf(
  c: ConsolidatedShape,
  value: (f: ConsolidatedFacts) => number,
  whole: (f: ConsolidatedFacts) => number | null,
): AmountShape {
  return {
    value: value(c.facts),
    shareOf: whole(c.facts),
    previous: async (ctx) => {
      const prior = await ctx.loaders.consolidated.load(priorKey(c));
      return prior.unitCount ? value(prior) : null;
    },
  };
}

export const spent = (filter: FunctionalFilter) => (f: ConsolidatedFacts) =>
  functionalTotal(f.functional as FunctionalExpenditure[], filter);

export type SeriesMetric = 'total' | 'basic' | 'project' | 'threePublicCosts' | 'operatingCosts';

/** A series' figure of consolidated facts (a unit's own facts have the same shape). */
export function seriesValue(metric: SeriesMetric, f: ConsolidatedFacts): number {
  if (metric === 'threePublicCosts') return sum(f.threePublic.map((x) => x.amount));
  if (metric === 'operatingCosts') return f.operatingCosts;
  const groups =
    metric === 'basic'
      ? (['personnel', 'public'] as const)
      : metric === 'project'
        ? (['project'] as const)
        : undefined;
  return spent({ groups })(f);
}

/** The years with any stored budget, once per request. */
async function budgetYears(ctx: Context): Promise<number[]> {
  return ctx.loaders.years.load('all');
}

/** A figure of a consolidated budget (a department's, a region's) over every year stored. */
export async function consolidatedSeries(
  ctx: Context,
  scope: (year: number) => ConsolidatedKey,
  metric: SeriesMetric,
) {
  const years = await budgetYears(ctx);
  const facts = await Promise.all(years.map((year) => ctx.loaders.consolidated.load(scope(year))));
  return years.flatMap((year, i) =>
    facts[i]!.unitCount ? [{ year, value: seriesValue(metric, facts[i]!) }] : [],
  );
}
