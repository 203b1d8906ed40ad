/**
 * The budget vocabulary: every dimension a fact can carry, with its Chinese term. The table
 * layouts, the database checks, the GraphQL enums and the download metadata all read these.
 */

export const SUBJECT_SCHEMES = {
  functional: { label: '支出功能分类', levels: ['类', '款', '项'] },
  economicDepartment: { label: '部门预算支出经济分类', levels: ['类', '款'] },
  economicGovernment: { label: '政府预算支出经济分类', levels: ['类', '款'] },
} as const;
export type SubjectScheme = keyof typeof SUBJECT_SCHEMES;
export const SUBJECT_SCHEME_KEYS = keysOf(SUBJECT_SCHEMES);

/** Code length at each level: 类 3 digits, 款 5, 项 7. */
export const SUBJECT_CODE_LENGTHS = [3, 5, 7] as const;

export function subjectLevel(code: string): number {
  const level = SUBJECT_CODE_LENGTHS.indexOf(code.length as 3 | 5 | 7);
  if (level < 0) throw new Error(`subject code "${code}" is not 3, 5 or 7 digits`);
  return level + 1;
}

export function subjectParentCode(code: string): string | null {
  const level = subjectLevel(code);
  return level === 1 ? null : code.slice(0, SUBJECT_CODE_LENGTHS[level - 2]);
}

/** Spending categories: basic (人员经费, 公用经费, by economic 类) and project (by project type). */
export const CATEGORIES = {
  wages: { label: '工资福利支出', group: 'personnel', economicClass: '301' },
  household: { label: '对个人和家庭的补助', group: 'personnel', economicClass: '303' },
  goods: { label: '商品和服务支出', group: 'public', economicClass: '302' },
  capital: { label: '资本性支出', group: 'public', economicClass: '310' },
  operation: { label: '其他运转类', group: 'project', economicClass: null },
  specific: { label: '特定目标类', group: 'project', economicClass: null },
} as const;
export type Category = keyof typeof CATEGORIES;
export const CATEGORY_KEYS = keysOf(CATEGORIES);

export const CATEGORY_GROUPS = {
  personnel: { label: '人员经费', kind: 'basic' },
  public: { label: '公用经费', kind: 'basic' },
  project: { label: '项目支出', kind: 'project' },
} as const;
export type CategoryGroup = keyof typeof CATEGORY_GROUPS;
export const CATEGORY_GROUP_KEYS = keysOf(CATEGORY_GROUPS);

export const PROJECT_CATEGORIES = ['operation', 'specific'] as const satisfies readonly Category[];
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

/** Where money comes from. Income is recorded by these sources; spending facts by the same. */
export const FUNDS = {
  generalPublic: { label: '一般公共预算', carryover: false, unitFunds: false },
  governmentFund: { label: '政府性基金', carryover: false, unitFunds: false },
  stateCapital: { label: '国有资本经营预算', carryover: false, unitFunds: false },
  specialAccount: { label: '财政专户管理资金', carryover: false, unitFunds: false },
  operatingRevenue: { label: '事业收入', carryover: false, unitFunds: true },
  businessRevenue: { label: '事业单位经营收入', carryover: false, unitFunds: true },
  superiorSubsidy: { label: '上级补助收入', carryover: false, unitFunds: true },
  subsidiaryRemittance: { label: '附属单位上缴收入', carryover: false, unitFunds: true },
  otherRevenue: { label: '其他收入', carryover: false, unitFunds: true },
  carryoverGeneralPublic: { label: '一般公共预算结转结余', carryover: true, unitFunds: false },
  carryoverGovernmentFund: { label: '政府性基金结转结余', carryover: true, unitFunds: false },
  carryoverStateCapital: { label: '国有资本经营预算结转结余', carryover: true, unitFunds: false },
  carryoverSpecialAccount: { label: '财政专户管理资金结转结余', carryover: true, unitFunds: false },
  carryoverUnitFunds: { label: '单位资金结转结余', carryover: true, unitFunds: true },
} as const;
export type Fund = keyof typeof FUNDS;
export const FUND_KEYS: readonly Fund[] = keysOf(FUNDS);

