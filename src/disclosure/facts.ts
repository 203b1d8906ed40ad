import type {
  BasicItemType,
  Category,
  CategoryGroup,
  FundKey,
  IncomeSource,
  IndicatorKind,
  PriorYearMetric,
  ProcurementKind,
  ProjectCategory,
  Stage,
  SubjectScheme,
  ThreePublicItem,
} from '../domain.js';
import type { Yuan } from '../money.js';
import type { Subject } from './subjects.js';

/**
 * One unit-year disclosure as facts: what the importer validates and writes, what the
 * database loads back, and what the renderer and the checks read. Amounts are integer yuan.
 */
export interface Disclosure {
  source: string;
  title: string;
  publishedOn: string | null;
  year: number;
  stage: Stage;
  department: { code: string; name: string };
  unit: UnitProfile;
  /** Codes missing from the reference code list that this disclosure declares, with their names. */
  declaredSubjects: Subject[];
  /** Subject labels as this document prints them, where they differ from the official names. */
  labels: SubjectLabel[];
  incomes: Income[];
  functional: FunctionalExpenditure[];
  economic: EconomicExpenditure[];
  basicItems: BasicItem[];
  projects: Project[];
  threePublic: { item: ThreePublicItem; amount: Yuan }[];
  operatingCosts: { departmentCode: string; amount: Yuan }[];
  priorYear: PriorYearFigure[];
  procurement: { kind: ProcurementKind; amount: Yuan }[];
  assets: Asset[];
  narrative: NarrativeClaim[];
  /**
   * Words the narrative states that are no figure: the reason it gives for a change
   * ("reason.threePublic.total"), what an item is for ("purpose.threePublic.vehiclePurchase",
   * "purpose.project.<code>"). Kept verbatim, so an explanation repeats only what was said.
   */
  statements: NarrativeStatement[];
}

export interface NarrativeStatement {
  key: string;
  text: string;
}

export interface UnitProfile {
  code: string;
  name: string;
  /** 行政区划 (GB/T 2260) code of the region the unit belongs to, when known */
  regionCode: string | null;
  nature: string | null;
  rank: string | null;
  staffingQuota: number | null;
  staffCount: number | null;
  internalDivisions: string[];
  duties: string[];
  formation: { document: string; predecessors: string[] } | null;
}

/** A profile with nothing but a code and name: a narrative that states none, or a department's. */
export function bareProfile(code: string, name: string, regionCode: string | null = null): UnitProfile {
  return {
    code,
    name,
    regionCode,
    nature: null,
    rank: null,
    staffingQuota: null,
    staffCount: null,
    internalDivisions: [],
    duties: [],
    formation: null,
  };
}

export interface SubjectLabel {
  scheme: SubjectScheme;
  code: string;
  label: string;
}

export interface Income {
  /** a Fund, or an of-which line (INCOME_OF_WHICH) */
  source: IncomeSource;
  amount: Yuan;
}

export interface FunctionalExpenditure {
  subjectCode: string;
  category: Category;
  fund: FundKey;
  amount: Yuan;
}

export interface EconomicExpenditure {
  departmentCode: string;
  governmentCode: string;
  /** null where the document states the amount without saying whether it is basic or project spending */
  group: CategoryGroup | null;
  fund: FundKey;
  amount: Yuan;
  seq: number;
}

export interface BasicItem {
  /** the stored row's id, once stored */
  id?: number;
  seq: number;
  type: BasicItemType;
  name: string;
  fund: FundKey;
  amount: Yuan;
}

export interface Project {
  /** the stored row's id, once stored */
  id?: number;
  seq: number;
  code: string;
  name: string;
  performanceName: string | null;
  category: ProjectCategory;
  /** the functional 项 it is spent under; null where the tables leave more than one possible */
  functionalSubjectCode: string | null;
  amounts: { fund: FundKey; amount: Yuan }[];
  indicators: PerformanceIndicator[];
}

export interface PerformanceIndicator {
  kind: IndicatorKind;
  seq: number;
  name: string;
  value: string;
  comparator: string | null;
  target: string | null;
  measureUnit: string | null;
}

export interface PriorYearFigure {
  metric: PriorYearMetric;
  entity: string;
  basis: boolean;
  amount: Yuan;
}

export interface Asset {
  /** an ASSET_ITEMS key as the narrative reader finds them; a manifest may name others */
  item: string;
  label: string;
  amount: Yuan | null;
  count: number | null;
}

export interface NarrativeClaim {
  metric: string;
  value: string;
  quote: string;
}

const INDICATOR_VALUE = /^(≥|≤|>|<|=|＝)?\s*(\d+(?:\.\d+)?)\s*(.*)$/;

/** Splits a published target ("≥95%", "≤24小时", "8个", "明显") into comparator, number and unit. */
export function parseIndicatorValue(
  value: string,
): Pick<PerformanceIndicator, 'comparator' | 'target' | 'measureUnit'> {
  const match = INDICATOR_VALUE.exec(value.trim());
  if (!match) return { comparator: null, target: null, measureUnit: null };
  return { comparator: match[1] ?? '=', target: match[2]!, measureUnit: match[3] || null };
}
