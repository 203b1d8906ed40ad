import { Decimal } from 'decimal.js';
import { CATEGORIES, PROJECT_CATEGORIES, THREE_PUBLIC_ITEMS } from '../domain.js';
import { formatWan, sum, type Yuan } from '../money.js';
import { BudgetContext, FUND_SETS } from './context.js';
import type { Disclosure } from './facts.js';
import { metricUndetermined, metricValue } from './figures.js';
import { LAYOUTS } from './layouts.js';
import { type RenderedRow, type RenderedTable, renderDisclosure } from './render.js';
import type { SubjectCatalog } from './subjects.js';

/**
 * The identities that tie a disclosure's tables together (the cross-checks public
 * budget-review tools apply), each comparing figures drawn from different tables.
 *
 * Tolerance: every published figure is rounded to 0.01 万元, so a figure computed from n
 * published figures may differ from the published one by up to n × 0.005 万元 (50 元 per
 * addend), and never less than 0.01 万元 (100 元). A difference within that passes and is
 * reported as rounding; an exact match reports difference 0.
 */
export const ROUNDING_RULE =
  'a sum of n published figures may differ from the published total by at most n × 0.005万元 (at least 0.01万元), the rounding the disclosure notes (报表金额单位转换时可能存在四舍五入尾数误差)';

export interface CheckResult {
  id: string;
  description: string;
  /** 万元 with two decimals, percent, or count, as the rule compares them */
  expected: string;
  found: string;
  difference: string;
  tolerance: string;
  passed: boolean;
  /** which row or subject the figures belong to, when the rule applies row by row */
  detail: string | null;
}

interface Comparison {
  expected: Yuan;
  found: Yuan;
  /** number of published figures summed on the found side */
  addends?: number;
  detail?: string;
  /** found may be less than expected (a subset rule) */
  atMost?: boolean;
}

export function toleranceFor(addends: number): Yuan {
  return Math.max(100, addends * 50);
}

class Checker {
  readonly results: CheckResult[] = [];

  constructor(
    private readonly tables: RenderedTable[],
    readonly ctx: BudgetContext,
  ) {}

  table(no: number): RenderedTable {
    return this.tables.find((t) => t.no === no)!;
  }

  value(row: RenderedRow | undefined, path: string): Yuan {
    const v = row?.values[path];
    return typeof v === 'number' ? v : 0;
  }

  total(no: number, path: string): Yuan {
    return this.value(
      this.table(no).rows.find((r) => r.kind === 'total'),
      path,
    );
  }

  rowsOf(no: number, kind: RenderedRow['kind']): RenderedRow[] {
    return this.table(no).rows.filter((r) => r.kind === kind);
  }

  line(no: number, path: string, label: string, amountPath: string): Yuan {
    return this.value(
      this.table(no).rows.find((r) => r.values[path] === label),
      amountPath,
    );
  }

  /** Records one rule: passes when every comparison holds; reports the first that fails (or the first). */
  check(id: string, description: string, comparisons: Comparison[]): void {
    const tolerance = (c: Comparison) => (c.addends && c.addends > 1 ? toleranceFor(c.addends) : 0);
    const passes = (c: Comparison) => {
      const difference = c.found - c.expected;
      return c.atMost ? difference <= tolerance(c) : Math.abs(difference) <= tolerance(c);
    };
    const failed = comparisons.find((c) => !passes(c));
    const shown = failed ?? comparisons[0];
    if (!shown) return;
    this.results.push({
      id,
      description,
      expected: formatWan(shown.expected),
      found: formatWan(shown.found),
      difference: formatWan(shown.found - shown.expected),
      tolerance: formatWan(tolerance(shown)),
      passed: !failed,
      detail: shown.detail ?? null,
    });
  }

  claim(
    id: string,
    description: string,
    expected: string,
    found: string | null | undefined,
    undetermined = false,
  ): void {
    const known = found !== undefined && found !== null && !undetermined;
    // the tables state this source's money together with another's: the figure cannot be held against them
    const passed = undetermined || (known && new Decimal(expected).equals(new Decimal(found)));
    this.results.push({
      id,
      description,
      expected,
      found: undetermined
        ? 'not stated by the tables (recorded with other sources, unsplit)'
        : known
          ? found
          : found === null
            ? 'no prior-year figure'
            : 'unknown metric',
      difference: known ? new Decimal(found).minus(expected).toString() : '',
      tolerance: '0',
      passed,
      detail: null,
    });
  }
}

