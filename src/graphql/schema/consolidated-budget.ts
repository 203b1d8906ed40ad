import { GraphQLError } from 'graphql';
import type { FunctionalFilter } from '../../disclosure/context.js';
import { fundKeysOf } from '../../domain.js';
import { builder } from '../builder.js';
import { amountOf, type ConsolidatedShape, spent } from '../consolidated.js';
import { AmountRef } from './amount.js';
import { ConsolidatedFundRef } from './consolidated-fund.js';
import { ConsolidatedSubjectRef, subjectsOf } from './consolidated-subject.js';
import { ConsolidatedThreePublicRef } from './consolidated-three-public-costs.js';
import { FundEnum, SubjectSchemeEnum } from './enums.js';

export const ConsolidatedBudgetRef = builder.objectRef<ConsolidatedShape>('ConsolidatedBudget').implement({
  description:
    '汇总预算 The sum of units’ budgets for a year (the latest revision of each): a department’s (部门预算) or every unit’s.',
  fields: (t) => {
    const headline = (description: string, filter: FunctionalFilter) =>
      t.field({
        type: AmountRef,
        description: `${description} With fund: of that source alone, as a share of its total.`,
        args: { fund: t.arg({ type: FundEnum, description: '资金来源 Only this source of funds.' }) },
        resolve: (c, args) => {
          const funds = args.fund ? [args.fund] : undefined;
          return amountOf(c, spent({ ...filter, funds }), spent({ funds }));
        },
      });
    return {
      year: t.exposeInt('year', { description: '年度 Budget year.' }),
      unitCount: t.int({
        description: '单位数 How many units’ budgets it adds up.',
        resolve: (c) => c.facts.unitCount,
      }),
      total: headline('支出总计 All spending; share 100.00.', {}),
      basic: headline('基本支出 Basic spending.', { groups: ['personnel', 'public'] }),
      personnel: headline('人员经费 Personnel spending.', { groups: ['personnel'] }),
      publicExpense: headline('公用经费 Public expenses.', { groups: ['public'] }),
      project: headline('项目支出 Project spending.', { groups: ['project'] }),
      byFund: t.field({
        type: [ConsolidatedFundRef],
        description: '按资金来源 Spending by source of funds (only sources with spending).',
        resolve: (c) =>
          fundKeysOf(c.facts.functional.filter((f) => f.amount).map((f) => f.fund)).map((fund) => ({
            c,
            fund,
          })),
      }),
      subjects: t.field({
        type: [ConsolidatedSubjectRef],
        description: '科目 Functional subjects with spending at one level, by code.',
        args: {
          scheme: t.arg({
            type: SubjectSchemeEnum,
            defaultValue: 'functional',
            description: '分类 The classification: consolidated budgets are summed by functional subject.',
          }),
          level: t.arg.int({ defaultValue: 1, description: '级次 1 类, 2 款, 3 项.' }),
          fund: t.arg({
            type: FundEnum,
            description: '资金来源 Only this source of funds: shares of its total.',
          }),
        },
        resolve: (c, args) => {
          if (args.scheme !== 'functional')
            throw new GraphQLError(
              'consolidated budgets are summed by functional subject: use scheme FUNCTIONAL',
              {
                extensions: { code: 'BAD_USER_INPUT' },
              },
            );
          return subjectsOf(c, [3, 5, 7][(args.level ?? 1) - 1] ?? 0, args.fund ?? undefined);
        },
      }),
      threePublicCosts: t.field({
        type: ConsolidatedThreePublicRef,
        description: '“三公”经费 The “three public” costs.',
        resolve: (c) => c,
      }),
      operatingCosts: t.field({
        type: AmountRef,
        description: '机关（机构）运行经费 Operating costs; share of the consolidated total.',
        resolve: (c) => amountOf(c, (f) => f.operatingCosts, spent({})),
      }),
    };
  },
});
