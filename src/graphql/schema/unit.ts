import { departmentKey, unitKey } from '../../db/facts.js';
import { type ConsolidatedFacts, consolidatedKey, loadNodes } from '../../db/loaders.js';
import { DEFAULT_STAGE } from '../../domain.js';
import { sum } from '../../money.js';
import { builder } from '../builder.js';
import { consolidated, consolidatedSeries, seriesValue } from '../consolidated.js';
import { pageArgs, pageComplexity } from '../pagination.js';
import { departmentUnits } from '../unit-lists.js';
import { ConsolidatedBudgetRef } from './consolidated-budget.js';
import { DepartmentRef } from './department.js';
import { UnitKindEnum } from './enums.js';
import { FormationRef } from './formation.js';
import { seriesArgs, UnitFilter, UnitOrder, yearStageArgs } from './inputs.js';
import { BudgetRef, UnitRef } from './refs.js';
import { RegionRef } from './region.js';
import { UnitConnection } from './unit-connection.js';
import { YearFigureRef } from './year-figure.js';

builder.node(UnitRef, {
  description: '单位 A department or budget unit, with the profile its disclosure gives.',
  id: { resolve: (u) => unitKey(u) },
  loadMany: (keys, ctx) => loadNodes(ctx.loaders.unit, keys),
  fields: (t) => ({
    code: t.exposeString('code', {
      description: '单位编码 Unit code (122201), unique inside its region.',
    }),
    name: t.exposeString('name', { description: '单位名称 Unit name.' }),
    kind: t.field({ type: UnitKindEnum, description: '类型 Department or unit.', resolve: (u) => u.kind }),
    parent: t.field({
      type: UnitRef,
      nullable: true,
      description: '上级部门 The department a unit belongs to.',
      resolve: (u, _args, ctx) => {
        const parent = departmentKey(u);
        return parent ? ctx.loaders.unit.load(parent) : null;
      },
    }),
    units: t.field({
      type: UnitConnection,
      description:
        '所属单位 The units of a department: filtered, sorted (by code unless asked) and counted, as units is.',
      args: {
        ...pageArgs(t.arg),
        filter: t.arg({ type: UnitFilter, description: '筛选 Which units.' }),
        orderBy: t.arg({ type: UnitOrder, description: '排序 How they are sorted.' }),
      },
      complexity: pageComplexity,
      resolve: (u, args, ctx) => departmentUnits(ctx, u, args),
    }),
    nature: t.exposeString('nature', { nullable: true, description: '单位性质 Nature (公益一类事业单位).' }),
    rank: t.exposeString('rank', { nullable: true, description: '机构规格 Rank (副处级).' }),
    staffingQuota: t.exposeInt('staffingQuota', { nullable: true, description: '编制数 Authorised posts.' }),
    staffCount: t.exposeInt('staffCount', { nullable: true, description: '在职人数 Staff in post.' }),
    internalDivisions: t.stringList({
      description: '内设机构 Internal divisions.',
      resolve: (u) => u.internalDivisions ?? [],
    }),
    duties: t.stringList({
      description: '主要职责 Main duties, in the narrative’s order.',
      resolve: (u) => u.duties ?? [],
    }),
    formation: t.field({
      type: FormationRef,
      nullable: true,
      description: '组建情况 The reorganisation the unit came from.',
      resolve: (u) => u.formation ?? null,
    }),
    budget: t.field({
      type: BudgetRef,
      nullable: true,
      description:
        '预算 The unit’s budget for a year and stage (预算 unless asked): the latest revision unless one is asked for.',
      args: {
        ...yearStageArgs,
        revision: t.arg.int({ description: '修订版本 A revision number; default the latest.' }),
      },
      resolve: async (u, args, ctx) => {
        const budgets = (await ctx.loaders.budgetsByUnit.load(unitKey(u))).filter(
          (b) =>
            b.year === args.year &&
            b.stage === (args.stage ?? DEFAULT_STAGE) &&
            (args.revision == null || b.revision === args.revision),
        );
        return budgets.at(-1) ?? null;
      },
    }),
    budgets: t.field({
      type: [BudgetRef],
      description: '历年预算 Every stored budget of the unit, every revision, by year then revision.',
      resolve: (u, _args, ctx) => ctx.loaders.budgetsByUnit.load(unitKey(u)),
    }),
    departmentBudget: t.field({
      type: ConsolidatedBudgetRef,
      nullable: true,
      description:
        '部门预算 A department’s consolidated budget for a year: the sum of its units’ latest budgets; null for a unit, or a year none of its units has.',
      args: yearStageArgs,
      resolve: (u, args, ctx) =>
        u.kind === 'department'
          ? consolidated(
              ctx,
              consolidatedKey('department', unitKey(u), args.year, args.stage ?? DEFAULT_STAGE),
            )
          : null,
    }),
    region: t.field({
      type: RegionRef,
      nullable: true,
      description:
        '行政区划 The region the unit belongs to (from its project codes, or as its import declared).',
      resolve: async (u, _args, ctx) =>
        (await ctx.loaders.regions.load('all')).find((r) => r.code === u.regionCode) ?? null,
    }),
    series: t.field({
      type: [YearFigureRef],
      description:
        '历年 A figure over the years stored: of the unit’s latest budget of each year, or, for a department, of its consolidated budget.',
      args: seriesArgs,
      resolve: async (u, args, ctx) => {
        const stage = args.stage ?? DEFAULT_STAGE;
        if (u.kind === 'department')
          return consolidatedSeries(
            ctx,
            (y) => consolidatedKey('department', unitKey(u), y, stage),
            args.metric,
          );
        const budgets = (await ctx.loaders.budgetsByUnit.load(unitKey(u))).filter((b) => b.stage === stage);
        const latest = [...new Map(budgets.map((b) => [b.year, b])).values()];
        return Promise.all(
          latest.map(async (b) => {
            const [functional, threePublic, operating] = await Promise.all([
              ctx.loaders.functional.load(b.id),
              ctx.loaders.threePublic.load(b.id),
              ctx.loaders.operatingCosts.load(b.id),
            ]);
            const facts: ConsolidatedFacts = {
              unitCount: 1,
              functional,
              threePublic,
              operatingCosts: sum(operating.map((c) => c.amount)),
            };
            return { year: b.year, value: seriesValue(args.metric, facts) };
          }),
        );
      },
    }),
    department: t.field({
      type: DepartmentRef,
      nullable: true,
      description: '所属部门 The department a unit belongs to (null for a department).',
      resolve: (u, _args, ctx) => {
        const key = departmentKey(u);
        return key ? ctx.loaders.unit.load(key) : null;
      },
    }),
  }),
});
