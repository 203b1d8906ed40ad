import { builder } from '../builder.js';
import { AmountRef } from './amount.js';
import type { ProjectShape, SpendingLineShape } from './refs.js';

export const ItemRef = builder
  .interfaceRef<ProjectShape | SpendingLineShape | { id: number; name: string }>('Item')
  .implement({
    description:
      '明细项 Something a subject’s spending is made of: a project, a detail line or a spending line.',
    fields: (t) => ({
      name: t.string({ description: '名称 Name as published.', resolve: (i) => i.name }),
    }),
  });

builder.interfaceField(ItemRef, 'amount', (t) =>
  t.field({
    type: AmountRef,
    description: '金额 The item’s amount; share of the budget’s total spending.',
    resolve: () => {
      throw new Error('resolved by each implementing type');
    },
  }),
);
