import {
  CATEGORIES,
  type Category,
  type CategoryGroup,
  FUND_KEYS,
  FUNDS,
  type Fund,
  type FundKey,
  fundsWithin,
  type SubjectScheme,
} from '../domain.js';
import { sum, type Yuan } from '../money.js';
import type { Disclosure, EconomicExpenditure, FunctionalExpenditure } from './facts.js';
import type { SubjectCatalog } from './subjects.js';

export type FundSet = readonly Fund[];

/** Named sets of funds that table columns add up. */
export const FUND_SETS = {
  all: FUND_KEYS,
  current: FUND_KEYS.filter((f) => !FUNDS[f].carryover),
  carryover: FUND_KEYS.filter((f) => FUNDS[f].carryover),
  generalPublic: ['generalPublic'],
  governmentFund: ['governmentFund'],
  stateCapital: ['stateCapital'],
  specialAccount: ['specialAccount'],
  carryoverGeneralPublic: ['carryoverGeneralPublic'],
  carryoverGovernmentFund: ['carryoverGovernmentFund'],
  carryoverStateCapital: ['carryoverStateCapital'],
  carryoverSpecialAccount: ['carryoverSpecialAccount'],
  carryoverUnitFunds: ['carryoverUnitFunds'],
  anyGeneralPublic: ['generalPublic', 'carryoverGeneralPublic'],
  anyGovernmentFund: ['governmentFund', 'carryoverGovernmentFund'],
  anyStateCapital: ['stateCapital', 'carryoverStateCapital'],
  anySpecialAccount: ['specialAccount', 'carryoverSpecialAccount'],
  /** 政府预算资金 (table 14): the three fiscal budgets, this year's and carried over */
  government: [
    'generalPublic',
    'carryoverGeneralPublic',
    'governmentFund',
    'carryoverGovernmentFund',
    'stateCapital',
    'carryoverStateCapital',
  ],
  unitFunds: FUND_KEYS.filter((f) => FUNDS[f].unitFunds),
  currentUnitFunds: FUND_KEYS.filter((f) => FUNDS[f].unitFunds && !FUNDS[f].carryover),
  operatingRevenue: ['operatingRevenue'],
  businessRevenue: ['businessRevenue'],
  superiorSubsidy: ['superiorSubsidy'],
  subsidiaryRemittance: ['subsidiaryRemittance'],
  otherRevenue: ['otherRevenue'],
} satisfies Record<string, FundSet>;
export type FundSetName = keyof typeof FUND_SETS;

export interface FunctionalFilter {
  funds?: FundSet;
  /** facts recorded under exactly this fund key (one fund, or one unsplit set of funds) */
  fundKey?: FundKey;
  categories?: readonly Category[];
  groups?: readonly CategoryGroup[];
  /** a 类, 款 or 项 code: facts under it */
  under?: string;
}

/** Σ of the functional facts that pass a filter: the one place such spending is added up. */
export function functionalTotal(
  facts: readonly FunctionalExpenditure[],
  filter: FunctionalFilter = {},
): Yuan {
  // a loop, not filter/map/sum: the tables call this for every cell they draw
  const { funds, fundKey, categories, groups, under } = filter;
  let total = 0;
  for (const f of facts) {
    if (
      (!funds || fundsWithin(f.fund, funds)) &&
      (!fundKey || f.fund === fundKey) &&
      (!categories || categories.includes(f.category)) &&
      (!groups || groups.includes(CATEGORIES[f.category].group)) &&
      (!under || f.subjectCode.startsWith(under))
    )
      total += f.amount;
  }
  return total;
}

/** Σ of the economic facts under a 部门/政府 economic subject, by group and fund. */
export function economicTotal(
  facts: readonly EconomicExpenditure[],
  filter: {
    departmentCode?: string;
    governmentCode?: string;
    groups?: readonly CategoryGroup[];
    funds?: FundSet;
    fundKey?: FundKey;
  },
): Yuan {
  const { departmentCode, governmentCode, groups, funds, fundKey } = filter;
  let total = 0;
  for (const e of facts) {
    if (
      (!departmentCode || e.departmentCode.startsWith(departmentCode)) &&
      (!governmentCode || e.governmentCode.startsWith(governmentCode)) &&
      (!groups || (e.group !== null && groups.includes(e.group))) &&
      (!funds || fundsWithin(e.fund, funds)) &&
      (!fundKey || e.fund === fundKey)
    )
      total += e.amount;
  }
  return total;
}

/** Read-only sums over one disclosure's facts. Every total the tables print comes from here. */
export class BudgetContext {
  private readonly labels: Map<string, string>;

  /** the code list with the codes this disclosure declares */
  readonly catalog: SubjectCatalog;

