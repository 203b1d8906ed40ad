import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../src/disclosure/checks.js';
import { BudgetContext, FUND_SETS } from '../src/disclosure/context.js';
import type { Disclosure } from '../src/disclosure/facts.js';
import { renderDisclosure } from '../src/disclosure/render.js';
import { CATEGORIES, type CategoryGroup, FUND_KEYS, type Fund } from '../src/domain.js';
import { formatWan, sum } from '../src/money.js';
import { normalise, readPublishedTables, trimTrailing } from './support/published-document.js';
import {
  documentPath,
  documentText,
  indicatorShifts14,
  SYNTHETIC_UNITS,
  syntheticCatalog,
} from './support/synthetic.js';

const catalog = syntheticCatalog();

/**
 * Checks that fail on these multi-fund units because the check, not the facts, is wrong; they are
 * being repaired. Each entry is asserted exactly, so a repaired check fails this test until its
 * entry is deleted here.
 */
const UNDER_REPAIR = [
  // 05 合计 is this year's 一般公共预算; 04's 一般公共预算 column now adds 上年结转 (15.00)
  { unit: '201003', id: '05.total', expected: '366.80', found: '351.80', detail: null },
  // 06 is the general public budget only; 07 also lists the 事业收入 / 其他收入 basic lines
  { unit: '201003', id: '06-07.basic', expected: '249.40', found: '264.40', detail: null },
  { unit: '207105', id: '06-07.basic', expected: '146.82', found: '150.82', detail: null },
  // the same cause as 06-07.basic, in 07.types: 07's 公用经费 lines include those non-GP lines
  { unit: '201003', id: '07.types', expected: '43.20', found: '58.20', detail: '公用经费' },
  { unit: '207105', id: '07.types', expected: '19.00', found: '23.00', detail: '公用经费' },
];

const unitA = SYNTHETIC_UNITS.find((d) => d.unit.code === '201003')!;
const unitB = SYNTHETIC_UNITS.find((d) => d.unit.code === '207105')!;

/** Spending by source of funds, 万元: what each unit is made of. */
function spendingByFund(d: Disclosure): Record<string, string> {
  const ctx = new BudgetContext(d, catalog);
  return Object.fromEntries(
    FUND_KEYS.filter((f) => ctx.functional({ funds: [f] })).map((f) => [
      f,
      formatWan(ctx.functional({ funds: [f] })),
    ]),
  );
}

