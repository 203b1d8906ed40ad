import type { ExplanationSection } from '../../disclosure/explanation.js';
import { builder } from '../builder.js';
import { ExplanationFigureRef } from './explanation-figure.js';
import { ExplanationPartRef } from './explanation-part.js';

export const ExplanationSectionRef = builder.objectRef<ExplanationSection>('ExplanationSection').implement({
  description:
    '情况说明 One section of the budget’s explanation (part 2), written from the stored facts in the document’s sentences.',
  fields: (t) => ({
    id: t.exposeString('id', { description: '标识 The section (overall, income, threePublic …).' }),
    title: t.exposeString('title', { description: '标题 The section’s heading, as the document titles it.' }),
    text: t.exposeString('text', {
      description: '正文 The section’s text; paragraphs separated by a line break ("" when omitted).',
    }),
    parts: t.field({
      type: [ExplanationPartRef],
      description: '片段 The text in runs, the document’s own words marked stated.',
      resolve: (s) => s.parts,
    }),
    figures: t.field({
      type: [ExplanationFigureRef],
      description: '数字 Every figure the text states, by metric.',
      resolve: (s) => s.figures,
    }),
    omitted: t.exposeString('omitted', {
      nullable: true,
      description:
        '未生成原因 Why the section is not written (its facts are not stored or cannot be added up), or null.',
    }),
  }),
});
