import { type Fund, type FundKey, fundLabel, fundsOf } from '../domain.js';
import type { builder } from './builder.js';
import { FundEnum } from './schema/enums.js';

/**
 * The source fields of anything recorded under a fund key: `fund` (null where the document
 * states the amount for several sources together), `funds` (every source) and `label`. Shared by
 * the types that carry a fund key (FundAmount, ConsolidatedFund, SpendingLine, ProjectFund, BasicItem).
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
