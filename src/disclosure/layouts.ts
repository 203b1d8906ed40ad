import {
  BASIC_ITEM_TYPES,
  CATEGORIES,
  type Category,
  type CategoryGroup,
  DEFAULT_STAGE,
  fundsWithin,
  INCOME_OF_WHICH,
  INDICATOR_KIND_KEYS,
  INDICATOR_KINDS,
  STAGES,
  type Stage,
  THREE_PUBLIC_KEYS,
} from '../domain.js';
import { sum, type Yuan } from '../money.js';
import { amount, type ColumnNode, group, leafColumns, type Money, text } from './columns.js';
import {
  type BudgetContext,
  economicTotal,
  FUND_SETS,
  type FundSet,
  type FundSetName,
  functionalTotal,
} from './context.js';

/**
 * The 14 tables of a unit budget disclosure (单位预算公开), each described once: number,
 * title, column tree, notes and how its rows are drawn from facts. The renderer, the file
 * writers, the Table Schemas and GraphQL's DisclosureTable all read these.
 */
export type CellValue = string | Yuan | null;
export type RowKind =
  | 'header'
  | 'total'
  | 'department'
  | 'unit'
  | 'subject'
  | 'item'
  | 'line'
  | 'continuation';

export interface LayoutRow {
  kind: RowKind;
  /** values by leaf column path (missing means blank); other keys (a line's subject code) are not printed */
  values: Record<string, CellValue>;
}

export interface TableLayout {
  no: number;
  /** stable key used in file names and GraphQL */
  key: string;
  title: (year: number) => string;
  columns: ColumnNode[];
  /** notes printed under the table */
  notes: string[];
  /** printed under the notes when the table has no data */
  emptyNote?: (year: number) => string;
  /** whether the 单位名称 / 单位：万元 lines are printed above the table (default true) */
  unitBanner?: boolean;
  /** leaf paths that identify a data row (Table Schema primary key), when the table has one */
  primaryKey?: string[];
  /** the money the whole table covers (05: this year's 一般公共预算); a column's own funds narrow it */
  funds?: FundSetName;
  rows: (ctx: BudgetContext) => LayoutRow[];
}

const ROUNDING_NOTE = '注：报表金额单位转换时可能存在四舍五入尾数误差。';

/** The total lines of table 01, as it prints them (the checks find them by these labels). */
export const LABELS_01 = {
  currentIncome: '本年收入合计',
  currentExpenditure: '本年支出合计',
  carryover: '上年结转结余',
  incomeTotal: '收入总计',
  expenditureTotal: '支出总计',
} as const;

/** The total lines of table 04, as it prints them (the checks find them by these labels). */
export const LABELS_04 = {
  incomeTotal: '收入合计',
  expenditureTotal: '支出合计',
} as const;

/** An income line that restates part of another: 其中：财政拨款 (tables 01 and 04). */
export const APPROPRIATION_LABEL = INCOME_OF_WHICH.generalPublicAppropriation.label;

/** 类 of the functional classification as tables 01 and 04 list them, with the code of each. */
const EXPENDITURE_CLASSES_01: [string, string | null][] = [
  ['一、一般公共服务', '201'],
  ['二、外交', '202'],
  ['三、国防', '203'],
  ['四、公共安全', '204'],
  ['五、教育', '205'],
  ['六、科学技术', '206'],
  ['七、文化旅游体育与传媒', '207'],
  ['八、社会保障和就业', '208'],
  ['九、社会保险基金支出', '209'],
  ['十、卫生健康', '210'],
  ['十一、节能环保', '211'],
  ['十二、城乡社区事务', '212'],
  ['十三、农林水事务', '213'],
  ['十四、交通运输', '214'],
  ['十五、资源勘探信息等', '215'],
  ['十六、商业服务业等', '216'],
  ['十七、金融支出', '217'],
  ['十九、援助其他地区支出', '219'],
  ['二十、自然资源海洋气象等支出', '220'],
  ['二十一、住房保障支出', '221'],
  ['二十二、粮油物资储备支出', '222'],
  ['二十三、国有资本经营预算', '223'],
  ['二十四、灾害防治及应急管理', '224'],
  ['二十七、预备费', '227'],
  ['二十九、其他支出', '229'],
  ['三十、转移性支出', '230'],
  ['三十一、债务还本支出', '231'],
  ['三十二、债务付息支出', '232'],
  ['三十三、债务发行费用支出', '233'],
  ['三十四、抗疫特别国债安排的支出', '234'],
];

