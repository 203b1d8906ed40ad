import { LABELS_01 } from '../layouts.js';
import type { CheckRule } from './checker.js';

/** 03 支出表: its total against 01, each row's own identities, its 项 rows against its total. */
export const EXPENDITURE_RULES: CheckRule[] = [
  {
    id: '03.total',
    tables: [1, 3],
    description: `03 合计 总计 = 01 ${LABELS_01.currentExpenditure}`,
    run: (c) => [
      {
        expected: c.line(1, 'expenditure.item', LABELS_01.currentExpenditure, 'expenditure.amount'),
        found: c.total(3, 'total'),
      },
    ],
  },
  {
    id: '03.rows',
    tables: [3],
    description:
      '03 each row: 总计 = 基本支出 + 项目支出; 基本 = 人员 + 公用; 人员 = 工资福利 + 对个人和家庭的补助; 项目 = 其他运转类 + 特定目标类',
    run: (c) =>
      c
        .table(3)
        .rows.filter((r) => r.kind !== 'total')
        .flatMap((r) => {
          const v = (p: string) => c.value(r, p);
          const detail = `${c.subjectCode(r)} ${r.values.name}`.trim();
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
  },
  {
    id: '03.subjects',
    tables: [3],
    description: '03 合计 = Σ 项 rows',
    run: (c) => [c.rowsAddUp(3, 'subject', 'total')],
  },
];
