import type { CheckRule } from './checker.js';

/** 08 支出经济分类汇总表: all spending by economic subject, against 03, 06 and 12. */
export const ECONOMIC_RULES: CheckRule[] = [
  {
    id: '08.total',
    tables: [3, 8],
    description: '08 合计 = 03 合计 (all spending, by economic and by functional subject)',
    run: (c) => [
      { expected: c.total(3, 'total'), found: c.total(8, 'total') },
      { ...c.rowsAddUp(8, 'subject', 'total'), detail: '08 Σ rows' },
    ],
  },
  {
    id: '08-06.basic-within',
    tables: [6, 8],
    description: '08 ≥ 06 for every pair of economic subjects (08 adds project spending to 06)',
    run: (c) => {
      const rows08 = c.rowsOf(8, 'subject');
      return c.rowsOf(6, 'subject').map((r) => {
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
      });
    },
  },
  {
    id: '08-06-12.project',
    tables: [6, 8, 12],
    description:
      '08 一般公共预算 − 06 = project spending of this year’s 一般公共预算 by economic subject = 12 本年拨款 一般公共预算',
    run: (c) => [
      {
        expected: c.total(12, 'current.generalPublic'),
        found: c.total(8, 'generalPublic.subtotal') - c.total(6, 'basic.total'),
      },
    ],
  },
];
