import type { Fund } from '../../domain.js';
import { builder } from '../builder.js';
import { amountOf, type ConsolidatedShape, spent } from '../consolidated.js';
import { AmountRef } from './amount.js';

interface ConsolidatedSubjectShape {
  c: ConsolidatedShape;
  code: string;
  fund?: Fund;
}

export const ConsolidatedSubjectRef = builder.objectRef<ConsolidatedSubjectShape>('ConsolidatedSubject');
ConsolidatedSubjectRef.implement({
  description: '汇总科目 A functional subject of a consolidated budget.',
  fields: (t) => ({
    code: t.exposeString('code', { description: '科目编码 Code (201, 20103, 2010301).' }),
    level: t.int({
      description: '级次 1 类, 2 款, 3 项.',
      resolve: (s) => [3, 5, 7].indexOf(s.code.length) + 1,
    }),
    name: t.string({
      description: '科目名称 Official name.',
      resolve: async (s, _args, ctx) =>
        (await ctx.loaders.catalog.load('all')).get('functional', s.code)?.name ?? s.code,
    }),
    total: t.field({
      type: AmountRef,
      description:
        '合计 Spending under the subject; share of the consolidated total (of its fund’s, with fund).',
      resolve: (s) => {
        const funds = s.fund ? [s.fund] : undefined;
        return amountOf(s.c, spent({ under: s.code, funds }), spent({ funds }));
      },
    }),
    children: t.field({
      type: [ConsolidatedSubjectRef],
      description: '下级科目 Subjects one level down with spending.',
      resolve: (s) => subjectsOf(s.c, s.code.length === 3 ? 5 : 7, s.fund, s.code),
    }),
  }),
});

/** The functional subjects of a consolidated budget with spending, at one code length (under a subject). */
export function subjectsOf(
  c: ConsolidatedShape,
  length: number,
  fund?: Fund,
  under = '',
): ConsolidatedSubjectShape[] {
  if (![3, 5, 7].includes(length) || (under && under.length >= length)) return [];
  const codes = new Set(
    c.facts.functional
      .filter((f) => f.amount && f.subjectCode.startsWith(under) && (!fund || f.fund === fund))
      .map((f) => f.subjectCode.slice(0, length)),
  );
  return [...codes].sort().map((code) => ({ c, code, ...(fund ? { fund } : {}) }));
}
