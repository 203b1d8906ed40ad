import type { BudgetRow } from '../../db/loaders.js';
import type { FundKey } from '../../domain.js';
import { builder } from '../builder.js';
import { type Compute, figure } from '../figures.js';
import { fundFields } from '../fund-fields.js';
import { AmountRef } from './amount.js';

/** Spending of a budget (or of one of its subjects) from one source of funds (or several, unsplit). */
export interface FundAmountShape {
  budget: BudgetRow;
  fund: FundKey;
  /** the figure from this source */
  compute: Compute;
  /** the prior-year metric the narrative states for it, if any */
  stated?: string;
}

export const FundAmountRef = builder.objectRef<FundAmountShape>('FundAmount').implement({
  description: '分资金来源金额 Spending from one source of funds.',
  fields: (t) => ({
    ...fundFields(t, (f) => f.fund),
    amount: t.field({
      type: AmountRef,
      description: '金额 Spending from this source; share of the budget’s total spending.',
      resolve: (f, _args, ctx) => figure(ctx, f.budget, f.compute, { stated: f.stated }),
    }),
  }),
});
