import { type ResolveCursorConnectionArgs, resolveCursorConnection } from '@pothos/plugin-relay';
import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import { loadNodes } from '../../db/loaders.js';
import { units } from '../../db/schema.js';
import { builder } from '../builder.js';
import { arrayPage, checkPageSize, connectionOf, pageArgs, pageComplexity } from '../pagination.js';
import { BudgetRef, UnitRef } from './refs.js';

const UnitKindEnum = builder.enumType('UnitKind', {
  description: '单位类型 Department (部门) or budget unit (单位).',
  values: {
    DEPARTMENT: { value: 'department' as const, description: '部门 A department, parent of units.' },
    UNIT: { value: 'unit' as const, description: '单位 A budget unit.' },
  },
});

const FormationRef = builder.objectRef<{ document: string; predecessors: string[] }>('Formation').implement({
  description: '组建 The reorganisation a unit came from.',
  fields: (t) => ({
    document: t.exposeString('document', {
      description: '文件 The document that ordered it (焦编〔2023〕85号).',
    }),
    predecessors: t.exposeStringList('predecessors', {
      description: '原单位 The units merged into this one.',
    }),
  }),
});

const UnitConnection = connectionOf(UnitRef, 'UnitConnection', '单位列表 A page of units');

builder.node(UnitRef, {
  description: '单位 A department or budget unit, with the profile its disclosure gives.',
  id: { resolve: (u) => u.code },
  loadMany: (codes, ctx) => loadNodes(ctx.loaders.unit, codes),
  fields: (t) => ({
    code: t.exposeString('code', { description: '单位编码 Unit code (122201).' }),
    name: t.exposeString('name', { description: '单位名称 Unit name.' }),
    kind: t.field({ type: UnitKindEnum, description: '类型 Department or unit.', resolve: (u) => u.kind }),
    parent: t.field({
      type: UnitRef,
      nullable: true,
      description: '上级部门 The department a unit belongs to.',
      resolve: (u, _args, ctx) => (u.parentCode ? ctx.loaders.unit.load(u.parentCode) : null),
    }),
    units: t.field({
      type: UnitConnection,
      description: '所属单位 The units of a department.',
      args: pageArgs(t.arg),
      complexity: pageComplexity,
      resolve: async (u, args, ctx) =>
        arrayPage(args, ctx.config.maxPageSize, await ctx.loaders.unitsByParent.load(u.code)),
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
      description: '预算 The unit’s budget for a year: the latest revision unless one is asked for.',
      args: {
        year: t.arg.int({ required: true, description: '年度 Budget year (2024).' }),
        revision: t.arg.int({ description: '修订版本 A revision number; default the latest.' }),
      },
      resolve: async (u, args, ctx) => {
        const budgets = (await ctx.loaders.budgetsByUnit.load(u.code)).filter(
          (b) =>
            b.year === args.year &&
            b.stage === 'budget' &&
            (args.revision == null || b.revision === args.revision),
        );
        return budgets.at(-1) ?? null;
      },
    }),
    budgets: t.field({
      type: [BudgetRef],
      description: '历年预算 Every stored budget of the unit, every revision, by year then revision.',
      resolve: (u, _args, ctx) => ctx.loaders.budgetsByUnit.load(u.code),
    }),
  }),
});

builder.queryType({ description: '查询 Yusuan: budget disclosures of Chinese government units.' });

builder.queryField('unit', (t) =>
  t.field({
    type: UnitRef,
    nullable: true,
    description: '单位 A department or unit by its code.',
    args: { code: t.arg.string({ required: true, description: '单位编码 Unit code (122201).' }) },
    resolve: (_root, args, ctx) => ctx.loaders.unit.load(args.code),
  }),
);

builder.queryField('units', (t) =>
  t.field({
    type: UnitConnection,
    description: '单位列表 Departments and units, by code.',
    args: {
      ...pageArgs(t.arg),
      kind: t.arg({ type: UnitKindEnum, description: '类型 Only departments or only units.' }),
    },
    resolve: (_root, args, ctx) => {
      checkPageSize(args, ctx.config.maxPageSize);
      return resolveCursorConnection(
        { args, toCursor: (u) => u.code },
        ({ before, after, limit, inverted }: ResolveCursorConnectionArgs) => {
          // `before` and `inverted` never occur: connections here page forward only.
          const rows = ctx.db
            .select()
            .from(units)
            .where(
              and(
                args.kind ? eq(units.kind, args.kind) : undefined,
                after ? gt(units.code, after) : undefined,
                before ? lt(units.code, before) : undefined,
              ),
            )
            .orderBy(inverted ? desc(units.code) : asc(units.code))
            .limit(limit)
            .all();
          for (const row of rows) ctx.loaders.unit.prime(row.code, row);
          return rows;
        },
      );
    },
  }),
);
