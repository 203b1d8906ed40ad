import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from '../src/db/disclosures.js';
import type { Disclosure } from '../src/disclosure/facts.js';
import { renderDisclosure } from '../src/disclosure/render.js';
import { type ImportResult, importDisclosure } from '../src/importer/index.js';
import { emptyDatabase } from './support/database.js';
import { graphqlClient } from './support/graphql.js';
import { normalise, readPublishedTables, trimTrailing } from './support/published-document.js';
import { SEED_DOCUMENT_FILE } from './support/seed.js';
import { documentPath, indicatorShifts14, SYNTHETIC_UNITS, syntheticCatalog } from './support/synthetic.js';

/**
 * Documents of units with every source of funds, each built from one set of fine facts
 * (tests/support/synthetic.ts) and printed with the extraction's artefacts, are read with
 * nothing typed by hand: every cell of every table and every narrative figure comes back.
 */
const catalog = syntheticCatalog();
const cell = (c: string) => normalise(c).replaceAll('（', '(').replaceAll('）', ')');
const byMetric = (claims: { metric: string; value: string }[]) =>
  claims.map((c) => `${c.metric} = ${c.value}`).sort();

for (const facts of SYNTHETIC_UNITS) {
  describe(`the document of ${facts.unit.code} ${facts.unit.name}`, () => {
    let db: Db;
    let result: ImportResult;
    let stored: Disclosure;
    beforeAll(async () => {
      db = emptyDatabase();
      result = await importDisclosure(db, documentPath(facts));
      const budget = findBudget(db, facts.unit.code, facts.year)!;
      stored = loadDisclosures(db, [budget.id]).get(budget.id)!;
    });

    it('imports, every check passing', () => {
      expect([result.unitCode, result.year, result.created, result.checks.failed]).toEqual([
        facts.unit.code,
        facts.year,
        true,
        0,
      ]);
    });

    it('regenerates every table from the stored facts as the text prints it, cell by cell', () => {
      const shifts = indicatorShifts14(facts, catalog);
      const unshift = (row: string[]) => {
        const shift = shifts[row.slice(6).find(Boolean) ?? ''] ?? 0;
        return shift ? [...row.slice(0, 6), ...Array<string>(shift).fill(''), ...row.slice(6)] : row;
      };
      const printed = readPublishedTables(documentPath(facts), facts.year).map((t) => ({
        no: t.no,
        header: t.header.map((row) => row.map(cell)),
        rows: t.rows.map((row) => trimTrailing((t.no === 14 ? unshift(row) : row).map(cell))),
        notes: t.notes,
      }));
      const regenerated = renderDisclosure(stored, loadCatalog(db).with(stored.declaredSubjects)).map(
        (t) => ({
          no: t.no,
          header: t.header.map((row) => row.filter(Boolean).map(cell)),
          rows: t.rows.map((r) => trimTrailing(r.cells.map(cell))),
          notes: t.notes,
        }),
      );
      expect(regenerated).toEqual(printed);
    });

    it('reads every figure the narrative states, decreases with a minus sign', () => {
      expect(byMetric(stored.narrative)).toEqual(byMetric(facts.narrative));
      expect(stored.narrative.some((c) => c.value.startsWith('-'))).toBe(true);
    });

    it('reads the unit, its department, profile, prior-year figures, 政府采购 and 国有资产', () => {
      const about = (d: Disclosure) => ({
        title: d.title,
        publishedOn: d.publishedOn,
        department: d.department,
        unit: d.unit,
        priorYear: d.priorYear,
        procurement: d.procurement,
        assets: d.assets,
      });
      expect(about(stored)).toEqual(about(facts));
    });

    it('places every project under the 项 its amounts add up to', () => {
      expect(stored.projects.map((p) => [p.code, p.functionalSubjectCode])).toEqual(
        facts.projects.map((p) => [p.code, p.functionalSubjectCode]),
      );
    });

    it('keeps unsplit what the tables state unsplit: 08’s lines of a source that pays basic and project spending', () => {
      const mixed = [
        ...new Set(facts.economic.filter((e) => !['generalPublic'].includes(e.fund)).map((e) => e.fund)),
      ].filter(
        (fund) =>
          new Set(facts.economic.filter((e) => e.fund === fund).map((e) => e.group === 'project')).size === 2,
      );
      expect(mixed.length).toBeGreaterThan(0);
      for (const fund of mixed) {
        const lines = (d: Disclosure) =>
          d.economic
            .filter((e) => e.fund === fund)
            .reduce<Record<string, number>>((m, e) => {
              const key = `${e.departmentCode}/${e.governmentCode}`;
              m[key] = (m[key] ?? 0) + e.amount;
              return m;
            }, {});
        expect(stored.economic.filter((e) => e.fund === fund).map((e) => e.group)).toEqual(
          Object.keys(lines(stored)).map(() => null),
        );
        expect(lines(stored)).toEqual(lines(facts));
      }
    });

    it('answers every narrative figure through GraphQL, to the digit', async () => {
      const graphql = graphqlClient(db);
      const { data, errors } =
        await graphql(`{ unit(code: "${facts.unit.code}") { budget(year: ${facts.year}) {
        narrative { metric value computed }
      } } }`);
      expect(errors).toBeUndefined();
      const claims = data.unit.budget.narrative as {
        metric: string;
        value: string;
        computed: string | null;
      }[];
      expect(claims.length).toBe(facts.narrative.length);
      expect(claims.filter((c) => c.computed === null || !new Decimal(c.computed).equals(c.value))).toEqual(
        [],
      );
    });

    it('gives the general public budget’s own figures and subject tree, shares of its total (part 五)', async () => {
      const graphql = graphqlClient(db);
      const { data, errors } =
        await graphql(`{ unit(code: "${facts.unit.code}") { budget(year: ${facts.year}) {
        total(fund: GENERAL_PUBLIC) { value change { delta percent } }
        subjects(scheme: FUNCTIONAL, level: 1, fund: GENERAL_PUBLIC) { code fund total { value share } }
      } } }`);
      expect(errors).toBeUndefined();
      const budget = data.unit.budget;
      const stated = (metric: string) => facts.narrative.find((c) => c.metric === metric)?.value;
      const wan = (v: string | undefined) => (v === undefined ? undefined : new Decimal(v).toFixed(2));
      expect(budget.total).toEqual({
        value: wan(stated('fund.generalPublic')),
        change: {
          delta: wan(stated('fund.generalPublic.change.delta')),
          percent: wan(stated('fund.generalPublic.change.percent')),
        },
      });
      const classes = facts.narrative
        .map((c) => /^functional\.(\d{3})@generalPublic$/.exec(c.metric)?.[1])
        .filter((c): c is string => !!c);
      expect(budget.subjects).toEqual(
        classes.map((code) => ({
          code,
          fund: 'GENERAL_PUBLIC',
          total: {
            value: wan(stated(`functional.${code}@generalPublic`)),
            share: wan(stated(`functional.${code}@generalPublic.share`)),
          },
        })),
      );
    });
  });
}