/** Table 04 keeps the template's legacy 医疗卫生与计划生育支出 line, which no current code feeds. */
export const EXPENDITURE_CLASSES_04: [string, string | null][] = [
  ['（一）一般公共服务支出', '201'],
  ['（二）外交支出', '202'],
  ['（三）国防支出', '203'],
  ['（四）公共安全支出', '204'],
  ['（五）教育支出', '205'],
  ['（六）科学技术支出', '206'],
  ['（七）文化体育旅游与传媒支出', '207'],
  ['（八）社会保障和就业支出', '208'],
  ['（九）医疗卫生与计划生育支出', null],
  ['（十）卫生健康支出', '210'],
  ['（十一）节能环保支出', '211'],
  ['（十二）城乡社区事务支出', '212'],
  ['(十三) 农林水事务支出', '213'],
  ['(十四) 交通运输支出', '214'],
  ['(十五) 资源勘探信息等支出', '215'],
  ['(十六) 商业服务业等支出', '216'],
  ['(十七) 金融支出', '217'],
  ['(十九) 援助其他地区支出', '219'],
  ['(二十) 自然资源海洋气象等支出', '220'],
  ['(二十一) 住房保障支出', '221'],
  ['(二十二) 粮油物资储备支出', '222'],
  ['(二十三) 国有资本经营预算', '223'],
  ['(二十四) 灾害防治及应急管理', '224'],
  ['(二十七) 预备费', '227'],
  ['(二十九) 其他支出', '229'],
  ['(三十) 转移性支出', '230'],
  ['(三十一) 债务还本支出', '231'],
  ['(三十二) 债务付息支出', '232'],
  ['(三十三) 债务发行费用支出', '233'],
  ['(三十四) 抗疫特别国债安排的支出', '234'],
];

/** Income lines of table 01: label and the fund set (or of-which line) each adds up. */
const INCOME_LINES_01: [string, FundSetName | 'generalPublicAppropriation'][] = [
  ['一、一般公共预算', 'generalPublic'],
  [APPROPRIATION_LABEL, 'generalPublicAppropriation'],
  ['二、政府性基金预算拨款收入', 'governmentFund'],
  ['三、国有资本经营预算拨款收入', 'stateCapital'],
  ['四、财政专户管理资金收入', 'specialAccount'],
  ['五、事业收入', 'operatingRevenue'],
  ['六、事业单位经营收入', 'businessRevenue'],
  ['七、上级补助收入', 'superiorSubsidy'],
  ['八、附属单位上缴收入', 'subsidiaryRemittance'],
  ['九、其他收入', 'otherRevenue'],
];

const INCOME_LINES_04: [string, FundSetName | 'generalPublicAppropriation'][] = [
  [LABELS_04.incomeTotal, 'all'],
  ['一、本年收入', 'current'],
  ['（一）一般公共预算拨款', 'generalPublic'],
  [APPROPRIATION_LABEL, 'generalPublicAppropriation'],
  ['（二）政府性基金预算拨款', 'governmentFund'],
  ['（三）国有资本经营预算拨款', 'stateCapital'],
  ['（四）财政专户管理资金收入', 'specialAccount'],
  ['（五）单位资金', 'currentUnitFunds'],
  ['二、上年结转', 'carryover'],
  ['（一）一般公共预算拨款', 'carryoverGeneralPublic'],
  ['（二）政府性基金预算拨款', 'carryoverGovernmentFund'],
  ['（三）国有资本经营预算拨款', 'carryoverStateCapital'],
  ['（四）财政专户管理资金收入', 'carryoverSpecialAccount'],
];

function incomeOf(ctx: BudgetContext, line: FundSetName | 'generalPublicAppropriation'): Yuan {
  return line === 'generalPublicAppropriation' ? ctx.incomeLine(line) : ctx.income(FUND_SETS[line]);
}

/** Lays two independent lists side by side, as the 收支 tables print income beside spending. */
function sideBySide(left: Record<string, CellValue>[], right: Record<string, CellValue>[]): LayoutRow[] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => ({
    kind: 'line' as const,
    values: { ...left[i], ...right[i] },
  }));
}

type Leaf = ReturnType<typeof leafColumns>[number];

/** The funds of a column that are among its table's. */
function fundsOf(money: Money, table: FundSet): FundSet {
  return money.funds ? FUND_SETS[money.funds].filter((f) => table.includes(f)) : table;
}

/** An amount column and what it adds up of a table's money: its funds among the table's, its categories and groups. */
interface ColumnFilter {
  path: string;
  funds: FundSet;
  categories?: readonly Category[];
  groups?: readonly CategoryGroup[];
}

/**
 * The amount columns of some leaves that facts feed, each with its filter in a table of these
 * funds: worked out once per leaves and table (every row of the table draws through them, and a
 * row's facts are picked out once for all its columns).
 */
const columnFilters = new WeakMap<Leaf[], Map<FundSet, ColumnFilter[]>>();
function filtersOf(leaves: Leaf[], table: FundSet): ColumnFilter[] {
  let byTable = columnFilters.get(leaves);
  if (!byTable) {
    byTable = new Map();
    columnFilters.set(leaves, byTable);
  }
  let filters = byTable.get(table);
  if (!filters) {
    filters = [];
    for (const leaf of leaves) {
      const money = leaf.money;
      if (leaf.type !== 'amount' || !money || money.none) continue;
      filters.push({
        path: leaf.path,
        funds: fundsOf(money, table),
        categories: money.categories,
        groups: money.groups,
      });
    }
    byTable.set(table, filters);
  }
  return filters;
}

