import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  BASIC_ITEM_TYPE_KEYS,
  CATEGORY_GROUP_KEYS,
  CATEGORY_KEYS,
  type FundKey,
  INCOME_SOURCE_KEYS,
  INDICATOR_KIND_KEYS,
  PRIOR_YEAR_METRIC_KEYS,
  PROCUREMENT_KIND_KEYS,
  PROJECT_CATEGORIES,
  STAGE_KEYS,
  SUBJECT_SCHEME_KEYS,
  THREE_PUBLIC_KEYS,
} from '../domain.js';

/** Amounts are integer yuan (元) everywhere; 万元 exists only on the way in and out (src/money.ts). */
const amount = () => integer('amount').notNull();

/**
 * Columns that hold a word of the budget vocabulary (src/domain.ts), typed as it: the `enum` option
 * is type-only in SQLite (no CHECK constraint, no migration), so rows read back are domain types.
 */
const scheme = () => text('scheme', { enum: SUBJECT_SCHEME_KEYS }).notNull();
const stage = () => text('stage', { enum: STAGE_KEYS }).notNull();
/** a fund key: one Fund, or several joined by '+' (not an enum: the combinations are open) */
const fund = () => text('fund').$type<FundKey>().notNull();

export const subjects = sqliteTable(
  'subjects',
  {
    scheme: scheme(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: integer('level').notNull(),
    parentCode: text('parent_code'),
    /** the name was checked against a published source; a document may name an unverified code otherwise */
    verified: integer('verified', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.scheme, t.code] }), index('subjects_parent').on(t.scheme, t.parentCode)],
);

/** A unit's profile as its narrative gives it: on the unit (as it is now) and on each budget (as that revision said). */
const profileColumns = () => ({
  /** 单位性质, e.g. 公益一类事业单位 */
  nature: text('nature'),
  /** 机构规格, e.g. 副处级 */
  rank: text('rank'),
  /** 编制 (authorised posts) */
  staffingQuota: integer('staffing_quota'),
  /** 在职 (staff in post) */
  staffCount: integer('staff_count'),
  /** JSON array of 内设机构 names */
  internalDivisions: text('internal_divisions', { mode: 'json' }).$type<string[]>(),
  /** JSON array of 主要职责, as numbered in the narrative */
  duties: text('duties', { mode: 'json' }).$type<string[]>(),
  /** JSON {document, predecessors[]}: the reorganisation the unit came from */
  formation: text('formation', { mode: 'json' }).$type<{ document: string; predecessors: string[] }>(),
});

/** 行政区划 (GB/T 2260): reference data beside the code list; a region an import declares is not verified. */
export const regions = sqliteTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  parentCode: text('parent_code'),
  verified: integer('verified', { mode: 'boolean' }).notNull().default(false),
});

/**
 * Departments and units. A unit code (122201) is unique only inside one region's budget
 * system: a unit is (region, code), and a unit's department is the department of that code in
 * the same region.
 */
export const units = sqliteTable(
  'units',
  {
    /** 行政区划 (GB/T 2260) the unit belongs to, e.g. 410800 焦作市 */
    regionCode: text('region_code').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['department', 'unit'] }).notNull(),
    /** the department's code, in the unit's region */
    parentCode: text('parent_code'),
    ...profileColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.code] }),
    index('units_parent').on(t.regionCode, t.parentCode),
    index('units_code').on(t.code),
  ],
);