const ECONOMIC_CLASS_OF_05: [string, string][] = [
  ['basic.personnel.wages', '301'],
  ['basic.personnel.household', '303'],
  ['basic.public.goods', '302'],
  ['basic.public.capital', '310'],
];

export function runChecks(
  d: Disclosure,
  catalog: SubjectCatalog,
  tables = renderDisclosure(d, catalog),
): CheckResult[] {
  const c = new Checker(tables, new BudgetContext(d, catalog));

  // —— 01 收支总表 ——
  const income01 = c.line(1, 'income.item', '收入总计', 'income.amount');
  const spent01 = c.line(1, 'expenditure.item', '支出总计', 'expenditure.amount');
  c.check('01.balance', '01 收入总计 = 支出总计', [{ expected: income01, found: spent01 }]);
  const incomeLines = c
    .table(1)
    .rows.filter(
      (r) =>
        r.kind === 'line' &&
        r.values['income.item'] &&
        !String(r.values['income.item']).startsWith('其中') &&
        r.values['income.item'] !== '上年结转结余',
    );
  c.check('01.income-lines', '01 本年收入合计 = Σ 收入 lines (其中 lines excluded)', [
    {
      expected: c.line(1, 'income.item', '本年收入合计', 'income.amount'),
      found: sum(incomeLines.map((r) => c.value(r, 'income.amount'))),
      addends: incomeLines.length,
    },
  ]);
  const classLines = c.table(1).rows.filter((r) => r.kind === 'line' && r.values['expenditure.item']);
  c.check('01.expenditure-lines', '01 本年支出合计 = Σ 支出 lines by 类', [
    {
      expected: c.line(1, 'expenditure.item', '本年支出合计', 'expenditure.amount'),
      found: sum(classLines.map((r) => c.value(r, 'expenditure.amount'))),
      addends: classLines.length,
    },
  ]);

  // —— 01, 02, 04 totals ——
  c.check('02.total', '02 收入 合计 总计 = 01 收入总计', [
    { expected: income01, found: c.total(2, 'total') },
  ]);
  c.check('02.appropriation', '02 其中：财政拨款 = 01 其中：财政拨款', [
    {
      expected: c.line(1, 'income.item', '其中：财政拨款', 'income.amount'),
      found: c.total(2, 'current.generalPublic.appropriation'),
    },
  ]);
  c.check('02.appropriation-within', '02 其中：财政拨款 ≤ 一般公共预算 小计', [
    {
      expected: c.total(2, 'current.generalPublic.subtotal'),
      found: c.total(2, 'current.generalPublic.appropriation'),
      atMost: true,
    },
  ]);
  c.check('04.total', '04 收入合计 = 01 收入总计', [
    { expected: income01, found: c.line(4, 'income.item', '收入合计', 'income.amount') },
  ]);
  c.check('04.balance', '04 收入合计 = 支出合计', [
    {
      expected: c.line(4, 'income.item', '收入合计', 'income.amount'),
      found: c.line(4, 'expenditure.item', '支出合计', 'expenditure.total'),
    },
  ]);

  // —— 03 支出表 ——
  const rows03 = c.table(3).rows.filter((r) => r.kind !== 'total');
  c.check('03.total', '03 合计 总计 = 01 本年支出合计', [
    {
      expected: c.line(1, 'expenditure.item', '本年支出合计', 'expenditure.amount'),
      found: c.total(3, 'total'),
    },
  ]);
  c.check(
    '03.rows',
    '03 each row: 总计 = 基本支出 + 项目支出; 基本 = 人员 + 公用; 人员 = 工资福利 + 对个人和家庭的补助; 项目 = 其他运转类 + 特定目标类',
    rows03.flatMap((r) => {
      const v = (p: string) => c.value(r, p);
      const detail =
        `${r.values['subject.class'] ?? ''}${r.values['subject.section'] ?? ''}${r.values['subject.item'] ?? ''} ${r.values.name}`.trim();
      return [
        { expected: v('total'), found: v('basic.total') + v('project.total'), addends: 2, detail },
        {
          expected: v('basic.total'),
          found: v('basic.personnel.subtotal') + v('basic.public.subtotal'),
          addends: 2,
          detail,
        },
        {
          expected: v('basic.personnel.subtotal'),
          found: v('basic.personnel.wages') + v('basic.personnel.household'),
          addends: 2,
          detail,
        },
        {
          expected: v('project.total'),
          found: v('project.operation') + v('project.specific'),
          addends: 2,
          detail,
        },
      ];
    }),
  );
  const subjects03 = c.rowsOf(3, 'subject');
  c.check('03.subjects', '03 合计 = Σ 项 rows', [
    {
      expected: c.total(3, 'total'),
      found: sum(subjects03.map((r) => c.value(r, 'total'))),
      addends: subjects03.length,
    },
  ]);

  // —— subject roll-ups: 类 (01, 04) = Σ 项 (03) ——
  const classes = new Set(c.ctx.d.functional.map((f) => f.subjectCode.slice(0, 3)));
  c.check(
    'subjects.rollup',
    'each 类 in 01 and 04 = Σ its 款 = Σ its 项 in 03',
    [...classes].sort().flatMap((cls) => {
      const items = subjects03.filter((r) => r.values['subject.class'] === cls);
      const fromItems = sum(items.map((r) => c.value(r, 'total')));
      const line01 = c.table(1).rows.find((r) => r.values['expenditure.code'] === cls);
      const line04 = c.table(4).rows.find((r) => r.values['expenditure.code'] === cls);
      const sections = [...new Set(items.map((r) => r.values['subject.section']))];
      const fromSections = sum(
        sections.map((s) =>
          sum(items.filter((r) => r.values['subject.section'] === s).map((r) => c.value(r, 'total'))),
        ),
      );
      return [
        {
          expected: c.value(line01, 'expenditure.amount'),
          found: fromItems,
          addends: items.length,
          detail: `类 ${cls} (01 vs Σ项)`,
        },
        {
          expected: fromItems,
          found: fromSections,
          addends: sections.length,
          detail: `类 ${cls} (Σ款 vs Σ项)`,
        },
        {
          expected: c.value(line01, 'expenditure.amount'),
          found: c.value(line04, 'expenditure.total'),
          detail: `类 ${cls} (01 vs 04)`,
        },
      ];
    }),
  );

  // —— 05 一般公共预算支出 ——
  const rows05 = c.table(5).rows.filter((r) => r.kind !== 'total');
  c.check(
    '05.total',
    '05 合计 + 上年结转 一般公共预算 spending = 04 支出合计 一般公共预算 (04 adds carried-over money)',
    [
      {
        expected: c.line(4, 'expenditure.item', '支出合计', 'expenditure.generalPublic.subtotal'),
        found: c.total(5, 'total') + c.ctx.functional({ funds: FUND_SETS.carryoverGeneralPublic }),
        addends: 2,
      },
    ],
  );
  c.check(
    '05.rows',
    '05 each row: 合计 = 基本小计 + 项目小计; 基本 = 工资福利 + 对个人和家庭的补助 + 商品和服务 + 资本性; 项目 = 其他运转类 + 特定目标类',
    rows05.flatMap((r) => {
      const v = (p: string) => c.value(r, p);
      const detail = String(r.values.name);
      return [
        { expected: v('total'), found: v('basic.subtotal') + v('project.subtotal'), addends: 2, detail },
        {
          expected: v('basic.subtotal'),
          found:
            v('basic.personnel.wages') +
            v('basic.personnel.household') +
            v('basic.public.goods') +
            v('basic.public.capital'),
          addends: 4,
          detail,
        },
        {
          expected: v('project.subtotal'),
          found: v('project.operation') + v('project.specific'),
          addends: 2,
          detail,
        },
      ];
    }),
  );
  const generalPublicOnly =
    c.line(4, 'expenditure.item', '支出合计', 'expenditure.total') === c.total(5, 'total');
  const codeOf = (r: RenderedRow) =>
    `${r.values['subject.class'] ?? ''}${r.values['subject.section'] ?? ''}${r.values['subject.item'] ?? ''}`;
  const fiscalTables = [5, 10, 11];
  const fiscal = fiscalTables.flatMap((no) => FUND_SETS[LAYOUTS.find((l) => l.no === no)?.funds ?? 'all']);
  const otherFunds = FUND_SETS.all.filter((f) => !(fiscal as string[]).includes(f));
  c.check(
    '03-05.rows',
    '03 = 05 + 10 + 11 (+ spending from other sources) row by row: 总计, 基本支出, 项目支出 of each functional 项',
    subjects03.flatMap((r03) => {
      const code = codeOf(r03);
      const fiscal = fiscalTables.flatMap((no) => c.rowsOf(no, 'subject').filter((r) => codeOf(r) === code));
      const other = (groups?: ('personnel' | 'public' | 'project')[]) =>
        c.ctx.functional({ under: code, funds: otherFunds, groups });
      const detail = `${code} ${r03.values.name}`;
      return [
        {
          expected: c.value(r03, 'total'),
          found: sum(fiscal.map((r) => c.value(r, 'total'))) + other(),
          addends: fiscal.length + 1,
          detail,
        },
        {
          expected: c.value(r03, 'basic.total'),
          found: sum(fiscal.map((r) => c.value(r, 'basic.subtotal'))) + other(['personnel', 'public']),
          addends: fiscal.length + 1,
          detail,
        },
        {
          expected: c.value(r03, 'project.total'),
          found: sum(fiscal.map((r) => c.value(r, 'project.subtotal'))) + other(['project']),
          addends: fiscal.length + 1,
          detail,
        },
      ];
    }),
  );

  // —— 05, 06, 07 basic spending ——
  const basic05 = c.total(5, 'basic.subtotal');
  c.check('05-06.basic', '05 基本支出 = 06 合计', [{ expected: basic05, found: c.total(6, 'basic.total') }]);
  c.check('06-07.basic', '06 合计 = 07 本年拨款 一般公共预算 合计', [
    { expected: c.total(6, 'basic.total'), found: c.total(7, 'current.generalPublic') },
  ]);
  const rows06 = c.rowsOf(6, 'subject');
  c.check('06.rows', '06 合计 = Σ rows; each row 合计 = 人员经费 + 公用经费', [
    {
      expected: c.total(6, 'basic.total'),
      found: sum(rows06.map((r) => c.value(r, 'basic.total'))),
      addends: rows06.length,
    },
    ...rows06.map((r) => ({
      expected: c.value(r, 'basic.total'),
      found: c.value(r, 'basic.personnel') + c.value(r, 'basic.public'),
      detail: `${r.values['department.code']}/${r.values['government.code']}`,
    })),
  ]);
  c.check('06-03.personnel', '06 人员经费 = 03 人员经费 (general public budget)', [
    {
      expected: c.total(5, 'basic.personnel.wages') + c.total(5, 'basic.personnel.household'),
      found: c.total(6, 'basic.personnel'),
    },
    ...(generalPublicOnly
      ? [{ expected: c.total(3, 'basic.personnel.subtotal'), found: c.total(6, 'basic.personnel') }]
      : []),
  ]);
  c.check('06-03.public', '06 公用经费 = 03 公用经费 (general public budget)', [
    {
      expected: c.total(5, 'basic.public.goods') + c.total(5, 'basic.public.capital'),
      found: c.total(6, 'basic.public'),
    },
    ...(generalPublicOnly
      ? [{ expected: c.total(3, 'basic.public.subtotal'), found: c.total(6, 'basic.public') }]
      : []),
  ]);
  c.check(
    '05-06.economic-classes',
    '05 工资福利 / 对个人和家庭的补助 / 商品和服务 / 资本性 = 06 rows of economic 类 301 / 303 / 302 / 310',
    ECONOMIC_CLASS_OF_05.map(([path, cls]) => {
      const rows = rows06.filter((r) => String(r.values['department.code']).startsWith(cls));
      return {
        expected: c.total(5, path),
        found: sum(rows.map((r) => c.value(r, 'basic.total'))),
        addends: rows.length,
        detail: `类 ${cls}`,
      };
    }),
  );
  const items07 = c.rowsOf(7, 'item');
  const itemTypes = (type: string) => {
    let current = '';
    return items07.filter((r) => {
      if (r.values.type) current = String(r.values.type);
      return current === type;
    });
  };
  c.check(
    '07.types',
    '07 人员类 lines = 06 人员经费; 07 公用经费 lines = 06 公用经费 (本年拨款 一般公共预算)',
    [
      {
        expected: c.total(6, 'basic.personnel'),
        found: sum(itemTypes('人员类').map((r) => c.value(r, 'current.generalPublic'))),
        addends: itemTypes('人员类').length,
        detail: '人员类',
      },
      {
        expected: c.total(6, 'basic.public'),
        found: sum(itemTypes('公用经费').map((r) => c.value(r, 'current.generalPublic'))),
        addends: itemTypes('公用经费').length,
        detail: '公用经费',
      },
    ],
  );

  // —— 08 economic summary ——
  const rows08 = c.rowsOf(8, 'subject');
  c.check('08.total', '08 合计 = 03 合计 (all spending, by economic and by functional subject)', [
    { expected: c.total(3, 'total'), found: c.total(8, 'total') },
    {
      expected: c.total(8, 'total'),
      found: sum(rows08.map((r) => c.value(r, 'total'))),
      addends: rows08.length,
      detail: '08 Σ rows',
    },
  ]);
  c.check(
    '08-06.basic-within',
    '08 ≥ 06 for every pair of economic subjects (08 adds project spending to 06)',
    rows06.map((r) => {
      const d = String(r.values['department.code']);
      const g = String(r.values['government.code']);
      const r08 = rows08.find(
        (x) =>
          `${x.values['department.class']}${x.values['department.section']}` === d &&
          `${x.values['government.class']}${x.values['government.section']}` === g,
      );
      return {
        expected: c.value(r08, 'generalPublic.subtotal'),
        found: c.value(r, 'basic.total'),
        atMost: true,
        detail: `${d}/${g}`,
      };
    }),
  );
  c.check(
    '08-06-12.project',
    '08 一般公共预算 − 06 = project spending of this year’s 一般公共预算 by economic subject = 12 本年拨款 一般公共预算',
    [
      {
        expected: c.total(12, 'current.generalPublic'),
        found: c.total(8, 'generalPublic.subtotal') - c.total(6, 'basic.total'),
      },
    ],
  );

  // —— 12 projects ——
  c.check('12-03.project', '12 合计 = 03 项目支出; by type: 其他运转类, 特定目标类', [
    { expected: c.total(3, 'project.total'), found: c.total(12, 'total') },
    ...(['其他运转类', '特定目标类'] as const).map((type, i) => ({
      expected: c.total(3, i === 0 ? 'project.operation' : 'project.specific'),
      found: sum(
        c
          .rowsOf(12, 'item')
          .filter((r) => r.values.category === type)
          .map((r) => c.value(r, 'total')),
      ),
      addends: c.rowsOf(12, 'item').filter((r) => r.values.category === type).length,
      detail: type,
    })),
  ]);
  const projectSubjects = [
    ...new Set(
      c.ctx.d.functional.filter((f) => CATEGORIES[f.category].group === 'project').map((f) => f.subjectCode),
    ),
  ];
  c.check(
    '12-03.subjects',
    'the projects under each functional 项 add up to its project spending in 03, by type (at most, where some projects could not be placed under one 项)',
    [
      ...new Set([
        ...projectSubjects,
        ...c.ctx.d.projects.flatMap((p) => (p.functionalSubjectCode ? [p.functionalSubjectCode] : [])),
      ]),
    ]
      .sort()
      .flatMap((code) =>
        PROJECT_CATEGORIES.map((category) => {
          const projects = c.ctx.d.projects.filter(
            (p) => p.functionalSubjectCode === code && p.category === category,
          );
          return {
            expected: c.ctx.functional({ under: code, categories: [category] }),
            found: sum(projects.map((p) => c.ctx.projectAmount(p.code))),
            addends: projects.length,
            detail: `${code} ${CATEGORIES[category].label}`,
            atMost: c.ctx.d.projects.some((p) => p.category === category && p.functionalSubjectCode === null),
          };
        }),
      ),
  );
  c.check('14-12.projects', '14 项目金额 = 12 per project, and in total', [
    {
      expected: c.total(12, 'total'),
      found: c.value(c.rowsOf(14, 'unit')[0], 'funding.total'),
      detail: '合计',
    },
    ...c.rowsOf(14, 'item').map((r) => {
      const project = c.ctx.d.projects.find((p) => p.code === r.values.code);
      const r12 = c.rowsOf(12, 'item').find((x) => x.values.name === project?.name);
      return {
        expected: c.value(r12, 'total'),
        found: c.value(r, 'funding.total'),
        detail: String(r.values.name),
      };
    }),
  ]);

  // —— 09 三公 ——
  const t09 = (p: string) => c.total(9, p);
  c.check(
    '09.sum',
    '09 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费; 车辆 小计 = 购置 + 运行',
    [
      {
        expected: t09('total'),
        found: t09('outboundTravel') + t09('vehicle.subtotal') + t09('reception'),
        addends: 3,
      },
      {
        expected: t09('vehicle.subtotal'),
        found: t09('vehicle.purchase') + t09('vehicle.operation'),
        addends: 2,
        detail: '车辆',
      },
    ],
  );
  const economicLine = (code: string) =>
    sum(
      rows08
        .filter((r) => `${r.values['department.class']}${r.values['department.section']}` === code)
        .map((r) => c.value(r, 'generalPublic.subtotal')),
    );
  c.check(
    '09-06.items',
    '09 each “三公” item = its economic line (30212 因公出国（境）费, 31013 公务用车购置, 30231 公务用车运行维护费, 30217 公务接待费) in 06/08',
    (
      [
        ['outboundTravel', 'outboundTravel'],
        ['vehiclePurchase', 'vehicle.purchase'],
        ['vehicleOperation', 'vehicle.operation'],
        ['reception', 'reception'],
      ] as const
    ).map(([item, path]) => ({
      expected: economicLine(THREE_PUBLIC_ITEMS[item].economicCode),
      found: t09(path),
      detail: `${THREE_PUBLIC_ITEMS[item].economicCode} ${THREE_PUBLIC_ITEMS[item].label}`,
    })),
  );

  // —— 13 机关运行经费 ——
  const rows13 = c.rowsOf(13, 'subject');
  c.check(
    '13-06.operating-costs',
    '13 机关（机构）运行经费 is part of 06 公用经费: ≤ 06 公用经费 for each economic 款 and in total',
    [
      {
        expected: c.total(6, 'basic.public'),
        found: c.total(13, 'operatingCosts.total'),
        atMost: true,
        detail: '合计',
      },
      ...rows13.map((r) => ({
        expected: sum(
          rows06
            .filter((x) => x.values['department.code'] === r.values['subject.code'])
            .map((x) => c.value(x, 'basic.public')),
        ),
        found: c.value(r, 'operatingCosts.total'),
        atMost: true,
        detail: `${r.values['subject.code']} ${r.values['subject.name']}`,
      })),
    ],
  );
  c.check('13.total', '13 合计 = Σ rows', [
    {
      expected: c.total(13, 'operatingCosts.total'),
      found: sum(rows13.map((r) => c.value(r, 'operatingCosts.total'))),
      addends: rows13.length,
    },
  ]);

  // —— narrative ——
  for (const claim of c.ctx.d.narrative) {
    c.claim(
      `narrative.${claim.metric}`,
      `narrative “${claim.quote}” = computed ${claim.metric}`,
      claim.value,
      metricValue(c.ctx, claim.metric),
      metricUndetermined(c.ctx, claim.metric),
    );
  }
  return c.results;
}
