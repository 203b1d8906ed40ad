import { builder } from '../builder.js';
import { amountOf, type ConsolidatedShape, spent } from '../consolidated.js';
import { fundFields } from '../fund-fields.js';
import { AmountRef } from './amount.js';

export const ConsolidatedFundRef = builder
  .objectRef<{ c: ConsolidatedShape; fund: string }>('ConsolidatedFund')
  .implement({
    description:
      '分资金来源 Spending of a consolidated budget from one source of funds (or several, unsplit).',
    fields: (t) => ({
      ...fundFields(t, (f) => f.fund),
      amount: t.field({
        type: AmountRef,
        description: '金额 Spending from this source; share of the consolidated total.',
        resolve: ({ c, fund }) => amountOf(c, spent({ fundKey: fund }), spent({})),
      }),
    }),
  });
