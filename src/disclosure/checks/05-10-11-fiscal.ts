import { sum } from '../../money.js';
import { FUND_SETS } from '../context.js';
import { LABELS_04, LAYOUTS } from '../layouts.js';
import type { CheckRule } from './checker.js';

/** The tables of one fiscal budget's spending by functional 项: 05 一般公共预算, 10 政府性基金, 11 国有资本经营. */
const FISCAL_TABLES = [5, 10, 11];
const FISCAL_FUNDS: string[] = FISCAL_TABLES.flatMap(
  (no) => FUND_SETS[LAYOUTS.find((l) => l.no === no)?.funds ?? 'all'],
);
const OTHER_FUNDS = FUND_SETS.all.filter((f) => !FISCAL_FUNDS.includes(f));

export const FISCAL_RULES: CheckRule[] = [
  {
    id: '05.total',
    tables: [4, 5],
    description:
      '05 合计 + 上年结转 一般公共预算 spending = 04 支出合计 一般公共预算 (04 adds carried-over money)',
    run: (c) => [
      {
        expected: c.line(
          4,
          'expenditure.item',
          LABELS_04.expenditureTotal,
          'expenditure.generalPublic.subtotal',
        ),
        found: c.total(5, 'total') + c.ctx.functional({ funds: FUND_SETS.carryoverGeneralPublic }),
        addends: 2,
      },
    ],
  },
  {
    id: '05.rows',
    tables: [5],
    description:
      '05 each row: 合计 = 基本小计 + 项目小计; 基本 = 工资福利 + 对个人和家庭的补助 + 商品和服务 + 资本性; 项目 = 其他运转类 + 特定目标类',
    run: (c) =>
      c
        .table(5)
        .rows.filter((r) => r.kind !== 'total')
        .flatMap((r) => {
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
  },
  {
    id: '03-05.rows',
    tables: [3, 5, 10, 11],
    description:
      '03 = 05 + 10 + 11 (+ spending from other sources) row by row: 总计, 基本支出, 项目支出 of each functional 项',
    run: (c) =>
      c.rowsOf(3, 'subject').flatMap((r03) => {
        const code = c.subjectCode(r03);
        const fiscal = FISCAL_TABLES.flatMap((no) =>
          c.rowsOf(no, 'subject').filter((r) => c.subjectCode(r) === code),
        );
        const other = (groups?: ('personnel' | 'public' | 'project')[]) =>
          c.ctx.functional({ under: code, funds: OTHER_FUNDS, groups });
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
  },
  {
    id: '10-11.total',
    tables: [4, 10, 11],
    description:
      '10 合计 = 04 支出合计 政府性基金; 11 合计 = 04 支出合计 国有资本经营预算 (each with its carried-over money)',
    run: (c) => {
      const spent04 = (path: string) => c.line(4, 'expenditure.item', LABELS_04.expenditureTotal, path);
      return [
        {
          expected: spent04('expenditure.governmentFund'),
          found: c.total(10, 'total'),
          detail: '10 政府性基金',
        },
        {
          expected: spent04('expenditure.stateCapital'),
          found: c.total(11, 'total'),
          detail: '11 国有资本经营预算',
        },
      ];
    },
  },
];
