import { GraphQLError } from 'graphql';
import { departmentKey, unitKey } from '../../db/facts.js';
import {
  type ConsolidatedFacts,
  type ConsolidatedKey,
  loadNodes,
  type RegionRow,
  type UnitRow,
} from '../../db/loaders.js';
import { type FunctionalFilter, functionalTotal } from '../../disclosure/context.js';
import type { FunctionalExpenditure } from '../../disclosure/facts.js';
import { type Fund, fundKeysOf, THREE_PUBLIC_KEYS, type ThreePublicItem } from '../../domain.js';
import { sum } from '../../money.js';
import { builder, type Context } from '../builder.js';
import { pageArgs, pageComplexity } from '../pagination.js';
import { AmountRef, type AmountShape, fundFields } from './amount.js';
import { FundEnum, SubjectSchemeEnum } from './enums.js';
import { UnitRef } from './refs.js';
import { departmentUnits, findByCode, UnitConnection, UnitFilter, UnitOrder } from './unit.js';

/**
 * 部门预算 and the sum of all units: consolidated budgets, the sums of their units' latest budgets
 * of a year, answered from sums computed in SQL (db/loaders.ts: consolidated).
 */
interface ConsolidatedShape {
  key: ConsolidatedKey;
  year: number;
  facts: ConsolidatedFacts;
}

const priorKey = (c: ConsolidatedShape): ConsolidatedKey =>
  c.key.replace(/:(\d+)$/, `:${c.year - 1}`) as ConsolidatedKey;

async function consolidated(ctx: Context, key: ConsolidatedKey): Promise<ConsolidatedShape | null> {
  const facts = await ctx.loaders.consolidated.load(key);
  return facts.unitCount ? { key, year: Number(key.split(':')[2]), facts } : null;
}

/** An amount of a consolidated budget, with its share and its change from the year before's sum. */
function amountOf(
  c: ConsolidatedShape,
  value: (f: ConsolidatedFacts) => number,
  whole: (f: ConsolidatedFacts) => number | null,
): AmountShape {
  return {
    value: value(c.facts),
    shareOf: whole(c.facts),
    previous: async (ctx) => {
      const prior = await ctx.loaders.consolidated.load(priorKey(c));
      return prior.unitCount ? value(prior) : null;
    },
  };
}

const spent = (filter: FunctionalFilter) => (f: ConsolidatedFacts) =>
  functionalTotal(f.functional as FunctionalExpenditure[], filter);

const ConsolidatedFundRef = builder
  .objectRef<{ c: ConsolidatedShape; fund: string }>('ConsolidatedFund')
  .implement({
    description:
      '分资金来源 Spending of a consolidated budget from one source of funds (or several, unsplit).',
    fields: (t) => ({
      ...fundFields(t, (f) => f.fund),
      amount: t.field({
        type: AmountRef,
        description: '金额 Spending from this source; share of the consolidated total.',
        resolve: ({ c, fund }) => amountOf(c, spent({ fundKey: fund }), spent({})),
      }),
    }),
  });

interface ConsolidatedSubjectShape {
  c: ConsolidatedShape;
  code: string;
  fund?: Fund;
}

const ConsolidatedSubjectRef = builder.objectRef<ConsolidatedSubjectShape>('ConsolidatedSubject');
ConsolidatedSubjectRef.implement({
  description: '汇总科目 A functional subject of a consolidated budget.',
  fields: (t) => ({
    code: t.exposeString('code', { description: '科目编码 Code (201, 20103, 2010301).' }),
    level: t.int({
      description: '级次 1 类, 2 款, 3 项.',
      resolve: (s) => [3, 5, 7].indexOf(s.code.length) + 1,
    }),
    name: t.string({
      description: '科目名称 Official name.',
      resolve: async (s, _args, ctx) =>
        (await ctx.loaders.catalog.load('all')).get('functional', s.code)?.name ?? s.code,
    }),
    total: t.field({
      type: AmountRef,
      description:
        '合计 Spending under the subject; share of the consolidated total (of its fund’s, with fund).',
      resolve: (s) => {
        const funds = s.fund ? [s.fund] : undefined;
        return amountOf(s.c, spent({ under: s.code, funds }), spent({ funds }));
      },
    }),
    children: t.field({
      type: [ConsolidatedSubjectRef],
      description: '下级科目 Subjects one level down with spending.',
      resolve: (s) => subjectsOf(s.c, s.code.length === 3 ? 5 : 7, s.fund, s.code),
    }),
  }),
});

