import { budgetKey } from '../../db/facts.js';
import { builder } from '../builder.js';
import { figure, spending } from '../figures.js';
import { fundFields } from '../fund-fields.js';
import { AmountRef, noPrevious } from './amount.js';
import { CategoryGroupEnum } from './enums.js';
import { ItemRef } from './item.js';
import { BasicItemRef, BudgetRef } from './refs.js';

builder.node(BasicItemRef, {
  description: '基本支出明细 A basic-spending detail line (07表).',
  interfaces: [ItemRef],
  isTypeOf: (value) =>
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    'seq' in value &&
    !('functionalSubjectCode' in value),
  id: {
    resolve: async (i, _args, ctx) => `${budgetKey((await ctx.loaders.budget.load(i.budgetId))!)}:${i.seq}`,
  },
  loadMany: (keys, ctx) =>
    Promise.all(
      keys.map(async (k) => {
        const [key = '', seq] = k.split(':');
        const budget = await ctx.loaders.budgetByKey.load(key);
        if (!budget) return null;
        return (await ctx.loaders.basicItems.load(budget.id)).find((i) => String(i.seq) === seq) ?? null;
      }),
    ),
  fields: (t) => ({
    type: t.string({
      description: '类型 人员类 or 公用经费.',
      resolve: (i) => (i.type === 'personnel' ? '人员类' : '公用经费'),
    }),
    group: t.field({ type: CategoryGroupEnum, description: '经费类型.', resolve: (i) => i.type }),
    ...fundFields(t, (i) => i.fund),
    budget: t.field({
      type: BudgetRef,
      description: '预算 The budget.',
      resolve: async (i, _args, ctx) => (await ctx.loaders.budget.load(i.budgetId))!,
    }),
    amount: t.field({
      type: AmountRef,
      description: '金额 The line’s amount; share of the budget’s basic spending.',
      resolve: async (i, _args, ctx) => {
        const budget = (await ctx.loaders.budget.load(i.budgetId))!;
        return {
          ...(await figure(ctx, budget, async () => i.amount, {
            share: spending({ groups: ['personnel', 'public'] }),
          })),
          previous: noPrevious,
        };
      },
    }),
  }),
});
