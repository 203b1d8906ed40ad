import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type BudgetRow, findBudget, loadCatalog, loadDisclosures } from '../db/disclosures.js';
import * as t from '../db/schema.js';
import type { Disclosure } from '../disclosure/facts.js';
import { type RenderedTable, renderDisclosure } from '../disclosure/render.js';
import { DEFAULT_STAGE, STAGES, type Stage } from '../domain.js';
import { notFound } from './http.js';

/** A stored budget as the feed publishes it: the revision served, and who it belongs to. */
export interface PublishedBudget {
  budget: BudgetRow;
  region: { code: string; name: string };
  unit: { code: string; name: string };
  department: { code: string; name: string };
}

/** A region of the feed, with what it holds. */
export interface PublishedRegion {
  code: string;
  name: string;
  /** latest budgets of every unit of the region, newest year first, then by department and unit */
  budgets: PublishedBudget[];
  years: number[];
  departments: PublishedDepartment[];
}

export interface PublishedDepartment {
  code: string;
  name: string;
  /** latest budgets of its units, newest year first, by unit */
  budgets: PublishedBudget[];
  units: { code: string; name: string; budgets: PublishedBudget[] }[];
}

/**
 * What the feed publishes of one stage, read once per data version (see feed.ts): the latest
 * revision of every unit-year budget with its region, department and unit names, in two
 * statements however many units there are, grouped by region and department for the catalogs
 * and pages.
 */
export class FeedIndex {
  readonly budgets: PublishedBudget[];
  readonly regions: PublishedRegion[];
  readonly years: number[];
  private readonly byKey = new Map<string, PublishedBudget>();

  constructor(
    db: Db,
    readonly stage: Stage = DEFAULT_STAGE,
  ) {
    const regionNames = new Map(
      db
        .select({ code: t.regions.code, name: t.regions.name })
        .from(t.regions)
        .all()
        .map((r) => [r.code, r.name]),
    );
    // latest revision of every unit-year budget, with its unit and department
    const rows = db.$client
      .prepare(
        `select b.id, u.name as unitName, coalesce(d.code, '') as departmentCode, coalesce(d.name, '') as departmentName
         from budgets b
         join units u on u.region_code = b.region_code and u.code = b.unit_code
         left join units d on d.region_code = u.region_code and d.code = u.parent_code
         where b.stage = ? and b.revision = (select max(x.revision) from budgets x
           where x.region_code = b.region_code and x.unit_code = b.unit_code and x.year = b.year and x.stage = b.stage)`,
      )
      .all(stage) as { id: number; unitName: string; departmentCode: string; departmentName: string }[];
    const names = new Map(rows.map((r) => [r.id, r]));
    const budgets = db.select().from(t.budgets).where(eq(t.budgets.stage, stage)).all();
    this.budgets = budgets
      .flatMap((budget) => {
        const n = names.get(budget.id);
        if (!n) return [];
        return [
          {
            budget,
            region: { code: budget.regionCode, name: regionNames.get(budget.regionCode) ?? '' },
            unit: { code: budget.unitCode, name: n.unitName },
            department: { code: n.departmentCode, name: n.departmentName },
          },
        ];
      })
      .sort(
        (a, b) =>
          b.budget.year - a.budget.year ||
          cmp(a.region.code, b.region.code) ||
          cmp(a.department.code, b.department.code) ||
          cmp(a.unit.code, b.unit.code),
      );
    for (const b of this.budgets) this.byKey.set(budgetPath(b.region.code, b.budget.year, b.unit.code), b);
    this.years = [...new Set(this.budgets.map((b) => b.budget.year))];
    const regions = new Map<string, PublishedRegion>();
    for (const b of this.budgets) {
      let region = regions.get(b.region.code);
      if (!region) {
        region = { code: b.region.code, name: b.region.name, budgets: [], years: [], departments: [] };
        regions.set(b.region.code, region);
      }
      region.budgets.push(b);
    }
    for (const region of regions.values()) {
      region.years = [...new Set(region.budgets.map((b) => b.budget.year))];
      const departments = new Map<string, PublishedDepartment>();
      for (const b of region.budgets) {
        let d = departments.get(b.department.code);
        if (!d) {
          d = { code: b.department.code, name: b.department.name, budgets: [], units: [] };
          departments.set(b.department.code, d);
        }
        d.budgets.push(b);
      }
      region.departments = [...departments.values()].sort((a, b) => cmp(a.code, b.code));
      for (const d of region.departments) {
        const units = new Map<string, PublishedDepartment['units'][number]>();
        for (const b of d.budgets) {
          let u = units.get(b.unit.code);
          if (!u) {
            u = { code: b.unit.code, name: b.unit.name, budgets: [] };
            units.set(b.unit.code, u);
          }
          u.budgets.push(b);
        }
        d.units = [...units.values()].sort((a, b) => cmp(a.code, b.code));
      }
    }
    this.regions = [...regions.values()].sort((a, b) => cmp(a.code, b.code));
  }

