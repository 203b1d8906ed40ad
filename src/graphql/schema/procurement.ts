import { isKeyOf, PROCUREMENT_KINDS } from '../../domain.js';
import { builder } from '../builder.js';

export const ProcurementRef = builder.objectRef<{ kind: string; amount: number }>('Procurement').implement({
  description: '政府采购 Government procurement planned, by kind.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: '类别键 goods, works or services.' }),
    label: t.string({
      description: '类别 政府采购货物/工程/服务.',
      resolve: (p) => (isKeyOf(PROCUREMENT_KINDS, p.kind) ? PROCUREMENT_KINDS[p.kind].label : p.kind),
    }),
    amount: t.field({ type: 'Decimal', description: '金额 (万元).', resolve: (p) => p.amount }),
  }),
});
