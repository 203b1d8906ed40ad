import type { BasicItemRow, BudgetRow, IndicatorRow, StoredProject, UnitRow } from '../../db/loaders.js';
import type { Category, CategoryGroup, Fund, FundKey, SubjectScheme } from '../../domain.js';
import type { Yuan } from '../../money.js';
import { builder } from '../builder.js';

/**
 * Object references of the types that point at each other from different files (Budget.unit and
 * Unit.budget …), declared here so that neither file imports the other. Each is implemented in
 * the file named after its type; a type no other file points back at declares its ref there.
 */
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
export const PerformanceIndicatorRef = builder.objectRef<IndicatorRow>('PerformanceIndicator');

/** A stored fact shown as an item of a subject: spending of one category (or group) and fund. */
export interface SpendingLineShape {
  budget: BudgetRow;
  name: string;
  category: Category | null;
  group: CategoryGroup | null;
  fund: FundKey;
  value: Yuan;
}
export const SpendingLineRef = builder.objectRef<SpendingLineShape>('SpendingLine');
