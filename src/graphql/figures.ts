import { budgetUnitKey } from '../db/facts.js';
import type { BudgetRow } from '../db/loaders.js';
import { type FunctionalFilter, functionalTotal } from '../disclosure/context.js';
import type { FunctionalExpenditure } from '../disclosure/facts.js';
import type { SubjectCatalog } from '../disclosure/subjects.js';
import type { SubjectScheme } from '../domain.js';
import { sum, type Yuan } from '../money.js';
import type { Context } from './builder.js';
import type { AmountShape } from './schema/amount.js';

/** Computes one figure of a budget from its stored facts. */
export type Compute = (ctx: Context, budgetId: number) => Promise<Yuan>;

export const spending =
  (filter: FunctionalFilter = {}): Compute =>
  async (ctx, id) =>
    functionalTotal((await ctx.loaders.functional.load(id)) as FunctionalExpenditure[], filter);

// The budget's total spending, once per request and budget: every figure's share divides by it
// (a unit's tree asks for it some thirty times).
const totals = new WeakMap<Context['loaders'], Map<number, Promise<Yuan>>>();
const everything = spending();
const totalSpending: Compute = (ctx, id) => {
  let byBudget = totals.get(ctx.loaders);
  if (!byBudget) {
    byBudget = new Map();
    totals.set(ctx.loaders, byBudget);
  }
  let total = byBudget.get(id);
  if (!total) {
    total = everything(ctx, id);
    byBudget.set(id, total);
  }
  return total;
};

export const threePublicCost =
  (items?: readonly string[]): Compute =>
  async (ctx, id) =>
    sum(
      (await ctx.loaders.threePublic.load(id))
        .filter((c) => !items || items.includes(c.item))
        .map((c) => c.amount),
    );

export const operatingCost: Compute = async (ctx, id) =>
  sum((await ctx.loaders.operatingCosts.load(id)).map((c) => c.amount));

/** The code list as one budget sees it: the reference codes and the codes it declares. */
export async function budgetCatalog(ctx: Context, budgetId: number): Promise<SubjectCatalog> {
  const [catalog, declared] = await Promise.all([
    ctx.loaders.catalog.load('all'),
    ctx.loaders.declaredSubjects.load(budgetId),
  ]);
  return catalog.with(declared);
}

/** A subject's official name: from the code list, or (only when the list lacks it) from the budget's declared codes. */
export async function subjectName(
  ctx: Context,
  budgetId: number,
  scheme: SubjectScheme,
  code: string,
): Promise<string> {
  const known = (await ctx.loaders.catalog.load('all')).get(scheme, code);
  if (known) return known.name;
  return (await budgetCatalog(ctx, budgetId)).get(scheme, code)?.name ?? code;
}

/** The stored budget of the same unit and stage for the year before (latest revision), if any. */
export async function priorBudget(ctx: Context, budget: BudgetRow): Promise<BudgetRow | null> {
  const budgets = await ctx.loaders.budgetsByUnit.load(budgetUnitKey(budget));
  const prior = budgets.filter((b) => b.year === budget.year - 1 && b.stage === budget.stage);
  return prior.at(-1) ?? null;
}

export interface FigureOptions {
  /** the prior-year metric the narrative states, used when no prior-year budget is stored */
  stated?: string;
  /** share of the budget's total spending (default), of another whole, or no share */
  share?: 'total' | Compute | null;
}

/**
 * A figure as an Amount: its value, the whole it is a share of, and its prior-year value from a
 * stored prior-year budget when there is one, else from the figure the disclosure itself states.
 */
export async function figure(
  ctx: Context,
  budget: BudgetRow,
  compute: Compute,
  options: FigureOptions = {},
): Promise<AmountShape> {
  const share = options.share === undefined ? 'total' : options.share;
  const [value, shareOf] = await Promise.all([
    compute(ctx, budget.id),
    share === null ? null : (share === 'total' ? totalSpending : share)(ctx, budget.id),
  ]);
  return {
    value,
    shareOf,
    previous: async (c) => {
      const prior = await priorBudget(c, budget);
      if (prior) return compute(c, prior.id);
      if (!options.stated) return null;
      const stated = (await c.loaders.priorYear.load(budget.id)).find(
        (p) => p.metric === options.stated && p.basis,
      );
      return stated ? stated.amount : null;
    },
  };
}