describe('the seed is its published document', () => {
  it('imports into an empty database with every figure of its narrative matched', async () => {
    const db = emptyDatabase();
    const result = await importDisclosure(db, SEED_DOCUMENT_FILE);
    expect([result.unitCode, result.checks, result.notes]).toEqual(['122201', { passed: 93, failed: 0 }, []]);
    const budget = findBudget(db, '122201', 2024)!;
    const stored = loadDisclosures(db, [budget.id]).get(budget.id)!;
    // the figures as the published narrative prints them (../shared/disclosures)
    expect(byMetric(stored.narrative)).toMatchInlineSnapshot(`
      [
        "assets.fixedTotal = 1280",
        "assets.vehicleCount = 2",
        "basic = 477.62",
        "basic.share = 93.28",
        "basic@generalPublic = 477.62",
        "functional.201@generalPublic = 417.76",
        "functional.201@generalPublic.share = 81.59",
        "functional.205@generalPublic = 1.74",
        "functional.205@generalPublic.share = 0.34",
        "functional.208@generalPublic = 44.31",
        "functional.208@generalPublic.share = 8.65",
        "functional.210@generalPublic = 25.52",
        "functional.210@generalPublic.share = 4.98",
        "functional.221@generalPublic = 22.69",
        "functional.221@generalPublic.share = 4.43",
        "fund.generalPublic = 512.02",
        "fund.generalPublic.change.delta = 337.87",
        "fund.generalPublic.change.percent = 194.01",
        "fund.governmentFund = 0",
        "fund.stateCapital = 0",
        "income.businessRevenue = 0",
        "income.carryover = 0",
        "income.generalPublic = 512.02",
        "income.governmentFund = 0",
        "income.operatingRevenue = 0",
        "income.otherRevenue = 0",
        "income.specialAccount = 0",
        "income.stateCapital = 0",
        "income.subsidiaryRemittance = 0",
        "income.total = 512.02",
        "operatingCosts = 24.75",
        "operatingCosts.change.delta = 16",
        "operatingCosts.change.percent = 182.86",
        "personnel@generalPublic = 444.24",
        "procurement.total = 0",
        "project = 34.40",
        "project.410800230000000011631 = 12.3",
        "project.410800240000000039650 = 10",
        "project.share = 6.72",
        "projects.count = 5",
        "projects.total = 34.40",
        "publicExpense@generalPublic = 33.38",
        "threePublic.outboundTravel = 0",
        "threePublic.outboundTravel.change.delta = 0",
        "threePublic.reception = 1",
        "threePublic.reception.change.delta = 1",
        "threePublic.total = 4",
        "threePublic.total.change.delta = 2.70",
        "threePublic.total.change.percent = 207.69",
        "threePublic.vehicle = 3",
        "threePublic.vehicleOperation = 3",
        "threePublic.vehicleOperation.change.delta = 1.70",
        "threePublic.vehicleOperation.change.percent = 130.77",
        "threePublic.vehiclePurchase = 0",
        "threePublic.vehiclePurchase.change.delta = 0",
        "total = 512.02",
        "total.change.delta = 337.87",
        "total.change.percent = 194.01",
        "total@anyGovernmentFund = 0",
        "total@anyStateCapital = 0",
      ]
    `);
  });
});