function subjectsOf(
  c: ConsolidatedShape,
  length: number,
  fund?: Fund,
  under = '',
): ConsolidatedSubjectShape[] {
  if (![3, 5, 7].includes(length) || (under && under.length >= length)) return [];
  const codes = new Set(
    c.facts.functional
      .filter((f) => f.amount && f.subjectCode.startsWith(under) && (!fund || f.fund === fund))
      .map((f) => f.subjectCode.slice(0, length)),
  );
  return [...codes].sort().map((code) => ({ c, code, ...(fund ? { fund } : {}) }));
}

const THREE_PUBLIC_FIELDS: [ThreePublicItem | 'total', string][] = [
  ['total', '合计 All “three public” costs.'],
  ['outboundTravel', '因公出国（境）费.'],
  ['vehiclePurchase', '公务用车购置费.'],
  ['vehicleOperation', '公务用车运行维护费.'],
  ['reception', '公务接待费.'],
];

const ConsolidatedThreePublicRef = builder
  .objectRef<ConsolidatedShape>('ConsolidatedThreePublicCosts')
  .implement({
    description: '“三公”经费 The “three public” costs of a consolidated budget; shares of their total.',
    fields: (t) =>
      Object.fromEntries(
        THREE_PUBLIC_FIELDS.map(([item, description]) => [
          item,
          t.field({
            type: AmountRef,
            description,
            resolve: (c) => {
              const items = item === 'total' ? THREE_PUBLIC_KEYS : [item];
              const of = (list: readonly string[]) => (f: ConsolidatedFacts) =>
                sum(f.threePublic.filter((x) => list.includes(x.item)).map((x) => x.amount));
              return amountOf(c, of(items), of(THREE_PUBLIC_KEYS));
            },
          }),
        ]),
      ),
  });

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

builder.objectField(UnitRef, 'departmentBudget', (t) =>
  t.field({
    type: ConsolidatedBudgetRef,
    nullable: true,
    description:
      '部门预算 A department’s consolidated budget for a year: the sum of its units’ latest budgets; null for a unit, or a year none of its units has.',
    args: { year: t.arg.int({ required: true, description: '年度 Budget year (2024).' }) },
    resolve: (u, args, ctx) =>
      u.kind === 'department' ? consolidated(ctx, `department:${unitKey(u)}:${args.year}`) : null,
  }),
);

builder.queryField('allUnitsBudget', (t) =>
  t.field({
    type: ConsolidatedBudgetRef,
    nullable: true,
    description: '全部单位预算 The sum of every unit’s latest budget for a year; null when none has one.',
    args: { year: t.arg.int({ required: true, description: '年度 Budget year (2024).' }) },
    resolve: (_root, args, ctx) => consolidated(ctx, `all::${args.year}`),
  }),
);

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
      args: { year: t.arg.int({ required: true, description: '年度 Budget year (2024).' }) },
      resolve: (r, args, ctx) => consolidated(ctx, `region:${r.code}:${args.year}`),
    }),
  }),
});

builder.objectField(UnitRef, 'region', (t) =>
  t.field({
    type: RegionRef,
    nullable: true,
    description:
      '行政区划 The region the unit belongs to (from its project codes, or as its import declared).',
    resolve: async (u, _args, ctx) =>
      (await ctx.loaders.regions.load('all')).find((r) => r.code === u.regionCode) ?? null,
  }),
);

builder.queryField('region', (t) =>
  t.field({
    type: RegionRef,
    nullable: true,
    description: '行政区划 A region by its code (410800).',
    args: { code: t.arg.string({ required: true, description: '区划代码 Code.' }) },
    resolve: async (_root, args, ctx) =>
      (await ctx.loaders.regions.load('all')).find((r) => r.code === args.code) ?? null,
  }),
);

builder.queryField('regions', (t) =>
  t.field({
    type: [RegionRef],
    description: '行政区划 Every region, by code.',
    resolve: (_root, _args, ctx) => ctx.loaders.regions.load('all'),
  }),
);

