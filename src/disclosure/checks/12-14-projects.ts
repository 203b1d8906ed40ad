import { CATEGORIES, PROJECT_CATEGORIES } from '../../domain.js';
import { sum } from '../../money.js';
import type { CheckRule } from './checker.js';

/** 12 项目支出预算表 against 03's project spending, and 14's project amounts against 12. */
export const PROJECT_RULES: CheckRule[] = [
  {
    id: '12-03.project',
    tables: [3, 12],
    description: `12 合计 = 03 项目支出; by type: ${PROJECT_CATEGORIES.map((k) => CATEGORIES[k].label).join(', ')}`,
    run: (c) => [
      { expected: c.total(3, 'project.total'), found: c.total(12, 'total') },
      ...PROJECT_CATEGORIES.map((category) => {
        const items = c.rowsOf(12, 'item').filter((r) => r.values.category === CATEGORIES[category].label);
        return {
          expected: c.total(3, `project.${category}`),
          found: sum(items.map((r) => c.value(r, 'total'))),
          addends: items.length,
          detail: CATEGORIES[category].label,
        };
      }),
    ],
  },
  {
    id: '12-03.subjects',
    tables: [3, 12],
    description:
      'the projects under each functional 项 add up to its project spending in 03, by type (at most, where some projects could not be placed under one 项)',
    run: (c) => {
      const { d } = c.ctx;
      const projectSubjects = d.functional
        .filter((f) => CATEGORIES[f.category].group === 'project')
        .map((f) => f.subjectCode);
      const placed = d.projects.flatMap((p) => (p.functionalSubjectCode ? [p.functionalSubjectCode] : []));
      return [...new Set([...projectSubjects, ...placed])].sort().flatMap((code) =>
        PROJECT_CATEGORIES.map((category) => {
          const projects = d.projects.filter(
            (p) => p.functionalSubjectCode === code && p.category === category,
          );
          return {
            expected: c.ctx.functional({ under: code, categories: [category] }),
            found: sum(projects.map((p) => c.ctx.projectAmount(p.code))),
            addends: projects.length,
            detail: `${code} ${CATEGORIES[category].label}`,
            atMost: d.projects.some((p) => p.category === category && p.functionalSubjectCode === null),
          };
        }),
      );
    },
  },
  {
    id: '14-12.projects',
    tables: [12, 14],
    description: '14 项目金额 = 12 per project, and in total',
    run: (c) => [
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
    ],
  },
];