describe('the synthetic disclosures', () => {
  it('carry the sources of funds the seed lacks', () => {
    expect([spendingByFund(unitA), spendingByFund(unitB)]).toEqual([
      {
        generalPublic: '351.80',
        governmentFund: '120.00',
        stateCapital: '40.00',
        operatingRevenue: '24.50',
        carryoverGeneralPublic: '15.00',
      },
      { generalPublic: '226.72', specialAccount: '12.60', otherRevenue: '9.00' },
    ]);
  });

  for (const d of SYNTHETIC_UNITS) {
    describe(`${d.unit.code} ${d.unit.name}`, () => {
      const ctx = new BudgetContext(d, catalog);
      const text = documentText(d, catalog, true);

      it('regenerates the committed document, whole', () => {
        expect(fs.readFileSync(documentPath(d), 'utf8')).toBe(text);
      });

      it('passes every check but those under repair', () => {
        const failed = runChecks(d, catalog)
          .filter((r) => !r.passed)
          .map(({ id, expected, found, detail }) => ({ unit: d.unit.code, id, expected, found, detail }));
        expect(failed).toEqual(UNDER_REPAIR.filter((r) => r.unit === d.unit.code));
      });

      it('is made of fine facts: one fund each, one row per key, whole hundreds of 元', () => {
        const keys = [
          ...d.functional.map((f) => `functional ${f.subjectCode} ${f.category} ${f.fund}`),
          ...d.economic.map((e) => `economic ${e.departmentCode} ${e.governmentCode} ${e.group} ${e.fund}`),
          ...d.projects.flatMap((p) => p.amounts.map((a) => `project ${p.code} ${a.fund}`)),
        ];
        expect(new Set(keys).size).toBe(keys.length);
        const amounts = [
          ...d.incomes,
          ...d.functional,
          ...d.economic,
          ...d.basicItems,
          ...d.projects.flatMap((p) => p.amounts),
          ...d.threePublic,
          ...d.operatingCosts,
          ...d.priorYear,
          ...d.procurement,
        ].map((x) => x.amount);
        expect(amounts.filter((a) => !Number.isInteger(a) || a % 100 !== 0 || a < 0)).toEqual([]);
        expect(d.projects.map((p) => p.code).filter((code) => !/^\d{21}$/.test(code))).toEqual([]);
      });

      it('holds every identity per source of funds, where the checks compare all funds at once', () => {
        const groups = Object.keys({ personnel: 0, public: 0, project: 0 }) as CategoryGroup[];
        const perFund = (figure: (fund: Fund) => unknown) =>
          Object.fromEntries(FUND_KEYS.map((fund) => [fund, figure(fund)]));
        // economic facts add up to the functional facts of their fund, group by group
        expect(perFund((f) => groups.map((group) => ctx.economic({ funds: [f], groups: [group] })))).toEqual(
          perFund((f) => groups.map((group) => ctx.functional({ funds: [f], groups: [group] }))),
        );
        // 07 lines are the basic spending of their fund; income is the spending of its fund
        expect(perFund((f) => [ctx.basicItems({ funds: [f] }), ctx.income([f])])).toEqual(
          perFund((f) => [
            ctx.functional({ funds: [f], groups: ['personnel', 'public'] }),
            ctx.functional({ funds: [f] }),
          ]),
        );
        expect(ctx.incomeLine('generalPublicAppropriation')).toBe(ctx.income(FUND_SETS.generalPublic));
        // projects add up to the project spending of their 项, type and fund
        const projectKeys = [
          ...new Set(
            d.functional
              .filter((f) => CATEGORIES[f.category].group === 'project')
              .map((f) => `${f.subjectCode} ${f.category} ${f.fund}`),
          ),
        ];
        expect(
          Object.fromEntries(
            projectKeys.map((key) => [
              key,
              sum(
                d.projects
                  .filter(
                    (p) =>
                      `${p.functionalSubjectCode} ${p.category}` === key.split(' ').slice(0, 2).join(' '),
                  )
                  .flatMap((p) => p.amounts)
                  .filter((a) => a.fund === key.split(' ')[2])
                  .map((a) => a.amount),
              ),
            ]),
          ),
        ).toEqual(
          Object.fromEntries(
            d.functional
              .filter((f) => CATEGORIES[f.category].group === 'project')
              .map((f) => [`${f.subjectCode} ${f.category} ${f.fund}`, f.amount]),
          ),
        );
        expect(sum(d.projects.flatMap((p) => p.amounts).map((a) => a.amount))).toBe(
          ctx.functional({ groups: ['project'] }),
        );
      });

      it('prints every figure its narrative claims, in the claim’s words', () => {
        const plain = text.replaceAll('**', '');
        expect(d.narrative.filter((c) => !plain.includes(c.quote))).toEqual([]);
        expect(d.narrative.length).toBeGreaterThan(50);
      });

      it('keeps every figure through the extraction artefacts: the document reads back as the rendered tables', () => {
        const cell = (c: string) => normalise(c).replaceAll('（', '(').replaceAll('）', ')');
        const shifts = indicatorShifts14(d, catalog);
        expect(Object.keys(shifts).length).toBeGreaterThan(3);
        const unshift = (row: string[]) => {
          const shift = shifts[row.slice(6).find(Boolean) ?? ''] ?? 0;
          return shift ? [...row.slice(0, 6), ...Array<string>(shift).fill(''), ...row.slice(6)] : row;
        };
        const published = readPublishedTables(documentPath(d), d.year).map((t) => ({
          no: t.no,
          unitName: t.unitName,
          header: t.header.map((row) => row.map(cell)),
          rows: t.rows.map((row) => trimTrailing((t.no === 14 ? unshift(row) : row).map(cell))),
          notes: t.notes,
        }));
        const rendered = renderDisclosure(d, catalog).map((t) => ({
          no: t.no,
          unitName: t.unitBanner ? t.unitName : '',
          header: t.header.map((row) => row.filter(Boolean).map(cell)),
          rows: t.rows.map((r) => trimTrailing(r.cells.map(cell))),
          notes: t.notes,
        }));
        expect(published).toEqual(rendered);
      });

      it('prints the document without artefacts as the tables are drawn', () => {
        const clean = documentText(d, catalog, false);
        expect(clean).not.toBe(text);
        const tables = renderDisclosure(d, catalog);
        for (const t of tables)
          for (const row of t.rows) expect(clean).toContain(`\n${row.cells.join('\t')}`);
      });
    });
  }
});
