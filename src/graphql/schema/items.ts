import { budgetKey } from '../../db/facts.js';
import { CATEGORIES, type SubjectScheme } from '../../domain.js';
import { sum } from '../../money.js';
import { builder, type Context } from '../builder.js';
import { figure, spending } from '../figures.js';
import { AmountRef, fundFields, noPrevious } from './amount.js';
import { CategoryEnum, CategoryGroupEnum, IndicatorKindEnum } from './enums.js';
import {
  BasicItemRef,
  BudgetRef,
  BudgetSubjectRef,
  IndicatorRef,
  ProjectRef,
  type ProjectShape,
  SpendingLineRef,
  type SpendingLineShape,
} from './refs.js';

export const ItemRef = builder
  .interfaceRef<ProjectShape | SpendingLineShape | { id: number; name: string }>('Item')
  .implement({
    description:
      '明细项 Something a subject’s spending is made of: a project, a detail line or a spending line.',
    fields: (t) => ({
      name: t.string({ description: '名称 Name as published.', resolve: (i) => i.name }),
    }),
  });

builder.interfaceField(ItemRef, 'amount', (t) =>
  t.field({
    type: AmountRef,
    description: '金额 The item’s amount; share of the budget’s total spending.',
    resolve: () => {
      throw new Error('resolved by each implementing type');
    },
  }),
);

builder.objectType(SpendingLineRef, {
  description:
    '支出事实 A stored spending fact shown as an item: one category (or group) from one source of funds.',
  interfaces: [ItemRef],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'group' in value && 'value' in value,
  fields: (t) => ({
    category: t.field({
      type: CategoryEnum,
      nullable: true,
      description: '类别 The category, where the fact has one.',
      resolve: (l) => l.category ?? null,
    }),
    group: t.field({
      type: CategoryGroupEnum,
      nullable: true,
      description:
        '经费类型 人员经费, 公用经费 or 项目支出; null where the document does not say (table 08’s other sources).',
      resolve: (l) => l.group,
    }),
    ...fundFields(t, (l) => l.fund),
    amount: t.field({
      type: AmountRef,
      description: '金额 The amount; share of the budget’s total spending.',
      resolve: (l, _args, ctx) =>
        figure(ctx, l.budget, async () => l.value, { stated: undefined }).then((a) => ({
          ...a,
          previous: noPrevious,
        })),
    }),
  }),
});

/** A project by its global identity: its budget's and its place in table 12 (seq). */
async function projectOfKey(ctx: Context, k: string): Promise<ProjectShape | null> {
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
      type: [IndicatorRef],
      description: '绩效指标 Performance targets: 成本/产出/效益/满意度, in published order.',
      args: { kind: t.arg({ type: IndicatorKindEnum, description: '类型 Only one kind.' }) },
      resolve: async (p, args, ctx) =>
        (await ctx.loaders.indicatorsByProject.load(p.id)).filter((i) => !args.kind || i.kind === args.kind),
    }),
  }),
});

const ProjectFundRef = builder.objectRef<{ fund: string; amount: number }>('ProjectFund').implement({
  description: '项目资金 A project’s money from one source.',
  fields: (t) => ({
    ...fundFields(t, (f) => f.fund),
    amount: t.field({ type: 'Decimal', description: '金额 (万元).', resolve: (f) => f.amount }),
  }),
});

builder.node(IndicatorRef, {
  description: '绩效指标 A project performance target, value as published ("≥95%") and parsed (≥, 95, %).',
  id: {
    resolve: async (i, _args, ctx) => {
      const project = (await ctx.loaders.project.load(i.projectId))!;
      const budget = (await ctx.loaders.budget.load(project.budgetId))!;
      return `${budgetKey(budget)}:${project.seq}:${i.kind}:${i.seq}`;
    },
  },
  loadMany: (keys, ctx) =>
    Promise.all(
      keys.map(async (k) => {
        const [key = '', projectSeq = '', kind, seq] = k.split(':');
        const project = await projectOfKey(ctx, `${key}:${projectSeq}`);
        if (!project) return null;
        const indicators = await ctx.loaders.indicatorsByProject.load(project.id);
        return indicators.find((i) => i.kind === kind && String(i.seq) === seq) ?? null;
      }),
    ),
  fields: (t) => ({
    kind: t.field({
      type: IndicatorKindEnum,
      description: '指标类型 成本/产出/效益/满意度.',
      resolve: (i) => i.kind,
    }),
    name: t.exposeString('name', { description: '三级指标 Indicator name as published.' }),
    value: t.exposeString('value', { description: '指标值 Target as published ("≥95%", "明显").' }),
    comparator: t.exposeString('comparator', {
      nullable: true,
      description: '比较符 ≥, ≤, = …; null for a qualitative target.',
    }),
    target: t.exposeString('target', {
      nullable: true,
      description: '目标数值 The number in the target ("95").',
    }),
    measureUnit: t.exposeString('measureUnit', {
      nullable: true,
      description: '计量单位 Its unit ("%", "小时").',
    }),
    project: t.field({
      type: ProjectRef,
      description: '项目 The project.',
      resolve: async (i, _args, ctx) => (await ctx.loaders.project.load(i.projectId))!,
    }),
  }),
});

builder.node(BasicItemRef, {
  description: '基本支出明细 A basic-spending detail line (07表).',
  interfaces: [ItemRef],
  isTypeOf: (value) =>
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    'seq' in value &&
    !('functionalSubjectCode' in value),
  id: {
    resolve: async (i, _args, ctx) => `${budgetKey((await ctx.loaders.budget.load(i.budgetId))!)}:${i.seq}`,
  },
  loadMany: (keys, ctx) =>
    Promise.all(
      keys.map(async (k) => {
        const [key = '', seq] = k.split(':');
        const budget = await ctx.loaders.budgetByKey.load(key);
        if (!budget) return null;
        return (await ctx.loaders.basicItems.load(budget.id)).find((i) => String(i.seq) === seq) ?? null;
      }),
    ),
  fields: (t) => ({
    type: t.string({
      description: '类型 人员类 or 公用经费.',
      resolve: (i) => (i.type === 'personnel' ? '人员类' : '公用经费'),
    }),
    group: t.field({ type: CategoryGroupEnum, description: '经费类型.', resolve: (i) => i.type }),
    ...fundFields(t, (i) => i.fund),
    budget: t.field({
      type: BudgetRef,
      description: '预算 The budget.',
      resolve: async (i, _args, ctx) => (await ctx.loaders.budget.load(i.budgetId))!,
    }),
    amount: t.field({
      type: AmountRef,
      description: '金额 The line’s amount; share of the budget’s basic spending.',
      resolve: async (i, _args, ctx) => {
        const budget = (await ctx.loaders.budget.load(i.budgetId))!;
        return {
          ...(await figure(ctx, budget, async () => i.amount, {
            share: spending({ groups: ['personnel', 'public'] }),
          })),
          previous: noPrevious,
        };
      },
    }),
  }),
});
