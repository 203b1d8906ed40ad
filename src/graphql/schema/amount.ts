import { percentOf, type Yuan } from '../../money.js';
import { builder, type Context } from '../builder.js';
import { ChangeRef } from './change.js';

/** A figure with what it is a share of and how to find its prior-year value. */
export interface AmountShape {
  value: Yuan;
  /** the whole this figure is a share of (the budget's total spending unless stated), null when no share applies */
  shareOf: Yuan | null;
  /** the prior-year figure, or null when none is known */
  previous: (ctx: Context) => Promise<Yuan | null>;
}

export const noPrevious = async () => null;

export const AmountRef = builder.objectRef<AmountShape>('Amount').implement({
  description: '金额 A figure with its share and its change from the prior year.',
  fields: (t) => ({
    value: t.field({
      type: 'Decimal',
      description: '金额 The figure in 万元 ("512.02").',
      resolve: (a) => a.value,
    }),
    share: t.field({
      type: 'Percent',
      nullable: true,
      description:
        '占比 Percentage of the budget’s total spending, two decimals ("93.28"), unless the field says otherwise.',
      resolve: (a) => (a.shareOf === null ? null : percentOf(a.value, a.shareOf)),
    }),
    change: t.field({
      type: ChangeRef,
      nullable: true,
      description: '同比变化 Change from the prior year; null when no prior-year figure is known.',
      resolve: async (a, _args, ctx) => {
        const previous = await a.previous(ctx);
        return previous === null ? null : { current: a.value, previous };
      },
    }),
  }),
});
