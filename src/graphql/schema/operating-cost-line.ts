import type { BudgetRow } from '../../db/loaders.js';
import type { SubjectScheme } from '../../domain.js';
import { sum } from '../../money.js';
import { builder } from '../builder.js';
import { figure, operatingCost } from '../figures.js';
import { AmountRef } from './amount.js';
import { BudgetSubjectRef } from './refs.js';

export const OperatingCostLineRef = builder
  .objectRef<{ budget: BudgetRow; departmentCode: string; value: number }>('OperatingCostLine')
  .implement({
    description: '机关运行经费明细 Operating costs under one economic subject (13表).',
    fields: (t) => ({
      subject: t.field({
        type: BudgetSubjectRef,
        description: '经济分类科目 The 部门预算支出经济分类 款.',
        resolve: (l) => ({
          budget: l.budget,
          scheme: 'economicDepartment' as SubjectScheme,
          code: l.departmentCode,
        }),
      }),
      amount: t.field({
        type: AmountRef,
        description: '金额 The amount; share of all operating costs.',
        resolve: (l, _args, ctx) =>
          figure(
            ctx,
            l.budget,
            async (c, id) =>
              sum(
                (await c.loaders.operatingCosts.load(id))
                  .filter((o) => o.departmentCode === l.departmentCode)
                  .map((o) => o.amount),
              ),
            { share: operatingCost },
          ),
      }),
    }),
  });
