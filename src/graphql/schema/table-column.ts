import type { ColumnNode } from '../../disclosure/columns.js';
import { builder } from '../builder.js';

export interface ColumnShape {
  node: ColumnNode;
  path: string;
}
export const ColumnRef = builder.objectRef<ColumnShape>('TableColumn');
builder.objectType(ColumnRef, {
  description: '表列 A column of a disclosure table; groups head their children (multi-level headers).',
  fields: (t) => ({
    key: t.string({
      description: '键 Stable key: the path of keys from the top ("basic.personnel.wages").',
      resolve: (c) => c.path,
    }),
    label: t.string({ description: '标题 The header label as printed.', resolve: (c) => c.node.label }),
    type: t.string({
      nullable: true,
      description: '类型 amount (万元 figures) or text, for leaf columns; null for groups.',
      resolve: (c) => c.node.type ?? null,
    }),
    children: t.field({
      type: [ColumnRef],
      description: '下级列 The columns under a group.',
      resolve: (c) => (c.node.children ?? []).map((node) => ({ node, path: `${c.path}.${node.key}` })),
    }),
  }),
});