/** Each amount column's spending by functional subject, as its money says (03, 04, 05, 10, 11). */
function spendingValues(
  ctx: BudgetContext,
  leaves: Leaf[],
  table: FundSet,
  under?: string,
): Record<string, Yuan> {
  const values: Record<string, Yuan> = {};
  // the facts under the row's subject, once for all its columns
  const facts = ctx.functionalFacts(under);
  for (const column of filtersOf(leaves, table)) values[column.path] = functionalTotal(facts, column);
  return values;
}

/** Each amount column's spending by economic subject (06, 08). */
function economicValues(
  ctx: BudgetContext,
  leaves: Leaf[],
  table: FundSet,
  departmentCode?: string,
  governmentCode?: string,
): Record<string, Yuan> {
  const values: Record<string, Yuan> = {};
  const facts = ctx.economicFacts(departmentCode, governmentCode);
  for (const column of filtersOf(leaves, table)) values[column.path] = economicTotal(facts, column);
  return values;
}

/** Each amount column's share of some money by fund (07, 12, 14): total(funds) gives it. */
function fundValues(leaves: Leaf[], total: (funds: FundSet) => Yuan): Record<string, Yuan> {
  const values: Record<string, Yuan> = {};
  for (const leaf of leaves)
    if (leaf.type === 'amount' && leaf.money && !leaf.money.none)
      values[leaf.path] = total(FUND_SETS[leaf.money.funds ?? 'all']);
  return values;
}

// —— shared column sets ——

const SUBJECT_CODE_COLUMNS = [
  group('subject', '科目编码', [text('class', '类'), text('section', '款'), text('item', '项')]),
];

/** 本年拨款 / 财政拨款结转结余 / 财政专户管理资金 / 单位资金 columns of tables 07 and 12, with their funds. */
const APPROPRIATION_COLUMNS = [
  amount('total', '合计', { funds: 'all' }),
  group('current', '本年拨款', [
    amount('generalPublic', '一般公共预算', { funds: 'generalPublic' }),
    amount('governmentFund', '政府性基金预算', { funds: 'governmentFund' }),
    amount('stateCapital', '国有资本经营预算', { funds: 'stateCapital' }),
  ]),
  group('carryover', '财政拨款结转结余', [
    amount('generalPublic', '一般公共预算', { funds: 'carryoverGeneralPublic' }),
    amount('governmentFund', '政府性基金预算', { funds: 'carryoverGovernmentFund' }),
    amount('stateCapital', '国有资本经营预算', { funds: 'carryoverStateCapital' }),
  ]),
  amount('specialAccount', '财政专户管理资金', { funds: 'anySpecialAccount' }),
  amount('unitFunds', '单位资金', { funds: 'unitFunds' }),
];
const APPROPRIATION_LEAVES = leafColumns(APPROPRIATION_COLUMNS);

/** Tables 05, 10 and 11: one fund's spending by functional 项, basic (by economic 类) and project. */
function functionalByFund(
  funds: FundSetName,
): Pick<TableLayout, 'columns' | 'rows' | 'primaryKey' | 'funds'> {
  const columns = [
    ...SUBJECT_CODE_COLUMNS,
    text('unitCode', '单位代码'),
    text('name', '单位（科目名称）'),
    amount('total', '合计'),
    group('basic', '基本支出', [
      amount('subtotal', '小计', { groups: ['personnel', 'public'] }),
      group('personnel', '人员经费', [
        amount('wages', '工资福利支出', { categories: ['wages'] }),
        amount('household', '对个人和家庭的补助', { categories: ['household'] }),
      ]),
      group('public', '公用经费', [
        amount('goods', '商品和服务支出', { categories: ['goods'] }),
        amount('capital', '资本性支出', { categories: ['capital'] }),
      ]),
    ]),
    group('project', '项目支出', [
      amount('subtotal', '小计', { groups: ['project'] }),
      amount('operation', '其他运转类', { categories: ['operation'] }),
      amount('specific', '特定目标类', { categories: ['specific'] }),
    ]),
  ];
  const leaves = leafColumns(columns);
  return {
    columns,
    funds,
    primaryKey: ['subject.class', 'subject.section', 'subject.item', 'unitCode'],
    rows: (ctx) =>
      subjectRows(ctx, FUND_SETS[funds], (c, under) => spendingValues(c, leaves, FUND_SETS[funds], under)),
  };
}

/**
 * 合计, the department, then one row per functional 项 with spending in these funds; a
 * department's table lists each unit below the department row, with the unit's 项 under it.
 */
