import { isKeyOf, PRIOR_YEAR_METRICS } from '../../domain.js';
import { builder } from '../builder.js';

export const PriorYearFigureRef = builder
  .objectRef<{ metric: string; entity: string; basis: boolean; amount: number }>('PriorYearFigure')
  .implement({
    description: '上年数 A prior-year figure the narrative states.',
    fields: (t) => ({
      metric: t.exposeString('metric', {
        description: '指标 What the figure measures (total, threePublicTotal …).',
      }),
      label: t.string({
        description: '指标名称 Its Chinese name.',
        resolve: (p) =>
          isKeyOf(PRIOR_YEAR_METRICS, p.metric) ? PRIOR_YEAR_METRICS[p.metric].label : p.metric,
      }),
      entity: t.exposeString('entity', {
        description: '主体 Whose figure it is (a predecessor unit, or 上年预算数).',
      }),
      basis: t.exposeBoolean('basis', {
        description: '比较基数 Whether the narrative’s changes compare against it.',
      }),
      amount: t.field({ type: 'Decimal', description: '金额 The figure (万元).', resolve: (p) => p.amount }),
    }),
  });
