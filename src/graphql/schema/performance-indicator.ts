import { budgetKey } from '../../db/facts.js';
import { builder } from '../builder.js';
import { IndicatorKindEnum } from './enums.js';
import { projectOfKey } from './project.js';
import { PerformanceIndicatorRef, ProjectRef } from './refs.js';

builder.node(PerformanceIndicatorRef, {
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
