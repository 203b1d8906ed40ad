import type { BudgetRow } from '../../db/loaders.js';
import { builder } from '../builder.js';
import { figure, spending } from '../figures.js';
import { AmountRef } from './amount.js';
import { CategoryGroupEnum } from './enums.js';

export const CategoryGroupAmountRef = builder
  .objectRef<{ budget: BudgetRow; group: 'personnel' | 'public' | 'project' }>('CategoryGroupAmount')
  .implement({
    description: '分经费类型金额 Spending of one group: 人员经费, 公用经费 or 项目支出.',
    fields: (t) => ({
      group: t.field({
        type: CategoryGroupEnum,
        description: '经费类型 The group.',
        resolve: (g) => g.group,
      }),
      amount: t.field({
        type: AmountRef,
        description: '金额 Spending of the group; share of total spending.',
        resolve: (g, _args, ctx) => figure(ctx, g.budget, spending({ groups: [g.group] })),
      }),
    }),
  });
