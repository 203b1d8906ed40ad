import { budgetKey } from '../../db/facts.js';
import { CATEGORIES, type SubjectScheme } from '../../domain.js';
import { sum } from '../../money.js';
import { builder, type Context } from '../builder.js';
import { figure } from '../figures.js';
import { AmountRef, noPrevious } from './amount.js';
import { CategoryEnum, IndicatorKindEnum } from './enums.js';
import { ItemRef } from './item.js';
import { ProjectFundRef } from './project-fund.js';
import {
  BudgetRef,
  BudgetSubjectRef,
  PerformanceIndicatorRef,
  ProjectRef,
  type ProjectShape,
} from './refs.js';

/** A project by its global identity: its budget's and its place in table 12 (seq). */
export async function projectOfKey(ctx: Context, k: string): Promise<ProjectShape | null> {
  const [key = '', seq] = k.split(':');
  const budget = await ctx.loaders.budgetByKey.load(key);
  if (!budget) return null;
  return (await ctx.loaders.projects.load(budget.id)).find((p) => String(p.seq) === seq) ?? null;
}

builder.node(ProjectRef, {
  description: '项目 A project (12表) with its performance targets (14表).',
  interfaces: [ItemRef],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'functionalSubjectCode' in value,
  id: {
    resolve: async (p, _args, ctx) => `${budgetKey((await ctx.loaders.budget.load(p.budgetId))!)}:${p.seq}`,
  },
  loadMany: (keys, ctx) => Promise.all(keys.map((k) => projectOfKey(ctx, k))),
  fields: (t) => ({
    code: t.exposeString('code', { description: '项目编码 Project code.' }),
    name: t.exposeString('name', { description: '项目名称 Name as 12表 prints it.' }),
    performanceName: t.string({
      description: '绩效表中名称 Name as 14表 prints it.',
      resolve: (p) => p.performanceName ?? p.name,
    }),
    category: t.field({
      type: CategoryEnum,
      description: '项目类型 其他运转类 or 特定目标类.',
      resolve: (p) => p.category,
    }),
    categoryLabel: t.string({ description: '项目类型名称.', resolve: (p) => CATEGORIES[p.category].label }),
    functionalSubject: t.field({
      type: BudgetSubjectRef,
      nullable: true,
      description:
        '功能科目 The functional 项 it is spent under; null where the tables leave more than one possible.',
      resolve: async (p, _args, ctx) =>
        p.functionalSubjectCode === null
          ? null
          : {
              budget: (await ctx.loaders.budget.load(p.budgetId))!,
              scheme: 'functional' as SubjectScheme,
              code: p.functionalSubjectCode,
            },
    }),
    budget: t.field({
      type: BudgetRef,
      description: '预算 The budget.',
      resolve: async (p, _args, ctx) => (await ctx.loaders.budget.load(p.budgetId))!,
    }),
    amount: t.field({
      type: AmountRef,
      description: '金额 The project’s amount; share of the budget’s total spending.',
      resolve: async (p, _args, ctx) => {
        const budget = (await ctx.loaders.budget.load(p.budgetId))!;
        return {
          ...(await figure(ctx, budget, async () => sum(p.amounts.map((a) => a.amount)))),
          previous: noPrevious,
        };
      },
    }),
    byFund: t.field({
      type: [ProjectFundRef],
      description: '按资金来源 The amount by source of funds.',
      resolve: (p) => p.amounts,
    }),
    indicators: t.field({
      type: [PerformanceIndicatorRef],
      description: '绩效指标 Performance targets: 成本/产出/效益/满意度, in published order.',
      args: { kind: t.arg({ type: IndicatorKindEnum, description: '类型 Only one kind.' }) },
      resolve: async (p, args, ctx) =>
        (await ctx.loaders.indicatorsByProject.load(p.id)).filter((i) => !args.kind || i.kind === args.kind),
    }),
  }),
});
