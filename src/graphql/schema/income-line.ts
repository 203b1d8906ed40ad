import type { BudgetRow } from '../../db/loaders.js';
import { FUNDS, INCOME_OF_WHICH, isKeyOf } from '../../domain.js';
import { builder } from '../builder.js';
import { AmountRef, noPrevious } from './amount.js';

export const IncomeLineRef = builder
  .objectRef<{ budget: BudgetRow; source: string; value: number; total: number }>('IncomeLine')
  .implement({
    description: '收入 Income from one source, as recorded.',
    fields: (t) => ({
      source: t.exposeString('source', { description: '来源键 Source key (a Fund, or an of-which line).' }),
      label: t.string({
        description: '来源 The source as the disclosure names it.',
        resolve: (i) =>
          isKeyOf(FUNDS, i.source)
            ? FUNDS[i.source].label
            : isKeyOf(INCOME_OF_WHICH, i.source)
              ? INCOME_OF_WHICH[i.source].label
              : i.source,
      }),
      ofWhich: t.boolean({
        description:
          '其中项 Whether this line restates part of another (其中：财政拨款) and is not added into totals.',
        resolve: (i) => isKeyOf(INCOME_OF_WHICH, i.source),
      }),
      amount: t.field({
        type: AmountRef,
        description: '金额 The amount; share of total income.',
        resolve: (i) => ({ value: i.value, shareOf: i.total, previous: noPrevious }),
      }),
    }),
  });
