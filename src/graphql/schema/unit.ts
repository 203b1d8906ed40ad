import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { departmentKey, unitKey } from '../../db/facts.js';
import { keptQuery } from '../../db/kept-query.js';
import { loadNodes, type UnitRow } from '../../db/loaders.js';
import { budgetFigures, units } from '../../db/schema.js';
import { regionAndBelow } from '../../disclosure/regions.js';
import { builder, type Context } from '../builder.js';
import { arrayPage, checkPageSize, pageArgs, pageComplexity } from '../pagination.js';
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

export const UnitConnection = builder.connectionObject(
  {
    type: UnitRef,
    name: 'UnitConnection',
    description: '单位列表 A page of units (connection)',
    fields: (t) => ({
      totalCount: t.int({
        description: '总数 How many units the list has in all (every page).',
        resolve: (c) => (c as { totalCount?: number }).totalCount ?? 0,
      }),
    }),
  },
  { name: 'UnitEdge', description: '单位列表 A page of units (edge)' },
);

export const UnitFilter = builder.inputType('UnitFilter', {
  description: '单位筛选 Which units a list holds; every condition given must hold.',
  fields: (t) => ({
    kind: t.field({ type: UnitKindEnum, description: '类型 Only departments or only units.' }),
    department: t.string({ description: '部门 Only the units of this department (its code).' }),
    nameContains: t.string({
      description: '名称包含 Only names containing this text (any length, one character included).',
    }),
    year: t.int({ description: '年度 Only units with a budget for this year.' }),
    region: t.string({ description: '行政区划 Only units of this region or the regions under it (410800).' }),
  }),
});

const UnitOrderField = builder.enumType('UnitOrderField', {
  description: '排序字段 What a list of units is sorted by.',
  values: {
    CODE: { value: 'code' as const, description: '单位编码 Code.' },
    NAME: { value: 'name' as const, description: '单位名称 Name (Unicode order).' },
    TOTAL: {
      value: 'total' as const,
      description: '支出总计 Total spending in the year (units without a budget last).',
    },
    THREE_PUBLIC_COSTS: { value: 'threePublicCosts' as const, description: '“三公”经费 in the year.' },
    TOTAL_CHANGE: {
      value: 'totalChange' as const,
      description: '支出总计增减 Total spending in the year less the year before (stored budgets).',
    },
  },
});

const OrderDirection = builder.enumType('OrderDirection', {
  description: '方向 Ascending or descending.',
  values: {
    ASC: { value: 'asc' as const, description: '升序 Smallest first.' },
    DESC: { value: 'desc' as const, description: '降序 Largest first.' },
  },
});

export const UnitOrder = builder.inputType('UnitOrder', {
  description: '单位排序 How a list of units is sorted (ties by code).',
  fields: (t) => ({
    field: t.field({ type: UnitOrderField, required: true, description: '字段 What to sort by.' }),
    year: t.int({ description: '年度 The year of a figure to sort by (required for figures).' }),
    direction: t.field({ type: OrderDirection, defaultValue: 'asc', description: '方向 ASC or DESC.' }),
  }),
});

export type UnitOrderShape = {
  field: 'code' | 'name' | 'total' | 'threePublicCosts' | 'totalChange';
  year?: number | null;
  direction?: 'asc' | 'desc' | null;
};

/**
 * A figure of each unit's latest budget of a year, as a correlated SQL expression (null without
 * one): a lookup in the import's budget_figures rollup through its index, not a sum of facts.
 */
function unitFigure(field: 'total' | 'threePublicCosts', year: number): SQL {
  const column = field === 'total' ? budgetFigures.total : budgetFigures.threePublicCosts;
  return sql`(select ${column} from ${budgetFigures}
    where ${budgetFigures.regionCode} = ${units.regionCode} and ${budgetFigures.unitCode} = ${units.code}
      and ${budgetFigures.year} = ${year} and ${budgetFigures.stage} = 'budget' and ${budgetFigures.latest})`;
}

/**
 * Names containing a text: three characters or more through the trigram index (units_fts),
 * fewer by a scan with LIKE (a trigram index cannot answer them). Both ignore ASCII case.
 */
function nameContains(text: string): SQL {
  if ([...text].length >= 3)
    return sql`${units}.rowid in (select rowid from units_fts where units_fts match ${`"${text.replaceAll('"', '""')}"`})`;
  const like = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`${units.name} like ${`%${like}%`} escape '\\'`;
}

function orderExpression(order: UnitOrderShape): SQL | null {
  if (order.field === 'code' || order.field === 'name') return null;
  if (order.year == null)
    throw new GraphQLError(`orderBy ${order.field} needs a year`, { extensions: { code: 'BAD_USER_INPUT' } });
  if (order.field === 'totalChange')
    return sql`(${unitFigure('total', order.year)} - ${unitFigure('total', order.year - 1)})`;
  return unitFigure(order.field, order.year);
}

/**
 * A page of units from SQL: filtered, sorted (by a figure computed in SQL where asked) and
 * counted, in three statements however many units there are. The cursor is the offset.
 */
