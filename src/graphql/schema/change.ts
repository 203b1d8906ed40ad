import { change, type Yuan } from '../../money.js';
import { builder } from '../builder.js';

export const ChangeRef = builder.objectRef<{ current: Yuan; previous: Yuan }>('Change').implement({
  description: '同比变化 Change from the prior year.',
  fields: (t) => ({
    previous: t.field({
      type: 'Decimal',
      description: '上年数 The prior-year figure (万元).',
      resolve: (c) => c.previous,
    }),
    delta: t.field({
      type: 'Decimal',
      description: '增减额 This year minus the prior year (万元).',
      resolve: (c) => change(c.current, c.previous).delta,
    }),
    percent: t.field({
      type: 'Percent',
      nullable: true,
      description:
        '增减率 Change as a percentage of the prior year, two decimals ("194.01"); null when the prior year is 0.',
      resolve: (c) => change(c.current, c.previous).percent,
    }),
  }),
});