function subjectRows(
  ctx: BudgetContext,
  funds: typeof FUND_SETS.all,
  values: (ctx: BudgetContext, under?: string) => Record<string, Yuan>,
): LayoutRow[] {
  const rows: LayoutRow[] = [{ kind: 'total', values: { name: '合计', ...values(ctx) } }];
  if (!ctx.functionalItems(funds).length) return rows;
  rows.push({
    kind: 'department',
    values: { unitCode: ctx.d.department.code, name: ctx.d.department.name, ...values(ctx) },
  });
  const subjects = (c: BudgetContext, unitCode?: string) =>
    c.functionalItems(funds).map(
      (code): LayoutRow => ({
        kind: 'subject',
        values: {
          'subject.class': code.slice(0, 3),
          'subject.section': code.slice(3, 5),
          'subject.item': code.slice(5, 7),
          ...(unitCode ? { unitCode } : {}),
          name: c.label('functional', code),
          ...values(c, code),
        },
      }),
    );
  if (!ctx.members) return [...rows, ...subjects(ctx)];
  for (const unit of ctx.members) {
    if (!unit.functionalItems(funds).length) continue;
    rows.push({
      kind: 'unit',
      values: { unitCode: unit.d.unit.code, name: unit.d.unit.name, ...values(unit) },
    });
    rows.push(...subjects(unit, unit.d.unit.code));
  }
  return rows;
}

const COLUMNS_02 = [
  text('unitCode', '单位代码'),
  text('unitName', '单位名称'),
  amount('total', '总计', { income: 'all' }),
  group('all', '合计', [
    amount('generalPublic', '一般公共预算', { income: 'anyGeneralPublic' }),
    amount('governmentFund', '政府性基金', { income: 'anyGovernmentFund' }),
    amount('stateCapital', '国有资本经营预算', { income: 'anyStateCapital' }),
    amount('specialAccount', '财政专户管理资金', { income: 'anySpecialAccount' }),
  ]),
  group('current', '本年收入', [
    amount('total', '合计', { income: 'current' }),
    group('generalPublic', '一般公共预算', [
      amount('subtotal', '小计', { income: 'generalPublic' }),
      amount('appropriation', '其中：财政拨款', { income: 'generalPublicAppropriation', ofWhich: true }),
    ]),
    amount('governmentFund', '政府性基金', { income: 'governmentFund' }),
    amount('stateCapital', '国有资本经营预算', { income: 'stateCapital' }),
    amount('specialAccount', '财政专户管理资金收入', { income: 'specialAccount' }),
    amount('operatingRevenue', '事业收入', { income: 'operatingRevenue' }),
    amount('businessRevenue', '事业单位经营收入', { income: 'businessRevenue' }),
    amount('superiorSubsidy', '上级补助收入', { income: 'superiorSubsidy' }),
    amount('subsidiaryRemittance', '附属单位上缴收入', { income: 'subsidiaryRemittance' }),
    amount('otherRevenue', '其他收入', { income: 'otherRevenue' }),
  ]),
  group('carryover', '上年结转结余', [
    amount('total', '合计', { income: 'carryover' }),
    amount('generalPublic', '一般公共预算', { income: 'carryoverGeneralPublic' }),
    amount('governmentFund', '政府性基金', { income: 'carryoverGovernmentFund' }),
    amount('stateCapital', '国有资本经营预算', { income: 'carryoverStateCapital' }),
    amount('specialAccount', '财政专户管理资金', { income: 'carryoverSpecialAccount' }),
    amount('unitFunds', '单位资金', { income: 'carryoverUnitFunds' }),
  ]),
];

const COLUMNS_03 = [
  ...SUBJECT_CODE_COLUMNS,
  text('unitCode', '单位代码'),
  text('name', '单位（科目名称）'),
  amount('total', '总计'),
  group('basic', '基本支出', [
    amount('total', '合计', { groups: ['personnel', 'public'] }),
    group('personnel', '人员经费', [
      amount('subtotal', '小计', { groups: ['personnel'] }),
      amount('wages', '工资福利支出', { categories: ['wages'] }),
      amount('household', '对个人和家庭的补助', { categories: ['household'] }),
    ]),
    group('public', '公用经费', [
      amount('subtotal', '小计', { groups: ['public'] }),
      amount('goods', '商品和服务支出', { categories: ['goods'] }),
    ]),
  ]),
  group('project', '项目支出', [
    amount('total', '合计', { groups: ['project'] }),
    amount('operation', '其他运转类', { categories: ['operation'] }),
    amount('specific', '特定目标类', { categories: ['specific'] }),
  ]),
];

/** 04 covers all the unit's money: each fiscal column is this year's plus carried-over money. */
const COLUMNS_04 = [
  group('income', '收入', [text('item', '项目'), amount('amount', '金额')]),
  group('expenditure', '支出', [
    text('item', '项目'),
    amount('total', '合计', { funds: 'all' }),
    group('generalPublic', '一般公共预算', [
      amount('subtotal', '小计', { funds: 'anyGeneralPublic' }),
      amount('appropriation', '其中：财政拨款', { funds: 'anyGeneralPublic', ofWhich: true }),
      amount('transfer', '其中：上级专项转移支付安排支出', { none: true, ofWhich: true }),
    ]),
    amount('governmentFund', '政府性基金', { funds: 'anyGovernmentFund' }),
    amount('stateCapital', '国有资本经营预算', { funds: 'anyStateCapital' }),
    amount('specialAccount', '财政专户管理资金收入', { funds: 'anySpecialAccount' }),
    amount('unitFunds', '单位资金', { funds: 'unitFunds' }),
  ]),
];