export async function unitPage(
  ctx: Context,
  args: { first: number; after?: string | null },
  filter: {
    region?: string | null;
    kind?: 'department' | 'unit' | null;
    department?: string | null;
    nameContains?: string | null;
    year?: number | null;
    /** the units of this department (a department's own list) */
    departmentOf?: { regionCode: string; code: string } | null;
  },
  order: UnitOrderShape,
) {
  checkPageSize(args, ctx.config.maxPageSize);
  const offset = args.after == null ? 0 : Number(args.after);
  if (!Number.isInteger(offset) || offset < 0 || (String(offset) !== args.after && args.after != null))
    throw new GraphQLError('`after` is not a cursor of this list', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  const regions = filter.region ? regionAndBelow(await ctx.loaders.regions.load('all'), filter.region) : null;
  const where = and(
    filter.kind ? eq(units.kind, filter.kind) : undefined,
    filter.department ? eq(units.parentCode, filter.department) : undefined,
    filter.departmentOf
      ? and(
          eq(units.regionCode, filter.departmentOf.regionCode),
          eq(units.parentCode, filter.departmentOf.code),
        )
      : undefined,
    regions ? inArray(units.regionCode, regions) : undefined,
    filter.nameContains ? nameContains(filter.nameContains) : undefined,
    filter.year == null
      ? undefined
      : sql`exists (select 1 from ${budgetFigures} where ${budgetFigures.regionCode} = ${units.regionCode}
          and ${budgetFigures.unitCode} = ${units.code} and ${budgetFigures.year} = ${filter.year}
          and ${budgetFigures.stage} = 'budget')`,
  );
  const figure = orderExpression(order);
  const direction = order.direction === 'desc' ? desc : asc;
  // the keys of the page first (sorting narrow rows), then the page's units by key
  const keys = ctx.db
    .select({
      regionCode: units.regionCode,
      code: units.code,
      ...(figure ? { sortKey: sql<number | null>`${figure}`.as('sort_key') } : {}),
    })
    .from(units)
    .where(where)
    .orderBy(
      ...(figure ? [sql`sort_key is null`, direction(sql`sort_key`)] : []),
      ...(order.field === 'name' ? [direction(units.name)] : []),
      order.field === 'code' ? direction(units.code) : asc(units.code),
      order.field === 'code' ? direction(units.regionCode) : asc(units.regionCode),
    )
    .limit(args.first + 1)
    .offset(offset)
    .all();
  const totalCount = ctx.db.select({ n: count() }).from(units).where(where).get()?.n ?? 0;
  const page = (await ctx.loaders.unit.loadMany(keys.slice(0, args.first).map(unitKey))).map(
    (u) => u as UnitRow,
  );
  const rows = keys;
  return {
    totalCount,
    edges: page.map((node, i) => ({ node, cursor: String(offset + i + 1) })),
    pageInfo: {
      hasNextPage: rows.length > args.first,
      hasPreviousPage: offset > 0,
      startCursor: page.length ? String(offset + 1) : null,
      endCursor: page.length ? String(offset + page.length) : null,
    },
  };
}

/** A department's units: from one batched statement for every department asked about, or a page from SQL when filtered or sorted. */
export async function departmentUnits(
  ctx: Context,
  u: UnitRow,
  args: { first: number; after?: string | null; filter?: object | null; orderBy?: unknown },
) {
  if (!args.filter && !args.orderBy) {
    const children = await ctx.loaders.unitsByParent.load(unitKey(u));
    return { ...arrayPage(args, ctx.config.maxPageSize, children), totalCount: children.length };
  }
  return unitPage(
    ctx,
    args,
    { ...args.filter, departmentOf: u },
    (args.orderBy as UnitOrderShape | null) ?? { field: 'code' },
  );
}

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
      description: '预算 The unit’s budget for a year: the latest revision unless one is asked for.',
      args: {
        year: t.arg.int({ required: true, description: '年度 Budget year (2024).' }),
        revision: t.arg.int({ description: '修订版本 A revision number; default the latest.' }),
      },
      resolve: async (u, args, ctx) => {
        const budgets = (await ctx.loaders.budgetsByUnit.load(unitKey(u))).filter(
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
      resolve: (u, _args, ctx) => ctx.loaders.budgetsByUnit.load(unitKey(u)),
    }),
  }),
});

builder.queryType({ description: '查询 Yusuan: budget disclosures of Chinese government units.' });

/**
 * A unit or department by code and region; the region may be left out while only one region has
 * that code (otherwise the answer is an error naming the regions that do).
 */
export function findByCode(ctx: Context, kind: 'unit' | 'department', code: string, region?: string | null) {
  const rows = keptQuery(
    ctx.db,
    `findByCode:${kind}`,
    region == null ? [code] : [code, region],
    ([byCode, inRegion]) =>
      ctx.db
        .select()
        .from(units)
        .where(
          and(
            eq(units.code, byCode!),
            inRegion === undefined ? undefined : eq(units.regionCode, inRegion),
            kind === 'department' ? eq(units.kind, 'department') : undefined,
          ),
        ),
  );
  if (rows.length > 1)
    throw new GraphQLError(
      `${kind} ${code} is in ${rows.length} regions (${rows.map((r) => r.regionCode).join(', ')}): give region`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  const found = rows[0] ?? null;
  if (found) ctx.loaders.unit.prime(unitKey(found), found);
  return found;
}

builder.queryField('unit', (t) =>
  t.field({
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
);

builder.queryField('units', (t) =>
  t.field({
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
);
