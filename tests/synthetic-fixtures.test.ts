import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../src/disclosure/checks/index.js';
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

      it('passes every check', () => {
        const failed = runChecks(d, catalog)
          .filter((r) => !r.passed)
          .map(({ id, expected, found, detail }) => ({ id, expected, found, detail }));
        expect(failed).toEqual([]);
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

      it('can be read back one way only: each project’s 项, each line’s basic or project part', () => {
        // projects to 项: every assignment that gives each (项, type, source) its project spending
        // (a project can only sit under a 项 with project spending of its type from its sources)
        const candidates = (p: (typeof d.projects)[number]) => [
          ...new Set(
            d.functional
              .filter((f) => f.category === p.category && p.amounts.some((a) => a.fund === f.fund))
              .map((f) => f.subjectCode),
          ),
        ];
        const target = (assignment: string[]) =>
          FUND_KEYS.flatMap((fund) =>
            d.functional
              .filter((f) => f.fund === fund && CATEGORIES[f.category].group === 'project')
              .map(
                (f) =>
                  f.amount ===
                  sum(
                    d.projects
                      .filter((p, i) => assignment[i] === f.subjectCode && p.category === f.category)
                      .flatMap((p) => p.amounts.filter((a) => a.fund === fund).map((a) => a.amount)),
                  ),
              ),
          ).every(Boolean);
        const assignments = d.projects.reduce<string[][]>(
          (partial, p) => partial.flatMap((a) => candidates(p).map((code) => [...a, code])),
          [[]],
        );
        expect(assignments.filter(target)).toEqual([d.projects.map((p) => p.functionalSubjectCode)]);
        // outside the general public budget (which 06 shows), 08 gives each line's total by source:
        // no line is both basic and project, and one set of lines only adds up to the basic spending
        const others = FUND_KEYS.filter((f) => f !== 'generalPublic');
        const lines = (fund: Fund) => d.economic.filter((e) => e.fund === fund);
        const pairs = others.flatMap((f) =>
          lines(f).map((e) => `${f} ${e.departmentCode}/${e.governmentCode}`),
        );
        expect(pairs.filter((pair, i) => pairs.indexOf(pair) !== i)).toEqual([]);
        const basicSets = (fund: Fund) =>
          lines(fund)
            .reduce<(typeof d.economic)[]>((sets, e) => sets.flatMap((set) => [set, [...set, e]]), [[]])
            .filter(
              (set) =>
                sum(set.map((e) => e.amount)) ===
                ctx.functional({ funds: [fund], groups: ['personnel', 'public'] }),
            )
            .map((set) => set.map((e) => `${e.departmentCode}/${e.governmentCode}`));
        expect(Object.fromEntries(others.map((f) => [f, basicSets(f)]))).toEqual(
          Object.fromEntries(
            others.map((f) => [
              f,
              [
                lines(f)
                  .filter((e) => e.group !== 'project')
                  .map((e) => `${e.departmentCode}/${e.governmentCode}`),
              ],
            ]),
          ),
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
