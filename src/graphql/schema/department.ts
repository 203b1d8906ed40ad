import { unitKey } from '../../db/facts.js';
import { consolidatedKey, loadNodes, type UnitRow } from '../../db/loaders.js';
import { DEFAULT_STAGE } from '../../domain.js';
import { builder } from '../builder.js';
import { consolidated, consolidatedSeries } from '../consolidated.js';
import { pageArgs, pageComplexity } from '../pagination.js';
import { departmentUnits } from '../unit-lists.js';
import { ConsolidatedBudgetRef } from './consolidated-budget.js';
import { seriesArgs, UnitFilter, UnitOrder, yearStageArgs } from './inputs.js';
import { UnitRef } from './refs.js';
import { RegionRef } from './region.js';
import { UnitConnection } from './unit-connection.js';
import { YearFigureRef } from './year-figure.js';

/**
 * 部门 A department as dashboards ask about it: its units (filtered, sorted, counted) and its
 * 部门预算, the consolidated budget of its units. The same row as the department's Unit.
 */
export const DepartmentRef = builder.objectRef<UnitRow>('Department');
builder.node(DepartmentRef, {
  description: '部门 A department: its units and its consolidated budget (部门预算).',
  id: { resolve: (d) => unitKey(d) },
  loadMany: async (keys, ctx) =>
    (await loadNodes(ctx.loaders.unit, keys)).map((u) => (u?.kind === 'department' ? u : null)),
  fields: (t) => ({
    code: t.exposeString('code', {
      description: '部门编码 Department code (122), unique inside its region.',
    }),
    name: t.exposeString('name', { description: '部门名称 Name, as first stored.' }),
    region: t.field({
      type: RegionRef,
      nullable: true,
      description: '行政区划 The region of the department.',
      resolve: async (d, _args, ctx) =>
        (await ctx.loaders.regions.load('all')).find((r) => r.code === d.regionCode) ?? null,
    }),
    unit: t.field({
      type: UnitRef,
      description: '单位 The department as a Unit (its profile and parent links).',
      resolve: (d) => d,
    }),
    units: t.field({
      type: UnitConnection,
      description: '所属单位 Its units: filtered, sorted (by code unless asked) and counted.',
      args: {
        ...pageArgs(t.arg),
        filter: t.arg({ type: UnitFilter, description: '筛选 Which units.' }),
        orderBy: t.arg({ type: UnitOrder, description: '排序 How they are sorted.' }),
      },
      complexity: pageComplexity,
      resolve: (d, args, ctx) => departmentUnits(ctx, d, args),
    }),
    budget: t.field({
      type: ConsolidatedBudgetRef,
      nullable: true,
      description: '部门预算 The sum of its units’ latest budgets for a year; null when none has one.',
      args: yearStageArgs,
      resolve: (d, args, ctx) =>
        consolidated(ctx, consolidatedKey('department', unitKey(d), args.year, args.stage ?? DEFAULT_STAGE)),
    }),
    series: t.field({
      type: [YearFigureRef],
      description: '历年 A figure of its consolidated budget over the years stored.',
      args: seriesArgs,
      resolve: (d, args, ctx) =>
        consolidatedSeries(
          ctx,
          (y) => consolidatedKey('department', unitKey(d), y, args.stage ?? DEFAULT_STAGE),
          args.metric,
        ),
    }),
  }),
});
