import { builder } from '../builder.js';

export const AssetRef = builder
  .objectRef<{ item: string; label: string; amount: number | null; count: number | null }>('Asset')
  .implement({
    description: '国有资产 State assets held at the end of the prior year, as the narrative gives them.',
    fields: (t) => ({
      item: t.exposeString('item', { description: '项目键 Stable key.' }),
      label: t.exposeString('label', { description: '项目 As the narrative names it.' }),
      amount: t.field({
        type: 'Decimal',
        nullable: true,
        description: '价值 Value (万元), when stated.',
        resolve: (a) => a.amount,
      }),
      count: t.exposeInt('count', { nullable: true, description: '数量 Count, when stated.' }),
    }),
  });