const EXPENDITURE_LEAVES_04 = leafColumns(COLUMNS_04).filter((l) => l.path.startsWith('expenditure.'));

const COLUMNS_06 = [
  group('department', '单位预算支出经济分类科目', [text('code', '科目编码'), text('name', '科目名称')]),
  group('government', '政府预算支出经济分类科目编码', [text('code', '科目编码'), text('name', '科目名称')]),
  group('basic', '本年一般公共预算基本支出', [
    amount('total', '合计', { groups: ['personnel', 'public'] }),
    amount('personnel', '人员经费', { groups: ['personnel'] }),
    amount('public', '公用经费', { groups: ['public'] }),
  ]),
];

/** Table 08: all spending by economic subject and source; only the 一般公共预算 column splits off 06's basic part. */
const COLUMNS_08 = [
  group('department', '部门预算经济分类', [
    text('class', '类'),
    text('section', '款'),
    text('name', '科目名称'),
  ]),
  group('government', '政府预算经济分类', [
    text('class', '类'),
    text('section', '款'),
    text('name', '科目名称'),
  ]),
  amount('total', '总计'),
  group('generalPublic', '一般公共预算', [
    amount('subtotal', '小计', { funds: 'generalPublic' }),
    amount('appropriation', '其中：财政拨款', { funds: 'generalPublic', ofWhich: true }),
  ]),
  amount('governmentFund', '政府性基金', { funds: 'governmentFund' }),
  amount('stateCapital', '国有资本经营预算', { funds: 'stateCapital' }),
  amount('carryover', '上年结转结余', { funds: 'carryover' }),
  amount('specialAccount', '财政专户管理资金收入', { funds: 'specialAccount' }),
  amount('operatingRevenue', '事业收入', { funds: 'operatingRevenue' }),
  amount('superiorSubsidy', '上级补助收入', { funds: 'superiorSubsidy' }),
  amount('subsidiaryRemittance', '附属单位上缴收入', { funds: 'subsidiaryRemittance' }),
  amount('businessRevenue', '事业单位经营收入', { funds: 'businessRevenue' }),
  amount('otherRevenue', '其他收入', { funds: 'otherRevenue' }),
];

const COLUMNS_09 = [
  amount('total', '“三公”经费合计', { threePublic: THREE_PUBLIC_KEYS }),
  amount('outboundTravel', '因公出国（境）费', { threePublic: ['outboundTravel'] }),
  group('vehicle', '公务用车购置及运行费', [
    amount('subtotal', '小计', { threePublic: ['vehiclePurchase', 'vehicleOperation'] }),
    amount('purchase', '公务用车购置费', { threePublic: ['vehiclePurchase'] }),
    amount('operation', '公务用车运行费', { threePublic: ['vehicleOperation'] }),
  ]),
  amount('reception', '公务接待费', { threePublic: ['reception'] }),
];

const LEAVES_02 = leafColumns(COLUMNS_02);
const LEAVES_03 = leafColumns(COLUMNS_03);
const LEAVES_06 = leafColumns(COLUMNS_06);
const LEAVES_08 = leafColumns(COLUMNS_08);
const LEAVES_09 = leafColumns(COLUMNS_09);

