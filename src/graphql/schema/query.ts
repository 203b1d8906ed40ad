import { consolidatedKey } from '../../db/loaders.js';
import { DEFAULT_STAGE } from '../../domain.js';
import { builder } from '../builder.js';
import { consolidated } from '../consolidated.js';
import { pageArgs, pageComplexity } from '../pagination.js';
import { findByCode, unitPage } from '../unit-lists.js';
import { ConsolidatedBudgetRef } from './consolidated-budget.js';
import { DepartmentRef } from './department.js';
import { UnitKindEnum } from './enums.js';
import { UnitFilter, UnitOrder, type UnitOrderShape, yearStageArgs } from './inputs.js';
import { UnitRef } from './refs.js';
import { RegionRef } from './region.js';
import { UnitConnection } from './unit-connection.js';

/** The root fields; node(id:) and nodes(ids:) come from plugin-relay (builder.ts). */
builder.queryType({
  description: '查询 Yusuan: budget disclosures of Chinese government units.',
  fields: (t) => ({
    unit: t.field({
      type: UnitRef,
      nullable: true,
      description: '单位 A department or unit by its code (and region, where the code is in more than one).',
      args: {
        code: t.arg.string({ required: true, description: '单位编码 Unit code (122201).' }),
        region: t.arg.string({
          description: '行政区划 Region code (410800); needed only where the code is in two.',
        }),
      },
      resolve: (_root, args, ctx) => findByCode(ctx, 'unit', args.code, args.region),
    }),
    units: t.field({
      type: UnitConnection,
      description: '单位列表 Departments and units: filtered, sorted (by code unless asked) and counted.',
      args: {
        ...pageArgs(t.arg),
        kind: t.arg({
          type: UnitKindEnum,
          description: '类型 Only departments or only units (as filter.kind).',
        }),
        filter: t.arg({ type: UnitFilter, description: '筛选 Which units.' }),
        orderBy: t.arg({ type: UnitOrder, description: '排序 How they are sorted.' }),
      },
      complexity: pageComplexity,
      resolve: (_root, args, ctx) =>
        unitPage(
          ctx,
          args,
          { ...args.filter, kind: args.filter?.kind ?? args.kind },
          (args.orderBy as UnitOrderShape | null) ?? { field: 'code' },
        ),
    }),
    allUnitsBudget: t.field({
      type: ConsolidatedBudgetRef,
      nullable: true,
      description: '全部单位预算 The sum of every unit’s latest budget for a year; null when none has one.',
      args: yearStageArgs,
      resolve: (_root, args, ctx) =>
        consolidated(ctx, consolidatedKey('all', '', args.year, args.stage ?? DEFAULT_STAGE)),
    }),
    region: t.field({
      type: RegionRef,
      nullable: true,
      description: '行政区划 A region by its code (410800).',
      args: { code: t.arg.string({ required: true, description: '区划代码 Code.' }) },
      resolve: async (_root, args, ctx) =>
        (await ctx.loaders.regions.load('all')).find((r) => r.code === args.code) ?? null,
    }),
    regions: t.field({
      type: [RegionRef],
      description: '行政区划 Every region, by code.',
      resolve: (_root, _args, ctx) => ctx.loaders.regions.load('all'),
    }),
    department: t.field({
      type: DepartmentRef,
      nullable: true,
      description: '部门 A department by its code (and region, where the code is in more than one).',
      args: {
        code: t.arg.string({ required: true, description: '部门编码 Department code (122).' }),
        region: t.arg.string({
          description: '行政区划 Region code (410800); needed only where the code is in two.',
        }),
      },
      resolve: (_root, args, ctx) => findByCode(ctx, 'department', args.code, args.region),
    }),
  }),
});
