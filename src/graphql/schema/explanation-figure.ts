import type { ExplanationFigure } from '../../disclosure/explanation.js';
import { builder } from '../builder.js';

export const ExplanationFigureRef = builder.objectRef<ExplanationFigure>('ExplanationFigure').implement({
  description: '说明所用数字 A figure an explanation section states.',
  fields: (t) => ({
    metric: t.exposeString('metric', {
      description:
        '指标 The metric, as narrative claims and checks name it (basic.share, functional.201@generalPublic …).',
    }),
    value: t.exposeString('value', {
      description: '数值 The figure as the text writes it (万元, % or a count).',
    }),
  }),
});
