import type { BudgetRow } from '../../db/loaders.js';
import { metricValue } from '../../disclosure/figures.js';
import { budgetContext } from '../budget-context.js';
import { builder } from '../builder.js';

export const NarrativeClaimRef = builder
  .objectRef<{ budget: BudgetRow; metric: string; value: string; quote: string }>('NarrativeClaim')
  .implement({
    description: '说明中的数字 A figure the narrative states, beside the one Yusuan computes.',
    fields: (t) => ({
      metric: t.exposeString('metric', { description: '指标 The metric (basic.share, functional.201 …).' }),
      value: t.exposeString('value', { description: '所述数值 The figure as the narrative states it.' }),
      quote: t.exposeString('quote', { description: '原文 The narrative’s words.' }),
      computed: t.string({
        nullable: true,
        description: '计算值 The same metric computed from the stored facts.',
        resolve: async (n, _args, ctx) => metricValue(await budgetContext(ctx, n.budget), n.metric) ?? null,
      }),
    }),
  });