const SeriesMetricEnum = builder.enumType('SeriesMetric', {
  description: '序列指标 A figure followed over the years.',
  values: {
    TOTAL: { value: 'total' as const, description: '支出总计 All spending.' },
    BASIC: { value: 'basic' as const, description: '基本支出 Basic spending.' },
    PROJECT: { value: 'project' as const, description: '项目支出 Project spending.' },
    THREE_PUBLIC_COSTS: { value: 'threePublicCosts' as const, description: '“三公”经费.' },
    OPERATING_COSTS: { value: 'operatingCosts' as const, description: '机关（机构）运行经费.' },
  },
});
type SeriesMetric = 'total' | 'basic' | 'project' | 'threePublicCosts' | 'operatingCosts';

/** A series' figure of consolidated facts (a unit's own facts have the same shape). */
function seriesValue(metric: SeriesMetric, f: ConsolidatedFacts): number {
  if (metric === 'threePublicCosts') return sum(f.threePublic.map((x) => x.amount));
  if (metric === 'operatingCosts') return f.operatingCosts;
  const groups =
    metric === 'basic'
      ? (['personnel', 'public'] as const)
      : metric === 'project'
        ? (['project'] as const)
        : undefined;
  return spent({ groups })(f);
}

const YearFigureRef = builder.objectRef<{ year: number; value: number }>('YearFigure').implement({
  description: '年度数值 A figure of one year.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: '年度 Year.' }),
    value: t.field({ type: 'Decimal', description: '数值 万元.', resolve: (y) => y.value }),
  }),
});

/** The years with any stored budget, once per request. */
async function budgetYears(ctx: Context): Promise<number[]> {
  return ctx.loaders.years.load('all');
}

async function consolidatedSeries(
  ctx: Context,
  scope: (year: number) => ConsolidatedKey,
  metric: SeriesMetric,
) {
  const years = await budgetYears(ctx);
  const facts = await Promise.all(years.map((year) => ctx.loaders.consolidated.load(scope(year))));
  return years.flatMap((year, i) =>
    facts[i]!.unitCount ? [{ year, value: seriesValue(metric, facts[i]!) }] : [],
  );
}

builder.objectField(UnitRef, 'series', (t) =>
  t.field({
    type: [YearFigureRef],
    description:
      '历年 A figure over the years stored: of the unit’s latest budget of each year, or, for a department, of its consolidated budget.',
    args: { metric: t.arg({ type: SeriesMetricEnum, required: true, description: '指标 Which figure.' }) },
    resolve: async (u, args, ctx) => {
      if (u.kind === 'department')
        return consolidatedSeries(ctx, (y) => `department:${unitKey(u)}:${y}`, args.metric);
      const budgets = (await ctx.loaders.budgetsByUnit.load(unitKey(u))).filter((b) => b.stage === 'budget');
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
);

builder.objectField(RegionRef, 'series', (t) =>
  t.field({
    type: [YearFigureRef],
    description: '历年 A figure of the region’s consolidated budget over the years stored.',
    args: { metric: t.arg({ type: SeriesMetricEnum, required: true, description: '指标 Which figure.' }) },
    resolve: (r, args, ctx) => consolidatedSeries(ctx, (y) => `region:${r.code}:${y}`, args.metric),
  }),
);

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
      args: { year: t.arg.int({ required: true, description: '年度 Budget year (2024).' }) },
      resolve: (d, args, ctx) => consolidated(ctx, `department:${unitKey(d)}:${args.year}`),
    }),
    series: t.field({
      type: [YearFigureRef],
      description: '历年 A figure of its consolidated budget over the years stored.',
      args: { metric: t.arg({ type: SeriesMetricEnum, required: true, description: '指标 Which figure.' }) },
      resolve: (d, args, ctx) => consolidatedSeries(ctx, (y) => `department:${unitKey(d)}:${y}`, args.metric),
    }),
  }),
});

builder.objectField(UnitRef, 'department', (t) =>
  t.field({
    type: DepartmentRef,
    nullable: true,
    description: '所属部门 The department a unit belongs to (null for a department).',
    resolve: (u, _args, ctx) => {
      const key = departmentKey(u);
      return key ? ctx.loaders.unit.load(key) : null;
    },
  }),
);

builder.queryField('department', (t) =>
  t.field({
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
);
