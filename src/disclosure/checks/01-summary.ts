import { INCOME_OF_WHICH } from '../../domain.js';
import { sum } from '../../money.js';
import { APPROPRIATION_LABEL, LABELS_01, LABELS_04 } from '../layouts.js';
import type { Checker, CheckRule } from './checker.js';

const OF_WHICH_LABELS: string[] = Object.values(INCOME_OF_WHICH).map((l) => l.label);

const income01 = (c: Checker) => c.line(1, 'income.item', LABELS_01.incomeTotal, 'income.amount');
const currentExpenditure01 = (c: Checker) =>
  c.line(1, 'expenditure.item', LABELS_01.currentExpenditure, 'expenditure.amount');
const income04 = (c: Checker) => c.line(4, 'income.item', LABELS_04.incomeTotal, 'income.amount');

/** 01 收支总表 on its own, and the totals 02 and 04 share with it. */
export const SUMMARY_RULES: CheckRule[] = [
  {
    id: '01.balance',
    tables: [1],
    description: `01 ${LABELS_01.incomeTotal} = ${LABELS_01.expenditureTotal}`,
    run: (c) => [
      {
        expected: income01(c),
        found: c.line(1, 'expenditure.item', LABELS_01.expenditureTotal, 'expenditure.amount'),
      },
    ],
  },
  {
    id: '01.income-lines',
    tables: [1],
    description: `01 ${LABELS_01.currentIncome} = Σ 收入 lines (其中 lines excluded)`,
    run: (c) => {
      const lines = c
        .table(1)
        .rows.filter(
          (r) =>
            r.kind === 'line' &&
            r.values['income.item'] &&
            !OF_WHICH_LABELS.includes(String(r.values['income.item'])) &&
            r.values['income.item'] !== LABELS_01.carryover,
        );
      return [
        {
          expected: c.line(1, 'income.item', LABELS_01.currentIncome, 'income.amount'),
          found: sum(lines.map((r) => c.value(r, 'income.amount'))),
          addends: lines.length,
        },
      ];
    },
  },
  {
    id: '01.expenditure-lines',
    tables: [1],
    description: `01 ${LABELS_01.currentExpenditure} = Σ 支出 lines by 类`,
    run: (c) => {
      const lines = c.table(1).rows.filter((r) => r.kind === 'line' && r.values['expenditure.item']);
      return [
        {
          expected: currentExpenditure01(c),
          found: sum(lines.map((r) => c.value(r, 'expenditure.amount'))),
          addends: lines.length,
        },
      ];
    },
  },
  {
    id: '02.total',
    tables: [1, 2],
    description: `02 收入 合计 总计 = 01 ${LABELS_01.incomeTotal}`,
    run: (c) => [{ expected: income01(c), found: c.total(2, 'total') }],
  },
  {
    id: '02.appropriation',
    tables: [1, 2],
    description: `02 ${APPROPRIATION_LABEL} = 01 ${APPROPRIATION_LABEL}`,
    run: (c) => [
      {
        expected: c.line(1, 'income.item', APPROPRIATION_LABEL, 'income.amount'),
        found: c.total(2, 'current.generalPublic.appropriation'),
      },
    ],
  },
  {
    id: '02.appropriation-within',
    tables: [2],
    description: `02 ${APPROPRIATION_LABEL} ≤ 一般公共预算 小计`,
    run: (c) => [
      {
        expected: c.total(2, 'current.generalPublic.subtotal'),
        found: c.total(2, 'current.generalPublic.appropriation'),
        atMost: true,
      },
    ],
  },
  {
    id: '04.total',
    tables: [1, 4],
    description: `04 ${LABELS_04.incomeTotal} = 01 ${LABELS_01.incomeTotal}`,
    run: (c) => [{ expected: income01(c), found: income04(c) }],
  },
  {
    id: '04.balance',
    tables: [4],
    description: `04 ${LABELS_04.incomeTotal} = ${LABELS_04.expenditureTotal}`,
    run: (c) => [
      {
        expected: income04(c),
        found: c.line(4, 'expenditure.item', LABELS_04.expenditureTotal, 'expenditure.total'),
      },
    ],
  },
];
