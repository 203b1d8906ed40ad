import crypto from 'node:crypto';
import { and, desc, eq, getTableName } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import * as t from '../db/schema.js';
import type { Disclosure } from '../disclosure/facts.js';
import type { Region } from '../disclosure/regions.js';
import type { Subject } from '../disclosure/subjects.js';
import { sum } from '../money.js';
import { faultPoint } from './fault.js';

export interface WriteResult {
  budgetId: number;
  revision: number;
  /** false when the latest revision already held exactly these facts */
  created: boolean;
}

export function contentHash(disclosure: Disclosure): string {
  return crypto.createHash('sha256').update(JSON.stringify(disclosure)).digest('hex');
}

/** Upserts regions (reference data, or one an import declares). */
export function writeRegions(db: Db, regions: Region[]): void {
  for (const r of regions)
    db.insert(t.regions)
      .values(r)
      .onConflictDoUpdate({
        target: t.regions.code,
        set: { name: r.name, parentCode: r.parentCode, verified: r.verified },
      })
      .run();
}

/** Upserts the reference code list. Runs inside the caller's transaction when there is one. */
export function writeSubjects(db: Db, subjects: Subject[]): void {
  for (const s of subjects) {
    db.insert(t.subjects)
      .values(s)
      .onConflictDoUpdate({
        target: [t.subjects.scheme, t.subjects.code],
        set: { name: s.name, level: s.level, parentCode: s.parentCode, verified: s.verified ?? false },
      })
      .run();
  }
}

/**
 * Writes one disclosure as a new revision of its unit-year-stage, in one transaction:
 * either every fact lands or none does. Identical content to the latest revision is a no-op.
 */
export function writeDisclosure(db: Db, d: Disclosure): WriteResult {
  const hash = contentHash(d);
  const regionCode = d.unit.regionCode;
  if (!regionCode) throw new Error(`${d.source}: a disclosure without a region cannot be stored`);
  return db.transaction((tx) => {
    const latest = tx
      .select({ id: t.budgets.id, revision: t.budgets.revision, contentHash: t.budgets.contentHash })
      .from(t.budgets)
      .where(
        and(
          eq(t.budgets.regionCode, regionCode),
          eq(t.budgets.unitCode, d.unit.code),
          eq(t.budgets.year, d.year),
          eq(t.budgets.stage, d.stage),
        ),
      )
      .orderBy(desc(t.budgets.revision))
      .limit(1)
      .get();
    if (latest?.contentHash === hash)
      return { budgetId: latest.id, revision: latest.revision, created: false };

    // a department keeps the name it was first stored with: another unit's disclosure never
    // renames it (each disclosure's own department name is in its budget profile)
    tx.insert(t.units)
      .values({
        regionCode,
        code: d.department.code,
        name: d.department.name,
        kind: 'department',
        parentCode: null,
      })
      .onConflictDoNothing()
      .run();
    const { code, regionCode: _, ...profile } = d.unit;
    const unit = { regionCode, code, ...profile, kind: 'unit' as const, parentCode: d.department.code };
    tx.insert(t.units)
      .values(unit)
      .onConflictDoUpdate({ target: [t.units.regionCode, t.units.code], set: unit })
      .run();

    const revision = (latest?.revision ?? 0) + 1;
    const budget = tx
      .insert(t.budgets)
      .values({
        regionCode,
        unitCode: code,
        year: d.year,
        stage: d.stage,
        revision,
        title: d.title,
        publishedOn: d.publishedOn,
        source: d.source,
        contentHash: hash,
      })
      .returning({ id: t.budgets.id })
      .get();
    const budgetId = budget.id;
    // the rollup lists sort by, in the same transaction: this revision is now the latest
    tx.update(t.budgetFigures)
      .set({ latest: false })
      .where(
        and(
          eq(t.budgetFigures.regionCode, regionCode),
          eq(t.budgetFigures.unitCode, code),
          eq(t.budgetFigures.year, d.year),
          eq(t.budgetFigures.stage, d.stage),
        ),
      )
      .run();
    tx.insert(t.budgetFigures)
      .values({
        budgetId,
        regionCode,
        unitCode: code,
        year: d.year,
        stage: d.stage,
        latest: true,
        total: sum(d.functional.map((f) => f.amount)),
        threePublicCosts: sum(d.threePublic.map((c) => c.amount)),
      })
      .run();
    const rows = <T>(items: T[]) => items.map((item) => ({ budgetId, ...item }));
    const insert = <T extends object>(table: Parameters<typeof tx.insert>[0], items: T[]) => {
      if (items.length)
        tx.insert(table)
          .values(rows(items) as never)
          .run();
      faultPoint(`writing ${getTableName(table)}`);
    };

    tx.insert(t.budgetProfiles)
      .values({
        budgetId,
        ...profile,
        unitName: d.unit.name,
        departmentCode: d.department.code,
        departmentName: d.department.name,
      })
      .run();
    insert(t.declaredSubjects, d.declaredSubjects);
    insert(t.subjectLabels, d.labels);
    insert(t.incomes, d.incomes);
    insert(t.functionalExpenditures, d.functional);
    insert(t.economicExpenditures, d.economic);
    insert(
      t.basicItems,
      d.basicItems.map(({ id: _, ...item }) => item),
    );
    insert(t.threePublicCosts, d.threePublic);
    insert(t.operatingCosts, d.operatingCosts);
    insert(t.priorYearFigures, d.priorYear);
    insert(t.procurements, d.procurement);
    insert(t.assets, d.assets);
    insert(t.narrativeClaims, d.narrative);
    for (const { amounts, indicators, id: _, ...project } of d.projects) {
      const { id: projectId } = tx
        .insert(t.projects)
        .values({ budgetId, ...project })
        .returning({ id: t.projects.id })
        .get();
      if (amounts.length)
        tx.insert(t.projectAmounts)
          .values(amounts.map((a) => ({ projectId, ...a })))
          .run();
      if (indicators.length)
        tx.insert(t.performanceIndicators)
          .values(indicators.map((i) => ({ projectId, ...i })))
          .run();
    }
    return { budgetId, revision, created: true };
  });
}
