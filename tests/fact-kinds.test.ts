import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  type AnyFactKind,
  FACT_KEYS,
  FACT_KINDS,
  factCount,
  ownedOf,
  ownedRows,
  writtenColumns,
} from '../src/db/fact-kinds.js';
import type { Disclosure } from '../src/disclosure/facts.js';
import { readDisclosureSync } from '../src/importer/index.js';
import { SOURCE_DOCUMENTS } from './support/documents.js';
import { seedCatalog } from './support/seed.js';
import { SYNTHETIC_UNITS } from './support/synthetic.js';

const catalog = seedCatalog();
const disclosures: Disclosure[] = [
  ...SOURCE_DOCUMENTS.map((s) => readDisclosureSync(s.file, catalog).disclosure),
  ...SYNTHETIC_UNITS,
];

describe('FACT_KINDS', () => {
  it('names columns its tables have', () => {
    for (const key of FACT_KEYS) {
      const kind: AnyFactKind = FACT_KINDS[key];
      const columns = Object.keys(getTableColumns(kind.table));
      expect(columns, key).toEqual(
        expect.arrayContaining([...kind.dimensions, ...(kind.amount ? [kind.amount] : [])]),
      );
      for (const [list, owned] of ownedOf(kind)) {
        const ownedColumns = Object.keys(getTableColumns(owned.table));
        expect(ownedColumns, `${key}.${list}`).toEqual(
          expect.arrayContaining([owned.owner, ...owned.dimensions, ...(owned.amount ? [owned.amount] : [])]),
        );
      }
    }
  });

  it('writes every column from the Disclosure item, and every owned list is a list of it', () => {
    const missing: string[] = [];
    for (const d of disclosures)
      for (const key of FACT_KEYS) {
        const kind: AnyFactKind = FACT_KINDS[key];
        for (const item of d[key]) {
          for (const column of writtenColumns(kind.table, 'budgetId'))
            if (!(column in item)) missing.push(`${d.source} ${key}.${column}`);
          for (const [list, owned] of ownedOf(kind)) {
            if (!Array.isArray((item as Record<string, unknown>)[list]))
              missing.push(`${d.source} ${key}.${list}[]`);
            for (const row of ownedRows(item, list))
              for (const column of writtenColumns(owned.table, owned.owner))
                if (!(column in row)) missing.push(`${d.source} ${key}.${list}.${column}`);
          }
        }
      }
    expect(missing).toEqual([]);
  });

  it('counts an import’s facts as it always has: the tables’ facts, a project’s rows and the prior-year figures', () => {
    for (const d of disclosures)
      expect(factCount(d), d.source).toBe(
        d.incomes.length +
          d.functional.length +
          d.economic.length +
          d.basicItems.length +
          d.projects.reduce((n, p) => n + 1 + p.amounts.length + p.indicators.length, 0) +
          d.threePublic.length +
          d.operatingCosts.length +
          d.priorYear.length,
      );
  });
});