  region(code: string): PublishedRegion {
    const region = this.regions.find((r) => r.code === code);
    if (!region) throw notFound(`no ${this.noun} disclosures of region ${code}`);
    return region;
  }

  department(regionCode: string, code: string): PublishedDepartment {
    const department = this.region(regionCode).departments.find((d) => d.code === code);
    if (!department) throw notFound(`region ${regionCode} has no department ${code} with a ${this.noun}`);
    return department;
  }

  unit(regionCode: string, code: string): PublishedDepartment['units'][number] {
    for (const d of this.region(regionCode).departments) {
      const unit = d.units.find((u) => u.code === code);
      if (unit) return unit;
    }
    throw notFound(`region ${regionCode} has no unit ${code} with a ${this.noun}`);
  }

  /** the stage as messages name it: budget, final accounts */
  private get noun(): string {
    return STAGES[this.stage].noun;
  }

  private readonly years_ = new Map<string, PublishedBudget[]>();

  /** The latest budgets of a year: of every region, or of one (worked out once per version). */
  ofYear(year: number, regionCode?: string): PublishedBudget[] {
    const key = `${regionCode ?? ''}/${year}`;
    let budgets = this.years_.get(key);
    if (!budgets) {
      budgets = (regionCode ? this.region(regionCode).budgets : this.budgets).filter(
        (b) => b.budget.year === year,
      );
      this.years_.set(key, budgets);
    }
    if (!budgets.length)
      throw notFound(
        `no ${this.noun} disclosures for year ${year}${regionCode ? ` in region ${regionCode}` : ''}`,
      );
    return budgets;
  }

  /**
   * The budget a download URL names (the latest revision from the index, an earlier one from
   * the database), or a 404 that says which part of the URL is unknown.
   */
  requested(db: Db, regionCode: string, year: number, unitCode: string, revision?: number): PublishedBudget {
    const latest = this.byKey.get(budgetPath(regionCode, year, unitCode));
    if (latest && (revision === undefined || revision === latest.budget.revision)) return latest;
    if (latest) {
      const budget = findBudget(db, { regionCode, code: unitCode }, year, revision, this.stage);
      if (budget) return { ...latest, budget };
      throw notFound(`unit ${unitCode} has no revision ${revision} of its ${year} ${this.noun}`);
    }
    const region = this.region(regionCode);
    if (!region.years.includes(year))
      throw notFound(`no ${this.noun} disclosures for year ${year} in region ${regionCode}`);
    throw notFound(`no ${year} ${this.noun} disclosure of unit ${unitCode} in region ${regionCode}`);
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const budgetPath = (region: string, year: number, unit: string) => `${region}/${year}/${unit}`;

/** Loads a budget's facts and draws its 14 tables. */
export function renderBudget(db: Db, budget: BudgetRow): { disclosure: Disclosure; tables: RenderedTable[] } {
  const disclosure = loadDisclosures(db, [budget.id]).get(budget.id)!;
  return { disclosure, tables: renderDisclosure(disclosure, loadCatalog(db)) };
}

const imported = new WeakMap<readonly PublishedBudget[], string>();

/**
 * The latest import among some budgets: when a file made from all of them last changed. The
 * index's lists are the same arrays for the whole data version, so each is scanned once.
 */
export function lastImported(budgets: readonly PublishedBudget[]): string {
  const known = imported.get(budgets);
  if (known) return known;
  let latest = '1970-01-01T00:00:00Z';
  for (const b of budgets) if (b.budget.importedAt > latest) latest = b.budget.importedAt;
  imported.set(budgets, latest);
  return latest;
}