/** The 14 tables of a 预算 disclosure (单位预算公开), in order. */
export const LAYOUTS: TableLayout[] = [
  {
    no: 1,
    key: 'income-expenditure-summary',
    title: (y) => `${y}年单位收支预算表`,
    columns: [
      group('income', '收入', [text('item', '项目'), amount('amount', '金额')]),
      group('expenditure', '支出', [text('item', '项目'), amount('amount', '金额')]),
    ],
    notes: [ROUNDING_NOTE],
    rows: (ctx) => {
      const income = INCOME_LINES_01.map(([label, line]) => ({
        'income.item': label,
        'income.amount': incomeOf(ctx, line),
      }));
      const spending = EXPENDITURE_CLASSES_01.map(([label, code]) => ({
        'expenditure.item': label,
        'expenditure.code': code,
        'expenditure.amount': code ? ctx.functional({ under: code }) : null,
      }));
      const current = ctx.income(FUND_SETS.current);
      const carryover = ctx.income(FUND_SETS.carryover);
      const spent = ctx.totalExpenditure();
      return [
        ...sideBySide(income, spending),
        {
          kind: 'total',
          values: {
            'income.item': LABELS_01.currentIncome,
            'income.amount': current,
            'expenditure.item': LABELS_01.currentExpenditure,
            'expenditure.amount': spent,
          },
        },
        { kind: 'line', values: { 'income.item': LABELS_01.carryover, 'income.amount': carryover } },
        {
          kind: 'total',
          values: {
            'income.item': LABELS_01.incomeTotal,
            'income.amount': current + carryover,
            'expenditure.item': LABELS_01.expenditureTotal,
            'expenditure.amount': spent,
          },
        },
      ];
    },
  },
  {
    no: 2,
    key: 'income',
    title: (y) => `${y}年单位收入预算表`,
    columns: COLUMNS_02,
    notes: [ROUNDING_NOTE],
    primaryKey: ['unitCode'],
    rows: (ctx) => {
      const incomeValues = (c: BudgetContext) => {
        const values: Record<string, Yuan> = {};
        for (const leaf of LEAVES_02)
          if (leaf.money?.income) values[leaf.path] = incomeOf(c, leaf.money.income);
        return values;
      };
      const values = incomeValues(ctx);
      return [
        { kind: 'total', values: { unitName: '合计', ...values } },
        {
          kind: 'department',
          values: { unitCode: ctx.d.department.code, unitName: ctx.d.department.name, ...values },
        },
        ...ctx.units.map((unit) => ({
          kind: 'unit' as const,
          values: { unitCode: unit.d.unit.code, unitName: unit.d.unit.name, ...incomeValues(unit) },
        })),
      ];
    },
  },
  {
    no: 3,
    key: 'expenditure',
    title: (y) => `${y}年单位支出预算表`,
    columns: COLUMNS_03,
    funds: 'all',
    notes: [ROUNDING_NOTE],
    primaryKey: ['subject.class', 'subject.section', 'subject.item', 'unitCode'],
    rows: (ctx) =>
      subjectRows(ctx, FUND_SETS.all, (c, under) => spendingValues(c, LEAVES_03, FUND_SETS.all, under)),
  },
  {
    no: 4,
    key: 'fiscal-appropriation-summary',
    title: (y) => `${y}年财政拨款收支预算表`,
    columns: COLUMNS_04,
    notes: [ROUNDING_NOTE],
    rows: (ctx) => {
      const spending = (under: string | undefined) =>
        spendingValues(ctx, EXPENDITURE_LEAVES_04, FUND_SETS.all, under);
      const income = INCOME_LINES_04.map(([label, line]) => ({
        'income.item': label,
        'income.amount': incomeOf(ctx, line),
      }));
      const lines = [
        { 'expenditure.item': LABELS_04.expenditureTotal, ...spending(undefined) },
        { 'expenditure.item': '一、本年支出', ...spending(undefined) },
        ...EXPENDITURE_CLASSES_04.map(([label, code]) => ({
          'expenditure.item': label,
          'expenditure.code': code,
          ...(code ? spending(code) : {}),
        })),
        { 'expenditure.item': '二、年终结转结余' },
      ];
      const rows = sideBySide(income, lines);
      rows[0]!.kind = 'total';
      return rows;
    },
  },
  {
    no: 5,
    key: 'general-public-expenditure',
    title: (y) => `${y}年一般公共预算支出预算表`,
    ...functionalByFund('generalPublic'),
    notes: [ROUNDING_NOTE, '本表仅含当年财政拨款安排的支出。'],
  },
  {
    no: 6,
    key: 'general-public-basic-expenditure',
    title: (y) => `${y}年一般公共预算基本支出预算表`,
    columns: COLUMNS_06,
    funds: 'generalPublic',
    notes: [ROUNDING_NOTE],
    primaryKey: ['department.code', 'government.code'],
    rows: (ctx) => {
      const funds: FundSet = FUND_SETS.generalPublic;
      const values = (departmentCode?: string, governmentCode?: string) =>
        economicValues(ctx, LEAVES_06, funds, departmentCode, governmentCode);
      const pairs = new Map<string, [string, string]>();
      for (const e of ctx.d.economic) {
        if ((e.group === 'personnel' || e.group === 'public') && fundsWithin(e.fund, funds))
          pairs.set(`${e.departmentCode}/${e.governmentCode}`, [e.departmentCode, e.governmentCode]);
      }
      return [
        { kind: 'total', values: { 'government.name': '合计', ...values() } },
        ...[...pairs.values()].map(([d, g]) => ({
          kind: 'subject' as const,
          values: {
            'department.code': d,
            'department.name': ctx.label('economicDepartment', d),
            'government.code': g,
            'government.name': ctx.label('economicGovernment', g),
            ...values(d, g),
          },
        })),
      ];
    },
  },
  {
    no: 7,
    key: 'general-public-basic-expenditure-detail',
    title: (y) => `${y}年一般公共预算基本支出明细表`,
    columns: [
      text('unit', '项目单位'),
      text('type', '类型'),
      text('name', '项目名称'),
      ...APPROPRIATION_COLUMNS,
    ],
    notes: [ROUNDING_NOTE],
    rows: (ctx) => {
      const total = (funds: FundSet) => ctx.basicItems({ funds });
      const rows: LayoutRow[] = [
        { kind: 'total', values: { name: '合计', ...fundValues(APPROPRIATION_LEAVES, total) } },
      ];
      if (!ctx.d.basicItems.length) return rows;
      rows.push({
        kind: 'department',
        values: {
          type: ctx.d.department.code,
          name: ctx.d.department.name,
          ...fundValues(APPROPRIATION_LEAVES, total),
        },
      });
      for (const unit of ctx.units) {
        let previousType: string | null = null;
        unit.d.basicItems.forEach((item, i) => {
          rows.push({
            kind: 'item',
            values: {
              unit: i === 0 ? unit.d.unit.name : null,
              type: item.type === previousType ? null : BASIC_ITEM_TYPES[item.type].label,
              name: item.name,
              ...fundValues(APPROPRIATION_LEAVES, (funds) =>
                fundsWithin(item.fund, funds) ? item.amount : 0,
              ),
            },
          });
          previousType = item.type;
        });
      }
      return rows;
    },
  },
  {
    no: 8,
    key: 'economic-classification-summary',
    title: (y) => `${y}年支出经济分类汇总表`,
    columns: COLUMNS_08,
    funds: 'all',
    notes: [ROUNDING_NOTE],
    primaryKey: ['department.class', 'department.section', 'government.class', 'government.section'],
    rows: (ctx) => {
      const values = (departmentCode?: string, governmentCode?: string) =>
        economicValues(ctx, LEAVES_08, FUND_SETS.all, departmentCode, governmentCode);
      const pairs = [...new Set(ctx.d.economic.map((e) => `${e.departmentCode}/${e.governmentCode}`))].sort();
      const rows: LayoutRow[] = [{ kind: 'total', values: { 'department.name': '合计', ...values() } }];
      if (!pairs.length) return rows;
      rows.push({
        kind: 'department',
        values: {
          'department.class': ctx.d.department.code,
          'department.name': ctx.d.department.name,
          ...values(),
        },
      });
      for (const pair of pairs) {
        const [d, g] = pair.split('/') as [string, string];
        rows.push({
          kind: 'subject',
          values: {
            'department.class': d.slice(0, 3),
            'department.section': d.slice(3),
            'department.name': ctx.label('economicDepartment', d),
            'government.class': g.slice(0, 3),
            'government.section': g.slice(3),
            'government.name': ctx.label('economicGovernment', g),
            ...values(d, g),
          },
        });
      }
      return rows;
    },
  },
  {
    no: 9,
    key: 'three-public-costs',
    title: (y) => `${y}年一般公共预算“三公”经费预算表`,
    columns: COLUMNS_09,
    notes: [
      '注：1. 报表金额单位转换时可能存在四舍五入尾数误差。',
      '2. 按照党中央、国务院有关规定及部门预算管理有关规定，“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费。（1）因公出国（境）费，指单位工作人员公务出国（境）的住宿费、差旅费、伙食补助费、杂费、培训费等支出。（2）公务用车购置及运行费，指单位公务用车购置费、燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出，公务用车指用于履行公务的机动车辆，包括一般公务用车和执法执勤用车。（3）公务接待费，指单位按规定开支的各类公务接待（含外宾接待）支出。',
    ],
    rows: (ctx) => {
      const values: Record<string, Yuan> = {};
      for (const leaf of LEAVES_09)
        values[leaf.path] = sum((leaf.money?.threePublic ?? []).map((item) => ctx.threePublic(item)));
      return [{ kind: 'total', values }];
    },
  },
  {
    no: 10,
    key: 'government-fund-expenditure',
    title: (y) => `${y}年政府性基金支出预算表`,
    ...functionalByFund('anyGovernmentFund'),
    notes: [ROUNDING_NOTE],
    emptyNote: (y) => ` 本单位${y}年度没有政府性基金预算支出，故本表无数据。`,
  },
  {
    no: 11,
    key: 'state-capital-expenditure',
    title: (y) => `${y}年国有资本经营支出预算表`,
    ...functionalByFund('anyStateCapital'),
    notes: ['注：若合计数与分项数不一致是因四舍五入的原因引起的。'],
    emptyNote: (y) => ` 本单位${y}年度没有国有资本经营预算支出，故本表无数据。`,
  },
  {
    no: 12,
    key: 'projects',
    title: (y) => `${y}年项目支出预算表`,
    columns: [
      text('category', '类型'),
      text('name', '项目名称'),
      text('unit', '项目单位'),
      ...APPROPRIATION_COLUMNS,
    ],
    notes: [ROUNDING_NOTE],
    rows: (ctx) => {
      const rows: LayoutRow[] = [
        {
          kind: 'total',
          values: { unit: '合计', ...fundValues(APPROPRIATION_LEAVES, (f) => ctx.projectAmount(null, f)) },
        },
      ];
      if (!ctx.d.projects.length) return rows;
      rows.push({
        kind: 'department',
        values: {
          name: ctx.d.department.code,
          unit: ctx.d.department.name,
          ...fundValues(APPROPRIATION_LEAVES, (f) => ctx.projectAmount(null, f)),
        },
      });
      for (const unit of ctx.units) {
        for (const p of unit.d.projects) {
          rows.push({
            kind: 'item',
            values: {
              category: CATEGORIES[p.category].label,
              name: p.name,
              unit: unit.d.unit.name,
              ...fundValues(APPROPRIATION_LEAVES, (f) => unit.projectAmount(p.code, f)),
            },
          });
        }
      }
      return rows;
    },
  },
  {
    no: 13,
    key: 'operating-costs',
    title: (y) => `${y}年机关（机构）运行经费`,
    columns: [
      group('subject', '部门预算支出经济分类科目', [text('code', '科目编码'), text('name', '科目名称')]),
      group('operatingCosts', '机关（机构）运行经费支出', [amount('total', '合计')]),
    ],
    notes: [ROUNDING_NOTE],
    primaryKey: ['subject.code'],
    rows: (ctx) => [
      { kind: 'total', values: { 'subject.name': '合计', 'operatingCosts.total': ctx.operatingCosts() } },
      ...[...ctx.d.operatingCosts]
        .sort((a, b) => a.departmentCode.localeCompare(b.departmentCode))
        .map((c) => ({
          kind: 'subject' as const,
          values: {
            'subject.code': c.departmentCode,
            'subject.name': ctx.label('economicDepartment', c.departmentCode),
            'operatingCosts.total': c.amount,
          },
        })),
    ],
  },
  {
    no: 14,
    key: 'project-performance-targets',
    title: (y) => `${y}年单位预算项目绩效目标表`,
    columns: [
      text('code', '单位编码(项目编码)'),
      text('name', '项目单位(项目名称)'),
      group(
        'funding',
        '项目金额(万元)',
        [
          amount('total', '资金总额', { funds: 'all' }),
          amount('government', '政府预算资金', { funds: 'government' }),
          amount('specialAccount', '财政专户管理资金', { funds: 'anySpecialAccount' }),
          amount('unitFunds', '单位资金', { funds: 'unitFunds' }),
        ],
        2,
      ),
      group(
        'targets',
        '绩效目标',
        INDICATOR_KIND_KEYS.map((kind) =>
          group(kind, INDICATOR_KINDS[kind].label, [text('name', '三级指标'), text('value', '指标值')]),
        ),
      ),
    ],
    notes: [],
    unitBanner: false,
    rows: (ctx) => ctx.units.flatMap((unit) => performanceRows(unit)),
  },
];

