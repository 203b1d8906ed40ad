import { consolidatedKey, type RegionRow } from '../../db/loaders.js';
import { DEFAULT_STAGE } from '../../domain.js';
import { builder } from '../builder.js';
import { consolidated, consolidatedSeries } from '../consolidated.js';
import { ConsolidatedBudgetRef } from './consolidated-budget.js';
import { seriesArgs, yearStageArgs } from './inputs.js';
import { YearFigureRef } from './year-figure.js';

export const RegionRef = builder.objectRef<RegionRow>('Region');
RegionRef.implement({
  description: '行政区划 A region (GB/T 2260): its units and their consolidated budget.',
  fields: (t) => ({
    code: t.exposeString('code', { description: '区划代码 Code (410800).' }),
    name: t.exposeString('name', { description: '名称 Name (焦作市).' }),
    verified: t.exposeBoolean('verified', {
      description: '已核实 Whether the name is from the reference list (false: declared by an import).',
    }),
    parent: t.field({
      type: RegionRef,
      nullable: true,
      description: '上级 The region it is part of.',
      resolve: async (r, _args, ctx) =>
        (await ctx.loaders.regions.load('all')).find((x) => x.code === r.parentCode) ?? null,
    }),
    children: t.field({
      type: [RegionRef],
      description: '下级 The regions directly under it.',
      resolve: async (r, _args, ctx) =>
        (await ctx.loaders.regions.load('all')).filter((x) => x.parentCode === r.code),
    }),
    budget: t.field({
      type: ConsolidatedBudgetRef,
      nullable: true,
      description:
        '预算 The sum of the latest budgets of every unit in the region (and the regions under it) for a year.',
      args: yearStageArgs,
      resolve: (r, args, ctx) =>
        consolidated(ctx, consolidatedKey('region', r.code, args.year, args.stage ?? DEFAULT_STAGE)),
    }),
    series: t.field({
      type: [YearFigureRef],
      description: '历年 A figure of the region’s consolidated budget over the years stored.',
      args: seriesArgs,
      resolve: (r, args, ctx) =>
        consolidatedSeries(
          ctx,
          (y) => consolidatedKey('region', r.code, y, args.stage ?? DEFAULT_STAGE),
          args.metric,
        ),
    }),
  }),
});
