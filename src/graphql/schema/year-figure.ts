import { builder } from '../builder.js';

export const YearFigureRef = builder.objectRef<{ year: number; value: number }>('YearFigure').implement({
  description: '年度数值 A figure of one year.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: '年度 Year.' }),
    value: t.field({ type: 'Decimal', description: '数值 万元.', resolve: (y) => y.value }),
  }),
});
