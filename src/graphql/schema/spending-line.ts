import { builder } from '../builder.js';
import { figure } from '../figures.js';
import { fundFields } from '../fund-fields.js';
import { AmountRef, noPrevious } from './amount.js';
import { CategoryEnum, CategoryGroupEnum } from './enums.js';
import { ItemRef } from './item.js';
import { SpendingLineRef } from './refs.js';

builder.objectType(SpendingLineRef, {
  description:
    '支出事实 A stored spending fact shown as an item: one category (or group) from one source of funds.',
  interfaces: [ItemRef],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'group' in value && 'value' in value,
  fields: (t) => ({
    category: t.field({
      type: CategoryEnum,
      nullable: true,
      description: '类别 The category, where the fact has one.',
      resolve: (l) => l.category,
    }),
    group: t.field({
      type: CategoryGroupEnum,
      nullable: true,
      description:
        '经费类型 人员经费, 公用经费 or 项目支出; null where the document does not say (table 08’s other sources).',
      resolve: (l) => l.group,
    }),
    ...fundFields(t, (l) => l.fund),
    amount: t.field({
      type: AmountRef,
      description: '金额 The amount; share of the budget’s total spending.',
      resolve: (l, _args, ctx) =>
        figure(ctx, l.budget, async () => l.value, { stated: undefined }).then((a) => ({
          ...a,
          previous: noPrevious,
        })),
    }),
  }),
});