/**
 * The source of funds a fact is recorded under: one Fund, or several joined by '+'
 * ("operatingRevenue+otherRevenue") where the document states an amount without saying how it
 * splits between them. Such a fact counts toward a column only when all its funds are the column's.
 */
export type FundKey = string;

export function fundsOf(key: FundKey): Fund[] {
  return key.split('+') as Fund[];
}

/** The key of a set of funds, in the order of FUNDS (one fund is its own key). */
export function fundKey(funds: Iterable<Fund>): FundKey {
  const set = new Set(funds);
  return FUND_KEYS.filter((f) => set.has(f)).join('+');
}

/** Whether every fund of a key is one of these. */
export function fundsWithin(key: FundKey, funds: readonly Fund[]): boolean {
  if (!key.includes('+')) return funds.includes(key as Fund);
  return key.split('+').every((f) => funds.includes(f as Fund));
}

/** The distinct fund keys among some, in the order of FUNDS (a fund before the pools it is in). */
export function fundKeysOf(keys: Iterable<FundKey>): FundKey[] {
  const order = (key: FundKey) => fundsOf(key).reduce((n, f) => n * 16 + FUND_KEYS.indexOf(f) + 1, 0);
  return [...new Set(keys)].sort((a, b) => fundsOf(a).length - fundsOf(b).length || order(a) - order(b));
}

export function isFundKey(key: string): boolean {
  return key !== '' && key.split('+').every((f) => isKeyOf(FUNDS, f)) && fundKey(fundsOf(key)) === key;
}

/** A fund key's Chinese name ("事业收入、其他收入（未分）" for an unsplit one). */
export function fundLabel(key: FundKey): string {
  const funds = fundsOf(key);
  return funds.length === 1
    ? FUNDS[funds[0]!].label
    : `${funds.map((f) => FUNDS[f].label).join('、')}（未分）`;
}

/**
 * Income lines that restate part of another ("其中：财政拨款"): recorded as published and
 * checked against their parent, never added into totals.
 */
export const INCOME_OF_WHICH = {
  generalPublicAppropriation: { label: '其中：财政拨款', parent: 'generalPublic' },
} as const satisfies Record<string, { label: string; parent: Fund }>;
export type IncomeOfWhich = keyof typeof INCOME_OF_WHICH;
/** What an income line is of: a fund, or an of-which line. */
export type IncomeSource = Fund | IncomeOfWhich;
export const INCOME_SOURCE_KEYS: readonly [IncomeSource, ...IncomeSource[]] = [
  ...keysOf(FUNDS),
  ...keysOf(INCOME_OF_WHICH),
];

export const BASIC_ITEM_TYPES = {
  personnel: { label: '人员类' },
  public: { label: '公用经费' },
} as const;
export type BasicItemType = keyof typeof BASIC_ITEM_TYPES;
export const BASIC_ITEM_TYPE_KEYS = keysOf(BASIC_ITEM_TYPES);

export const INDICATOR_KINDS = {
  cost: { label: '成本指标' },
  output: { label: '产出指标' },
  benefit: { label: '效益指标' },
  satisfaction: { label: '满意度指标' },
} as const;
export type IndicatorKind = keyof typeof INDICATOR_KINDS;
export const INDICATOR_KIND_KEYS = keysOf(INDICATOR_KINDS);

export const THREE_PUBLIC_ITEMS = {
  outboundTravel: { label: '因公出国（境）费', economicCode: '30212' },
  vehiclePurchase: { label: '公务用车购置费', economicCode: '31013' },
  vehicleOperation: { label: '公务用车运行费', economicCode: '30231' },
  reception: { label: '公务接待费', economicCode: '30217' },
} as const;
export type ThreePublicItem = keyof typeof THREE_PUBLIC_ITEMS;
export const THREE_PUBLIC_KEYS = keysOf(THREE_PUBLIC_ITEMS);

export const PROCUREMENT_KINDS = {
  goods: { label: '政府采购货物' },
  works: { label: '政府采购工程' },
  services: { label: '政府采购服务' },
} as const;
export type ProcurementKind = keyof typeof PROCUREMENT_KINDS;
export const PROCUREMENT_KIND_KEYS = keysOf(PROCUREMENT_KINDS);

