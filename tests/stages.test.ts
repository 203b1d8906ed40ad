import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { findBudget } from '../src/db/disclosures.js';
import { LAYOUTS, layout, layoutsOf, NoLayoutsError } from '../src/disclosure/layouts.js';
import { DEFAULT_STAGE, STAGE_KEYS } from '../src/domain.js';
import { writeDisclosure } from '../src/importer/write.js';
import { formatWan, sum } from '../src/money.js';
import { seededMemoryDatabase } from './support/database.js';
import { seedDisclosure } from './support/seed.js';

/**
 * Stage is a parameter: the seed's 预算 and a 决算 of the same unit and year, stored side by side,
 * are told apart by every reader that takes a stage, and the default is 预算 everywhere.
 */
let db: Db;
let app: ReturnType<typeof createApp>;
const seed = seedDisclosure();
// the 决算 spent 1.00 万元 more on its first functional line than the 预算 planned
const final = {
  ...seed,
  stage: 'final' as const,
  functional: seed.functional.map((f, i) => (i === 0 ? { ...f, amount: f.amount + 10_000 } : f)),
};
beforeAll(() => {
  db = seededMemoryDatabase();
  writeDisclosure(db, final);
  app = createApp({ db, config: loadConfig({}) });
});

async function graphql(query: string) {
  const response = await app.fetch(
    new Request('http://yusuan/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    }),
  );
  return response.json() as Promise<{ data?: unknown; errors?: { message: string; extensions: object }[] }>;
}

describe('stage as a parameter', () => {
  it('names the default stage and keys layouts by stage', () => {
    expect(STAGE_KEYS).toEqual(['budget', 'final']);
    expect(DEFAULT_STAGE).toBe('budget');
    expect(layoutsOf('budget')).toBe(LAYOUTS);
    expect(() => layoutsOf('final')).toThrow(new NoLayoutsError('final'));
    expect(new NoLayoutsError('final').message).toBe('决算 (final accounts) tables have no layouts yet');
    expect(layout(5)?.no).toBe(5);
    expect(layout(5, 'final')).toBeUndefined();
  });

  it('finds a budget by stage, 预算 by default', () => {
    const budget = findBudget(db, '122201', 2024);
    const finalBudget = findBudget(db, '122201', 2024, undefined, 'final');
    expect([budget?.stage, budget?.revision, finalBudget?.stage, finalBudget?.revision]).toEqual([
      'budget',
      1,
      'final',
      1,
    ]);
    expect(findBudget(db, '122201', 2023, undefined, 'final')).toBeUndefined();
  });

  it('GraphQL: a budget, a series and a unit list take a stage, 预算 by default', async () => {
    const planned = formatWan(sum(seed.functional.map((f) => f.amount)));
    const spent = formatWan(sum(final.functional.map((f) => f.amount)));
    const answer = await graphql(`{
      unit(code: "122201") {
        planned: budget(year: 2024) { stage total { value } }
        asked: budget(year: 2024, stage: BUDGET) { stage total { value } }
        spent: budget(year: 2024, stage: FINAL) { stage total { value } }
        none: budget(year: 2023, stage: FINAL) { stage }
        series(metric: TOTAL, stage: FINAL) { year value }
      }
      finalUnits: units(first: 10, filter: { year: 2024, stage: FINAL }) { totalCount }
      noFinal: units(first: 10, filter: { year: 2023, stage: FINAL }) { totalCount }
    }`);
    expect(answer).toEqual({
      data: {
        unit: {
          planned: { stage: 'BUDGET', total: { value: planned } },
          asked: { stage: 'BUDGET', total: { value: planned } },
          spent: { stage: 'FINAL', total: { value: spent } },
          none: null,
          series: [{ year: 2024, value: spent }],
        },
        finalUnits: { totalCount: 1 },
        noFinal: { totalCount: 0 },
      },
    });
    expect(planned).not.toEqual(spent);
  });

  it.each(['tables { no }', 'table(no: 5) { no }', 'explanation { title }'])(
    'GraphQL: %s of a stage without layouts is one clear error',
    async (field) => {
      const answer = await graphql(
        `{ unit(code: "122201") { budget(year: 2024, stage: FINAL) { ${field} } } }`,
      );
      expect(answer.errors).toEqual([
        expect.objectContaining({
          message: '决算 (final accounts) tables have no layouts yet',
          extensions: { code: 'NOT_AVAILABLE' },
        }),
      ]);
    },
  );

  it('GraphQL: consolidated budgets and series sum the stage asked for, 预算 by default', async () => {
    const planned = formatWan(sum(seed.functional.map((f) => f.amount)));
    const spent = formatWan(sum(final.functional.map((f) => f.amount)));
    const answer = await graphql(`{
      unit(code: "122") {
        departmentBudget(year: 2024) { total { value } }
        finalBudget: departmentBudget(year: 2024, stage: FINAL) { total { value } }
        series(metric: TOTAL) { year value }
        finalSeries: series(metric: TOTAL, stage: FINAL) { year value }
      }
      region(code: "410800") { budget(year: 2024, stage: FINAL) { total { value } } }
      allUnitsBudget(year: 2024, stage: FINAL) { total { value } }
      none: allUnitsBudget(year: 2023, stage: FINAL) { total { value } }
    }`);
    expect(answer).toEqual({
      data: {
        unit: {
          departmentBudget: { total: { value: planned } },
          finalBudget: { total: { value: spent } },
          series: [{ year: 2024, value: planned }],
          finalSeries: [{ year: 2024, value: spent }],
        },
        region: { budget: { total: { value: spent } } },
        allUnitsBudget: { total: { value: spent } },
        none: null,
      },
    });
  });

  it('downloads: the stage sits between year and unit, none meaning 预算', async () => {
    const get = async (path: string) => {
      const response = await app.fetch(new Request(`http://yusuan/opendata${path}`));
      return [
        response.status,
        response.status === 200
          ? ''
          : ((await response.json()) as { error: { message: string } }).error.message,
      ];
    };
    expect(await get('/410800/2024/122201/01.csv')).toEqual([200, '']);
    expect(await get('/410800/2024/final/122201/01.csv')).toEqual([
      404,
      '决算 (final accounts) tables have no layouts yet',
    ]);
    expect(await get('/410800/2023/final/122201/01.csv')).toEqual([
      404,
      'no final accounts disclosures for year 2023 in region 410800',
    ]);
    expect(await get('/410800/2024/final/122299/01.csv')).toEqual([
      404,
      'no 2024 final accounts disclosure of unit 122299 in region 410800',
    ]);
    // the narrative is written in the stage's document's sentences: none for a stage without layouts
    expect(await get('/410800/2024/122201/narrative.json')).toEqual([200, '']);
    expect(await get('/410800/2024/final/122201/narrative.md')).toEqual([
      404,
      '决算 (final accounts) tables have no layouts yet',
    ]);
    // "budget" is the default's key, not a path segment
    expect((await get('/410800/2024/budget/122201/01.csv'))[0]).toBe(404);
  });
});
