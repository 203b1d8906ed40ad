import { sum } from '../../money.js';
import type { CheckRule } from './checker.js';

/** 13 机关（机构）运行经费: part of 06 公用经费, and its own sum. */
export const OPERATING_COST_RULES: CheckRule[] = [
  {
    id: '13-06.operating-costs',
    tables: [6, 13],
    description:
      '13 机关（机构）运行经费 is part of 06 公用经费: ≤ 06 公用经费 for each economic 款 and in total',
    run: (c) => {
      const rows06 = c.rowsOf(6, 'subject');
      return [
        {
          expected: c.total(6, 'basic.public'),
          found: c.total(13, 'operatingCosts.total'),
          atMost: true,
          detail: '合计',
        },
        ...c.rowsOf(13, 'subject').map((r) => ({
          expected: sum(
            rows06
              .filter((x) => x.values['department.code'] === r.values['subject.code'])
              .map((x) => c.value(x, 'basic.public')),
          ),
          found: c.value(r, 'operatingCosts.total'),
          atMost: true,
          detail: `${r.values['subject.code']} ${r.values['subject.name']}`,
        })),
      ];
    },
  },
  {
    id: '13.total',
    tables: [13],
    description: '13 合计 = Σ rows',
    run: (c) => [c.rowsAddUp(13, 'subject', 'operatingCosts.total')],
  },
];
