import type { BudgetRow } from '../../db/loaders.js';
import { type Fund, type FundKey, fundLabel, fundsOf } from '../../domain.js';
import { change, percentOf, type Yuan } from '../../money.js';
import { builder, type Context } from '../builder.js';
import { type Compute, figure } from '../figures.js';
import { FundEnum } from './enums.js';

/** A figure with what it is a share of and how to find its prior-year value. */
export interface AmountShape {
  value: Yuan;
  /** the whole this figure is a share of (the budget's total spending unless stated), null when no share applies */
  shareOf: Yuan | null;
  /** the prior-year figure, or null when none is known */
  previous: (ctx: Context) => Promise<Yuan | null>;
}

export const noPrevious = async () => null;

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
    percent: t.string({
      nullable: true,
      description:
        '增减率 Change as a percentage of the prior year, two decimals ("194.01"); null when the prior year is 0.',
      resolve: (c) => change(c.current, c.previous).percent,
    }),
  }),
});

export const AmountRef = builder.objectRef<AmountShape>('Amount').implement({
  description: '金额 A figure with its share and its change from the prior year.',
  fields: (t) => ({
    value: t.field({
      type: 'Decimal',
      description: '金额 The figure in 万元 ("512.02").',
      resolve: (a) => a.value,
    }),
    share: t.string({
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

/**
 * The source fields of anything recorded under a fund key: `fund` (null where the document
 * states the amount for several sources together), `funds` (every source) and `label`.
 */
export function fundFields<T>(
  t: PothosSchemaTypes.ObjectFieldBuilder<
    typeof builder extends PothosSchemaTypes.SchemaBuilder<infer S> ? S : never,
    T
  >,
  keyOf: (parent: T) => FundKey,
) {
  return {
    fund: t.field({
      type: FundEnum,
      nullable: true,
      description:
        '资金来源 The source of funds; null where the document does not split the amount between several (see funds).',
      resolve: (x) => {
        const funds = fundsOf(keyOf(x));
        return funds.length === 1 ? funds[0]! : null;
      },
    }),
    funds: t.field({
      type: [FundEnum],
      description:
        '资金来源 Every source the amount comes from: one, or several the document states together.',
      resolve: (x) => fundsOf(keyOf(x)) as Fund[],
    }),
    label: t.string({
      description: '名称 Its Chinese name (several sources: “…（未分）”).',
      resolve: (x) => fundLabel(keyOf(x)),
    }),
  };
}

/** Spending of a budget (or of one of its subjects) from one source of funds (or several, unsplit). */
export interface FundAmountShape {
  budget: BudgetRow;
  fund: FundKey;
  /** the figure from this source */
  compute: Compute;
  /** the prior-year metric the narrative states for it, if any */
  stated?: string;
}

export const FundAmountRef = builder.objectRef<FundAmountShape>('FundAmount').implement({
  description: '分资金来源金额 Spending from one source of funds.',
  fields: (t) => ({
    ...fundFields(t, (f) => f.fund),
    amount: t.field({
      type: AmountRef,
      description: '金额 Spending from this source; share of the budget’s total spending.',
      resolve: (f, _args, ctx) => figure(ctx, f.budget, f.compute, { stated: f.stated }),
    }),
  }),
});