/**
 * The stages a unit discloses a year's money at: 预算 before the year, 决算 after it. Every
 * reader, query and download takes a stage; where none is given it is DEFAULT_STAGE.
 */
export const STAGES = {
  budget: { label: '预算', noun: 'budget' },
  final: { label: '决算', noun: 'final accounts' },
} as const;
export type Stage = keyof typeof STAGES;
export const STAGE_KEYS = keysOf(STAGES);
export const DEFAULT_STAGE: Stage = 'budget';

/** Figures a narrative states for the prior year, by metric. */
export const PRIOR_YEAR_METRICS = {
  total: { label: '收支总计' },
  generalPublic: { label: '一般公共预算收支预算' },
  governmentFund: { label: '政府性基金收支预算' },
  stateCapital: { label: '国有资本经营收支预算' },
  threePublicTotal: { label: '“三公”经费' },
  outboundTravel: { label: '因公出国（境）费' },
  vehicle: { label: '公务用车购置及运行费' },
  vehiclePurchase: { label: '公务用车购置费' },
  vehicleOperation: { label: '公务用车运行维护费' },
  reception: { label: '公务接待费' },
  operatingCosts: { label: '机关（机构）运行经费' },
} as const;

/** How a narrative names each source of income (二、收入预算总体情况说明), and the metric it states. */
export const INCOME_TERMS: Record<string, string> = {
  一般公共预算: 'income.generalPublic',
  一般公共预算拨款收入: 'income.generalPublic',
  政府性基金预算拨款收入: 'income.governmentFund',
  政府性基金预算拨款: 'income.governmentFund',
  国有资本经营预算拨款收入: 'income.stateCapital',
  国有资本经营预算拨款: 'income.stateCapital',
  财政专户管理资金收入: 'income.specialAccount',
  财政专户管理资金: 'income.specialAccount',
  事业收入: 'income.operatingRevenue',
  事业单位经营收入: 'income.businessRevenue',
  上级补助收入: 'income.superiorSubsidy',
  附属单位上缴收入: 'income.subsidiaryRemittance',
  其他收入: 'income.otherRevenue',
  上年结转结余: 'income.carryover',
  上年结转: 'income.carryover',
};

/** How a narrative names the “三公” items (九), and the item. */
export const THREE_PUBLIC_TERMS: Record<string, string> = {
  '因公出国（境）费': 'outboundTravel',
  公务用车购置及运行费: 'vehicle',
  公务用车购置费: 'vehiclePurchase',
  公务用车运行维护费: 'vehicleOperation',
  公务用车运行费: 'vehicleOperation',
  公务接待费: 'reception',
};

/** 国有资产 the narrative states (十（四）): values in 万元 or counts. */
export const ASSET_ITEMS = {
  buildings: { label: '房屋建筑物', measure: '万元' },
  vehicles: { label: '车辆', measure: '万元' },
  officeEquipment: { label: '办公设备', measure: '万元' },
  specialEquipment: { label: '专用设备', measure: '万元' },
  otherAssets: { label: '其他资产', measure: '万元' },
  generalOfficialVehicles: { label: '一般公务用车', measure: '辆' },
  lawEnforcementVehicles: { label: '执法执勤用车', measure: '辆' },
  otherVehicles: { label: '其他用车', measure: '辆' },
  generalEquipmentOver500k: { label: '单位价值50万元以上通用设备', measure: '台' },
  specialEquipmentOver1m: { label: '单位价值100万元以上专用设备', measure: '台' },
} as const;
export type PriorYearMetric = keyof typeof PRIOR_YEAR_METRICS;
export const PRIOR_YEAR_METRIC_KEYS = keysOf(PRIOR_YEAR_METRICS);

/**
 * The keys of a vocabulary, in its order, as a non-empty tuple of its key type: what Drizzle's
 * `enum` option takes, so that a column holding one of them is typed as one of them.
 */
export function keysOf<T extends Record<string, unknown>>(
  table: T,
): readonly [Extract<keyof T, string>, ...Extract<keyof T, string>[]] {
  // Object.keys types its keys as string; every vocabulary here has at least one entry
  return Object.keys(table) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];
}

export function isKeyOf<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(table, key);
}
