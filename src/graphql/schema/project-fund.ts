import { builder } from '../builder.js';
import { fundFields } from '../fund-fields.js';

export const ProjectFundRef = builder.objectRef<{ fund: string; amount: number }>('ProjectFund').implement({
  description: '项目资金 A project’s money from one source.',
  fields: (t) => ({
    ...fundFields(t, (f) => f.fund),
    amount: t.field({ type: 'Decimal', description: '金额 (万元).', resolve: (f) => f.amount }),
  }),
});
