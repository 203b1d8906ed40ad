import type { BasicItemRow, BudgetRow, IndicatorRow, StoredProject, UnitRow } from '../../db/loaders.js';
import type { CheckResult } from '../../disclosure/checks.js';
import type { RenderedTable } from '../../disclosure/render.js';
import type { Category, CategoryGroup, Fund, SubjectScheme } from '../../domain.js';
import type { Yuan } from '../../money.js';
import { builder } from '../builder.js';

/** Object references, declared once so that types can point at each other across files. */
export const UnitRef = builder.objectRef<UnitRow>('Unit');
export const BudgetRef = builder.objectRef<BudgetRow>('Budget');

export interface SubjectShape {
  budget: BudgetRow;
  scheme: SubjectScheme;
  code: string;
  /** the one source of funds the figures are for (shares of its total), or all when absent */
  fund?: Fund;
}
export const BudgetSubjectRef = builder.objectRef<SubjectShape>('BudgetSubject');

export type ProjectShape = Omit<StoredProject, 'indicators'>;
export const ProjectRef = builder.objectRef<ProjectShape>('Project');
export const BasicItemRef = builder.objectRef<BasicItemRow>('BasicItem');
export const IndicatorRef = builder.objectRef<IndicatorRow>('PerformanceIndicator');

/** A stored fact shown as an item of a subject: spending of one category (or group) and fund. */
export interface SpendingLineShape {
  budget: BudgetRow;
  name: string;
  category: Category | null;
  group: CategoryGroup | null;
  fund: string;
  value: Yuan;
}
export const SpendingLineRef = builder.objectRef<SpendingLineShape>('SpendingLine');

export interface TableShape {
  budget: BudgetRow;
  table: RenderedTable;
}
export const DisclosureTableRef = builder.objectRef<TableShape>('DisclosureTable');
export const CheckRef = builder.objectRef<CheckResult>('Check');
