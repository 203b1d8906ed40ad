import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { unitKey } from '../db/facts.js';
import { keptQuery } from '../db/kept-query.js';
import type { UnitRow } from '../db/loaders.js';
import { budgetFigures, units } from '../db/schema.js';
import { regionAndBelow } from '../disclosure/regions.js';
import { DEFAULT_STAGE, type Stage } from '../domain.js';
import type { Context } from './builder.js';
import { arrayPage, checkPageSize, connectionPage, pageStart } from './pagination.js';
import type { UnitOrderShape } from './schema/inputs.js';
import { UnitConnection } from './schema/unit-connection.js';

/**
 * A figure of each unit's latest budget of a year, as a correlated SQL expression (null without
 * one): a lookup in the import's budget_figures rollup through its index, not a sum of facts.
 */
function unitFigure(field: 'total' | 'threePublicCosts', year: number, stage: Stage): SQL {
  const column = field === 'total' ? budgetFigures.total : budgetFigures.threePublicCosts;
  return sql`(select ${column} from ${budgetFigures}
    where ${budgetFigures.regionCode} = ${units.regionCode} and ${budgetFigures.unitCode} = ${units.code}
      and ${budgetFigures.year} = ${year} and ${budgetFigures.stage} = ${stage} and ${budgetFigures.latest})`;
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
  const stage = order.stage ?? DEFAULT_STAGE;
  if (order.field === 'totalChange')
    return sql`(${unitFigure('total', order.year, stage)} - ${unitFigure('total', order.year - 1, stage)})`;
  return unitFigure(order.field, order.year, stage);
}

/**
 * A page of units from SQL: filtered, sorted (by a figure computed in SQL where asked) and
 * counted, in three statements however many units there are.
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
    /** the stage `year` asks for (default 预算) */
    stage?: Stage | null;
    /** the units of this department (a department's own list) */
    departmentOf?: { regionCode: string; code: string } | null;
  },
  order: UnitOrderShape,
) {
  checkPageSize(args, ctx.config.maxPageSize);
  const offset = pageStart(UnitConnection.name, args.after);
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
          and ${budgetFigures.stage} = ${filter.stage ?? DEFAULT_STAGE})`,
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
  return { totalCount, ...connectionPage(UnitConnection.name, offset, page, keys.length > args.first) };
}

/** A department's units: from one batched statement for every department asked about, or a page from SQL when filtered or sorted. */
export async function departmentUnits(
  ctx: Context,
  u: UnitRow,
  args: { first: number; after?: string | null; filter?: object | null; orderBy?: unknown },
) {
  if (!args.filter && !args.orderBy) {
    const children = await ctx.loaders.unitsByParent.load(unitKey(u));
    return {
      ...arrayPage(UnitConnection, args, ctx.config.maxPageSize, children),
      totalCount: children.length,
    };
  }
  return unitPage(
    ctx,
    args,
    { ...args.filter, departmentOf: u },
    (args.orderBy as UnitOrderShape | null) ?? { field: 'code' },
  );
}

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
