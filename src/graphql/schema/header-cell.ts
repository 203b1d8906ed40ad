import { builder } from '../builder.js';

export const HeaderCellRef = builder
  .objectRef<{ label: string; row: number; col: number; rowSpan: number; colSpan: number }>('HeaderCell')
  .implement({
    description: '表头单元格 A header cell with its merged range (0-based row and column).',
    fields: (t) => ({
      label: t.exposeString('label', { description: '标题 Label.' }),
      row: t.exposeInt('row', { description: '行 Header row, from 0.' }),
      col: t.exposeInt('col', { description: '列 Leaf column, from 0.' }),
      rowSpan: t.exposeInt('rowSpan', { description: '跨行 Rows merged.' }),
      colSpan: t.exposeInt('colSpan', { description: '跨列 Columns merged.' }),
    }),
  });