  constructor(
    readonly d: Disclosure,
    catalog: SubjectCatalog,
    /**
     * A department's budget (部门预算): the contexts of its units, whose facts d adds up. The
     * tables list each unit below the department row where a unit's own tables list the unit.
     */
    readonly members?: readonly BudgetContext[],
  ) {
    this.catalog = catalog.with(d.declaredSubjects);
    this.labels = new Map(d.labels.map((l) => [`${l.scheme}:${l.code}`, l.label]));
  }

  /** The units whose rows a table lists: a department's units, or the unit itself. */
  get units(): readonly BudgetContext[] {
    return this.members ?? [this];
  }

  /** A subject's label as this disclosure prints it (falls back to the official name). */
  label(scheme: SubjectScheme, code: string): string {
    return this.labels.get(`${scheme}:${code}`) ?? this.catalog.name(scheme, code);
  }

  functional(filter: FunctionalFilter = {}): Yuan {
    return functionalTotal(this.functionalFacts(filter.under), filter);
  }

  // The tables ask for one subject's spending once per column: each subject's facts are picked
  // out once (a disclosure's facts are not changed once it has a context).
  private readonly byUnder = new Map<string, readonly FunctionalExpenditure[]>();
  /** by 部门 code, then 政府 code */
  private readonly byEconomic = new Map<string, Map<string, readonly EconomicExpenditure[]>>();

  /** The functional facts under a 类, 款 or 项 (all of them without one). */
  functionalFacts(under?: string): readonly FunctionalExpenditure[] {
    if (!under) return this.d.functional;
    let facts = this.byUnder.get(under);
    if (!facts) {
      facts = this.d.functional.filter((f) => f.subjectCode.startsWith(under));
      this.byUnder.set(under, facts);
    }
    return facts;
  }

  /** The functional 项 codes with any spending in these funds, in code order. */
  functionalItems(funds: FundSet = FUND_SETS.all): string[] {
    const codes = new Set(
      this.d.functional.filter((f) => fundsWithin(f.fund, funds) && f.amount).map((f) => f.subjectCode),
    );
    return [...codes].sort();
  }

  income(funds: FundSet): Yuan {
    let total = 0;
    for (const i of this.d.incomes) if ((funds as readonly string[]).includes(i.source)) total += i.amount;
    return total;
  }

  incomeLine(source: string): Yuan {
    let total = 0;
    for (const i of this.d.incomes) if (i.source === source) total += i.amount;
    return total;
  }

  economic(filter: Parameters<typeof economicTotal>[1]): Yuan {
    return economicTotal(this.economicFacts(filter.departmentCode, filter.governmentCode), filter);
  }

  /** The economic facts under a 部门 and a 政府 economic subject (all of them without either). */
  economicFacts(departmentCode = '', governmentCode = ''): readonly EconomicExpenditure[] {
    if (!departmentCode && !governmentCode) return this.d.economic;
    let byGovernment = this.byEconomic.get(departmentCode);
    if (!byGovernment) {
      byGovernment = new Map();
      this.byEconomic.set(departmentCode, byGovernment);
    }
    let facts = byGovernment.get(governmentCode);
    if (!facts) {
      facts = this.d.economic.filter(
        (e) => e.departmentCode.startsWith(departmentCode) && e.governmentCode.startsWith(governmentCode),
      );
      byGovernment.set(governmentCode, facts);
    }
    return facts;
  }

  basicItems(filter: { type?: 'personnel' | 'public'; funds?: FundSet } = {}): Yuan {
    return sum(
      this.d.basicItems
        .filter(
          (i) =>
            (!filter.type || i.type === filter.type) && (!filter.funds || fundsWithin(i.fund, filter.funds)),
        )
        .map((i) => i.amount),
    );
  }

  projectAmount(code: string | null, funds: FundSet = FUND_SETS.all): Yuan {
    let total = 0;
    for (const p of this.d.projects)
      if (code === null || p.code === code)
        for (const a of p.amounts) if (fundsWithin(a.fund, funds)) total += a.amount;
    return total;
  }

  threePublic(item: string): Yuan {
    return sum(this.d.threePublic.filter((c) => c.item === item).map((c) => c.amount));
  }

  operatingCosts(departmentCode?: string): Yuan {
    return sum(
      this.d.operatingCosts
        .filter((c) => !departmentCode || c.departmentCode.startsWith(departmentCode))
        .map((c) => c.amount),
    );
  }

  /** The prior-year figure the narrative compares with (the basis entity), or null when not stated. */
  priorYear(metric: string): Yuan | null {
    const figure = this.d.priorYear.find((p) => p.metric === metric && p.basis);
    return figure ? figure.amount : null;
  }

  /** 收支总计: all spending, which the disclosure balances against all income. */
  totalExpenditure(): Yuan {
    return this.functional();
  }
}
