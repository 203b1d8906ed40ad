import { builder } from '../builder.js';

export const TableRowRef = builder.objectRef<{ kind: string; cells: string[] }>('TableRow').implement({
  description: '表行 A row of a disclosure table, in published order.',
  fields: (t) => ({
    kind: t.exposeString('kind', {
      description: '行类型 total (合计), department, unit, subject, item, line or continuation.',
    }),
    cells: t.exposeStringList('cells', {
      description:
        '单元格 The row’s cells in column order as printed: figures in 万元 with two decimals, "" where blank.',
    }),
  }),
});