const LEAVES_14 = leafColumns(LAYOUTS.find((l) => l.no === 14)!.columns);

/** 14: a unit's row, then each of its projects with its targets (a line per indicator of a kind). */
function performanceRows(ctx: BudgetContext): LayoutRow[] {
  const funding = (code: string | null) => fundValues(LEAVES_14, (funds) => ctx.projectAmount(code, funds));
  const rows: LayoutRow[] = [
    { kind: 'unit', values: { code: ctx.d.unit.code, name: ctx.d.unit.name, ...funding(null) } },
  ];
  for (const p of ctx.d.projects) {
    const lines = Math.max(
      1,
      ...INDICATOR_KIND_KEYS.map((k) => p.indicators.filter((i) => i.kind === k).length),
    );
    for (let line = 1; line <= lines; line++) {
      const values: Record<string, CellValue> =
        line === 1 ? { code: p.code, name: p.performanceName ?? p.name, ...funding(p.code) } : {};
      for (const kind of INDICATOR_KIND_KEYS) {
        const indicator = p.indicators.find((i) => i.kind === kind && i.seq === line);
        if (indicator) {
          values[`targets.${kind}.name`] = indicator.name;
          values[`targets.${kind}.value`] = indicator.value;
        }
      }
      rows.push({ kind: line === 1 ? 'item' : 'continuation', values });
    }
  }
  return rows;
}

/**
 * The tables of each stage's disclosure. 预算 has its 14; 决算 (final accounts) gets its own here,
 * with a reader, and every writer, download and GraphQL table follows.
 */
const STAGE_LAYOUTS: { readonly [S in Stage]?: readonly TableLayout[] } = { budget: LAYOUTS };

/** A stage whose tables have no layouts yet: its facts are stored and counted, not drawn. */
export class NoLayoutsError extends Error {
  constructor(readonly stage: Stage) {
    super(`${STAGES[stage].label} (${STAGES[stage].noun}) tables have no layouts yet`);
  }
}

/** The layouts of a stage's tables, in order. */
export function layoutsOf(stage: Stage): readonly TableLayout[] {
  const layouts = STAGE_LAYOUTS[stage];
  if (!layouts) throw new NoLayoutsError(stage);
  return layouts;
}

/** A table of a stage by its number (the default stage's unless another is given). */
export function layout(no: number, stage: Stage = DEFAULT_STAGE): TableLayout | undefined {
  return STAGE_LAYOUTS[stage]?.find((l) => l.no === no);
}
