import { GraphQLError } from 'graphql';
import type { BudgetRow } from '../db/loaders.js';
import { BudgetContext } from '../disclosure/context.js';
import { layoutsOf, NoLayoutsError, type TableLayout } from '../disclosure/layouts.js';
import { type RenderedTable, renderTable } from '../disclosure/render.js';
import type { Context } from './builder.js';

/** A budget's facts as the tables and checks read them: once per request and budget. */
export function budgetContext(ctx: Context, budget: BudgetRow): Promise<BudgetContext> {
  return ctx.work.once(`context:${budget.id}`, async () => {
    const [disclosure, catalog] = await Promise.all([
      ctx.loaders.disclosure.load(budget.id),
      ctx.loaders.catalog.load('all'),
    ]);
    return new BudgetContext(disclosure!, catalog);
  });
}

/**
 * The expensive reads of a budget, each worked out once per request however often it is asked
 * for (aliases, repeated ids) and run through the app's gate for expensive work (src/graphql/work.ts).
 */
export async function renderedTable(ctx: Context, budget: BudgetRow, no: number): Promise<RenderedTable> {
  const layout = layoutsOfBudget(budget).find((l) => l.no === no)!;
  const budgetCtx = await budgetContext(ctx, budget);
  return ctx.work.expensive(`table:${budget.id}:${no}`, () => renderTable(layout, budgetCtx));
}
export const renderedTables = (ctx: Context, budget: BudgetRow) =>
  ctx.work.once(`tables:${budget.id}`, () =>
    Promise.all(layoutsOfBudget(budget).map((layout) => renderedTable(ctx, budget, layout.no))),
  );

/** The layouts of a budget's stage; a stage without any is the client's to know, by a clear error. */
export function layoutsOfBudget(budget: BudgetRow): readonly TableLayout[] {
  try {
    return layoutsOf(budget.stage);
  } catch (error) {
    if (!(error instanceof NoLayoutsError)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: 'NOT_AVAILABLE' } });
  }
}

/** What the cost model charges for the expensive fields (SECURITY.md, "Query cost"). */
export const EXPENSIVE_COST = {
  table: 500,
  tables: 5_000,
  checks: 5_000,
  explanation: 5_000,
  changesFrom: 10_000,
} as const;
