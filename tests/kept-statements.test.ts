import { asc, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { keptQuery } from '../src/db/kept-query.js';
import * as t from '../src/db/schema.js';
import { seededMemoryDatabase } from './support/database.js';

describe('statements the query builder prepares are kept per connection', () => {
  it('the same query asked twice is prepared once, with other values each time, and the hook sees both', () => {
    const asked: string[] = [];
    const db = seededMemoryDatabase({ onStatement: (source) => asked.push(source) });
    const prepare = vi.spyOn(db.$client, 'prepare');
    const byCode = (code: string) =>
      db.select({ code: t.units.code, name: t.units.name }).from(t.units).where(eq(t.units.code, code)).all();
    expect(byCode('122201')).toEqual([{ code: '122201', name: '焦作市政务大数据中心' }]);
    expect(byCode('122')).toEqual([{ code: '122', name: '政务服务和大数据局' }]);
    expect(byCode('nothing')).toEqual([]);
    expect(prepare).toHaveBeenCalledTimes(1);
    expect(asked.slice(-3)).toEqual(Array(3).fill(asked.at(-1)));
  });

  it('a kept statement comes back in its default mode after the builder used it raw', () => {
    const db = seededMemoryDatabase();
    // the builder reads a selection raw (arrays) and maps it; plain SQL of the same text reads objects
    const selected = db.select({ code: t.units.code }).from(t.units).orderBy(asc(t.units.code)).all();
    const text = db.select({ code: t.units.code }).from(t.units).orderBy(asc(t.units.code)).toSQL().sql;
    expect(db.all(sql.raw(text))).toEqual(selected);
    expect(selected).toEqual([{ code: '122' }, { code: '122201' }]);
  });

  it('a kept query is built once per shape and list length and runs with each call’s values', () => {
    const asked: string[] = [];
    const db = seededMemoryDatabase({ onStatement: (source) => asked.push(source) });
    let built = 0;
    const byCodes = (codes: string[]) =>
      keptQuery(db, 'test:byCodes', codes, (p) => {
        built++;
        return db
          .select({ code: t.units.code })
          .from(t.units)
          .where(inArray(t.units.code, p))
          .orderBy(asc(t.units.code));
      });
    expect(byCodes(['122201'])).toEqual([{ code: '122201' }]);
    expect(byCodes(['122'])).toEqual([{ code: '122' }]);
    expect(byCodes(['122201', '122'])).toEqual([{ code: '122' }, { code: '122201' }]);
    expect(byCodes(['x', '122201'])).toEqual([{ code: '122201' }]);
    expect(built).toBe(2);
    // the hook sees all four runs: two prepared, two kept
    expect(asked.filter((s) => s.includes('"units"."code" in'))).toHaveLength(4);
  });

  it('reads its rows as the query builder does: decoded columns, nested tables, joins that find nothing', () => {
    const db = seededMemoryDatabase();
    type Placeholders = ReturnType<typeof sql.placeholder>[];
    /** keptQuery's rows (twice: built, then kept) and the builder's own, for the same values */
    function both<R>(
      shape: string,
      values: unknown[],
      build: (p: Placeholders) => { prepare(): { all(v: Record<string, unknown>): R[] } },
    ) {
      const named = Object.fromEntries(values.map((v, j) => [`v${j}`, v]));
      const built = build(values.map((_, j) => sql.placeholder(`v${j}`)))
        .prepare()
        .all(named);
      const kept = keptQuery(db, shape, values, build as never) as R[];
      const again = keptQuery(db, shape, values, build as never) as R[];
      expect(built.length, shape).toBeGreaterThan(0);
      expect([kept, again], shape).toEqual([built, built]);
      return kept;
    }
    // JSON columns (a unit's duties), a boolean and a timestamp's text, a profile
    both('units', ['122201'], (p) => db.select().from(t.units).where(eq(t.units.code, p[0]!)));
    both('budgets', ['122201'], (p) => db.select().from(t.budgets).where(eq(t.budgets.unitCode, p[0]!)));
    both('figures', [1], (p) =>
      db.select().from(t.budgetFigures).where(inArray(t.budgetFigures.budgetId, p)),
    );
    both('profiles', [1], (p) =>
      db.select().from(t.budgetProfiles).where(inArray(t.budgetProfiles.budgetId, p)),
    );
    // a table's object from the FROM table beside columns of a left-joined one
    both('projects', [1], (p) =>
      db
        .select({ project: t.projects, fund: t.projectAmounts.fund, amount: t.projectAmounts.amount })
        .from(t.projects)
        .leftJoin(t.projectAmounts, eq(t.projectAmounts.projectId, t.projects.id))
        .where(inArray(t.projects.budgetId, p))
        .orderBy(asc(t.projects.seq), sql`${t.projectAmounts}.rowid`),
    );
    // a department has no budget: the joined table's object is null (left to the builder)
    const joined = both('unit budgets', ['122', '122201'], (p) =>
      db
        .select({ unit: t.units, budget: t.budgets })
        .from(t.units)
        .leftJoin(t.budgets, eq(t.budgets.unitCode, t.units.code))
        .where(inArray(t.units.code, p))
        .orderBy(asc(t.units.code)),
    );
    expect(joined.map((r) => r.budget === null)).toEqual([true, false]);
  });
});