export const budgets = sqliteTable(
  'budgets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    regionCode: text('region_code').notNull(),
    unitCode: text('unit_code').notNull(),
    year: integer('year').notNull(),
    stage: stage(),
    revision: integer('revision').notNull(),
    title: text('title').notNull(),
    /** When the disclosure was published, as printed (二〇二四年二月 → 2024-02). */
    publishedOn: text('published_on'),
    source: text('source').notNull(),
    /** sha256 of the imported facts: re-importing the same content is a no-op */
    contentHash: text('content_hash').notNull(),
    importedAt: text('imported_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%SZ','now'))`),
  },
  (t) => [
    foreignKey({ columns: [t.regionCode, t.unitCode], foreignColumns: [units.regionCode, units.code] }),
    uniqueIndex('budgets_identity').on(t.regionCode, t.unitCode, t.year, t.stage, t.revision),
    index('budgets_year').on(t.year),
  ],
);

/**
 * Headline figures of every stored budget, written by the import in the same transaction as its
 * facts: a rollup of them (total spending, “三公” costs), never a second source. `latest` marks
 * the latest revision of each unit-year-stage. Lists of units sort by these in SQL through an
 * index instead of summing every unit's facts per request.
 */
export const budgetFigures = sqliteTable(
  'budget_figures',
  {
    budgetId: integer('budget_id')
      .primaryKey()
      .references(() => budgets.id, { onDelete: 'cascade' }),
    regionCode: text('region_code').notNull(),
    unitCode: text('unit_code').notNull(),
    year: integer('year').notNull(),
    stage: stage(),
    latest: integer('latest', { mode: 'boolean' }).notNull(),
    total: integer('total').notNull(),
    threePublicCosts: integer('three_public_costs').notNull(),
  },
  (t) => [
    index('budget_figures_unit').on(t.regionCode, t.unitCode, t.year, t.stage, t.latest),
    index('budget_figures_total').on(t.year, t.stage, t.latest, t.total),
  ],
);

const budgetId = () =>
  integer('budget_id')
    .notNull()
    .references(() => budgets.id, { onDelete: 'cascade' });

/**
 * The unit and department as this revision states them (name, profile): an import of a later
 * revision updates `units` (the unit now) but never what an earlier revision said.
 */
export const budgetProfiles = sqliteTable('budget_profiles', {
  budgetId: integer('budget_id')
    .primaryKey()
    .references(() => budgets.id, { onDelete: 'cascade' }),
  unitName: text('unit_name').notNull(),
  departmentCode: text('department_code').notNull(),
  departmentName: text('department_name').notNull(),
  ...profileColumns(),
});

/** Codes a disclosure declares because the reference code list lacks them. */
export const declaredSubjects = sqliteTable(
  'declared_subjects',
  {
    budgetId: budgetId(),
    scheme: scheme(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: integer('level').notNull(),
    parentCode: text('parent_code'),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.scheme, t.code] })],
);

/** A subject's label as this disclosure prints it, where it differs from the official name. */
export const subjectLabels = sqliteTable(
  'subject_labels',
  {
    budgetId: budgetId(),
    scheme: scheme(),
    code: text('code').notNull(),
    label: text('label').notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.scheme, t.code] })],
);

export const incomes = sqliteTable(
  'incomes',
  {
    budgetId: budgetId(),
    /** a Fund key, or an of-which line such as generalPublicAppropriation */
    source: text('source', { enum: INCOME_SOURCE_KEYS }).notNull(),
    amount: amount(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.source] })],
);

/** 03/05/10/11: spending by functional 项 × category × fund. */
export const functionalExpenditures = sqliteTable(
  'functional_expenditures',
  {
    budgetId: budgetId(),
    subjectCode: text('subject_code').notNull(),
    category: text('category', { enum: CATEGORY_KEYS }).notNull(),
    fund: fund(),
    amount: amount(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.subjectCode, t.category, t.fund] })],
);

/** 06/08: spending by 部门经济分类 款 × 政府经济分类 款 × category group × fund; seq keeps 06's order. */
export const economicExpenditures = sqliteTable(
  'economic_expenditures',
  {
    budgetId: budgetId(),
    departmentCode: text('department_code').notNull(),
    governmentCode: text('government_code').notNull(),
    /** null: the document does not say whether it is basic or project spending (table 08's other funds) */
    group: text('category_group', { enum: CATEGORY_GROUP_KEYS }),
    fund: fund(),
    amount: amount(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.seq] })],
);

/** 07: the basic-expenditure detail lines. */
export const basicItems = sqliteTable(
  'basic_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    budgetId: budgetId(),
    seq: integer('seq').notNull(),
    type: text('type', { enum: BASIC_ITEM_TYPE_KEYS }).notNull(),
    name: text('name').notNull(),
    fund: fund(),
    amount: amount(),
  },
  (t) => [index('basic_items_budget').on(t.budgetId, t.seq)],
);

/** 12/14: projects. */
export const projects = sqliteTable(
  'projects',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    budgetId: budgetId(),
    seq: integer('seq').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** the name as table 14 prints it, where it differs from table 12 */
    performanceName: text('performance_name'),
    category: text('category', { enum: PROJECT_CATEGORIES }).notNull(),
    /** null where the tables leave more than one functional 项 possible */
    functionalSubjectCode: text('functional_subject_code'),
  },
  (t) => [
    index('projects_budget').on(t.budgetId, t.seq),
    uniqueIndex('projects_code').on(t.budgetId, t.code),
  ],
);

export const projectAmounts = sqliteTable(
  'project_amounts',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    fund: fund(),
    amount: amount(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.fund] })],
);

/** 14: performance targets, value as published ("≥95%") and parsed (≥, 95, %). */
export const performanceIndicators = sqliteTable(
  'performance_indicators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: INDICATOR_KIND_KEYS }).notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    value: text('value').notNull(),
    comparator: text('comparator'),
    target: text('target'),
    measureUnit: text('measure_unit'),
  },
  (t) => [index('indicators_project').on(t.projectId, t.kind, t.seq)],
);

/** 09: “三公” costs by item. */
export const threePublicCosts = sqliteTable(
  'three_public_costs',
  {
    budgetId: budgetId(),
    item: text('item', { enum: THREE_PUBLIC_KEYS }).notNull(),
    amount: amount(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.item] })],
);

/** 13: 机关（机构）运行经费 by 部门经济分类 款. */
export const operatingCosts = sqliteTable(
  'operating_costs',
  {
    budgetId: budgetId(),
    departmentCode: text('department_code').notNull(),
    amount: amount(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.departmentCode] })],
);

/** Figures the narrative states for the prior year; basis marks the one the changes use. */
export const priorYearFigures = sqliteTable(
  'prior_year_figures',
  {
    budgetId: budgetId(),
    metric: text('metric', { enum: PRIOR_YEAR_METRIC_KEYS }).notNull(),
    entity: text('entity').notNull(),
    basis: integer('basis', { mode: 'boolean' }).notNull(),
    amount: amount(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.metric, t.entity] })],
);

export const procurements = sqliteTable(
  'procurements',
  {
    budgetId: budgetId(),
    kind: text('kind', { enum: PROCUREMENT_KIND_KEYS }).notNull(),
    amount: amount(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.kind] })],
);

/** 国有资产 at the end of the prior year: values (yuan) and counts, as the narrative gives them. */
export const assets = sqliteTable(
  'assets',
  {
    budgetId: budgetId(),
    item: text('item').notNull(),
    label: text('label').notNull(),
    amount: integer('amount'),
    count: integer('count'),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.item] })],
);

/** Published totals an import accepted within the rounding tolerance (--allow-rounding). */
export const importNotes = sqliteTable(
  'import_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    budgetId: budgetId(),
    file: text('file').notNull(),
    row: integer('row'),
    column: text('column'),
    expected: text('expected').notNull(),
    found: text('found').notNull(),
  },
  (t) => [index('import_notes_budget').on(t.budgetId)],
);

/** Figures the narrative states ("占93.28%"), checked against the computed ones. */
export const narrativeClaims = sqliteTable(
  'narrative_claims',
  {
    budgetId: budgetId(),
    metric: text('metric').notNull(),
    value: text('value').notNull(),
    quote: text('quote').notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.metric] })],
);

/** Words the narrative states that are no figure (a change's reason, an item's purpose), verbatim. */
export const narrativeStatements = sqliteTable(
  'narrative_statements',
  {
    budgetId: budgetId(),
    key: text('key').notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.key] })],
);
