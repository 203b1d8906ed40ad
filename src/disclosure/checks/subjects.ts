import { sum } from '../../money.js';
import type { CheckRule } from './checker.js';

/** The functional classification rolled up: each 类 of 01 and 04 from the 款 and 项 of 03. */
export const SUBJECT_RULES: CheckRule[] = [
  {
    id: 'subjects.rollup',
    tables: [1, 3, 4],
    description: 'each 类 in 01 and 04 = Σ its 款 = Σ its 项 in 03',
    run: (c) => {
      const subjects03 = c.rowsOf(3, 'subject');
      const classes = new Set(c.ctx.d.functional.map((f) => f.subjectCode.slice(0, 3)));
      return [...classes].sort().flatMap((cls) => {
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
      });
    },
  },
];
