import type { ExplanationPart } from '../../disclosure/explanation.js';
import { builder } from '../builder.js';

export const ExplanationPartRef = builder.objectRef<ExplanationPart>('ExplanationPart').implement({
  description: '说明片段 A run of a section’s text: Yusuan’s template words, or the document’s own.',
  fields: (t) => ({
    text: t.exposeString('text', { description: '文字 The words.' }),
    stated: t.exposeBoolean('stated', {
      description:
        '原文所述 Whether the document stated these words (a reason, a purpose), repeated verbatim.',
    }),
  }),
});
