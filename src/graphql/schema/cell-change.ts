import type { CellChange } from '../../disclosure/diff.js';
import { builder } from '../builder.js';

export const CellChangeRef = builder.objectRef<CellChange>('CellChange').implement({
  description: '单元格变化 A table cell that differs between two revisions.',
  fields: (t) => ({
    table: t.exposeInt('table', { description: '表号 Table number.' }),
    title: t.exposeString('title', { description: '标题 Table title.' }),
    row: t.exposeString('row', { description: '行 The row’s label cells (codes and names).' }),
    column: t.exposeString('column', { description: '列 The column’s header labels.' }),
    before: t.exposeString('before', {
      description: '修订前 The cell in the earlier revision ("" where blank or absent).',
    }),
    after: t.exposeString('after', { description: '修订后 The cell in this revision.' }),
  }),
});
