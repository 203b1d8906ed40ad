import { budgetKey } from '../../db/facts.js';
import type { BudgetRow } from '../../db/loaders.js';
import { leafColumns } from '../../disclosure/columns.js';
import { BudgetContext } from '../../disclosure/context.js';
import { LAYOUTS } from '../../disclosure/layouts.js';
import { type RenderedTable, renderTable } from '../../disclosure/render.js';
import { builder } from '../builder.js';
import { HeaderCellRef } from './header-cell.js';
import { BudgetRef } from './refs.js';
import { ColumnRef } from './table-column.js';
import { TableRowRef } from './table-row.js';

export interface TableShape {
  budget: BudgetRow;
  table: RenderedTable;
}
export const DisclosureTableRef = builder.objectRef<TableShape>('DisclosureTable');

builder.node(DisclosureTableRef, {
  description: '公开表 A disclosure table regenerated from facts, in the published layout.',
  id: { resolve: (x) => `${budgetKey(x.budget)}:${x.table.no}` },
  loadMany: (ids, ctx) =>
    Promise.all(
      ids.map(async (id) => {
        const [key = '', number] = id.split(':');
        const layout = LAYOUTS.find((l) => l.no === Number(number));
        const budget = await ctx.loaders.budgetByKey.load(key);
        if (!layout || !budget) return null;
        const [disclosure, catalog] = await Promise.all([
          ctx.loaders.disclosure.load(budget.id),
          ctx.loaders.catalog.load('all'),
        ]);
        return { budget, table: renderTable(layout, new BudgetContext(disclosure!, catalog)) };
      }),
    ),
  fields: (t) => ({
    no: t.int({ description: '表号 Table number 1…14.', resolve: (x) => x.table.no }),
    key: t.string({
      description: '键 Stable key (general-public-expenditure …).',
      resolve: (x) => x.table.key,
    }),
    title: t.string({
      description: '标题 Title as printed (2024年一般公共预算支出预算表).',
      resolve: (x) => x.table.title,
    }),
    unitName: t.string({ description: '单位名称 The unit.', resolve: (x) => x.table.unitName }),
    measure: t.string({
      description: '单位 Unit of measure of the figures: 万元.',
      resolve: (x) => x.table.measure,
    }),
    budget: t.field({ type: BudgetRef, description: '预算 The budget.', resolve: (x) => x.budget }),
    columns: t.field({
      type: [ColumnRef],
      description: '列 The column tree.',
      resolve: (x) => x.table.columns.map((node) => ({ node, path: node.key })),
    }),
    leafKeys: t.stringList({
      description: '叶列键 Keys of the leaf columns, in the order of each row’s cells.',
      resolve: (x) => leafColumns(x.table.columns).map((l) => l.path),
    }),
    header: t.field({
      type: t.listRef(t.listRef('String')),
      description: '表头 Header rows as printed: a merged label in its range’s first cell, "" elsewhere.',
      resolve: (x) => x.table.header,
    }),
    headerCells: t.field({
      type: [HeaderCellRef],
      description: '表头单元格 Header cells with merges.',
      resolve: (x) => x.table.headerCells,
    }),
    rows: t.field({
      type: [TableRowRef],
      description: '行 The rows in published order.',
      resolve: (x) => x.table.rows,
    }),
    notes: t.stringList({
      description: '注 The notes printed under the table.',
      resolve: (x) => x.table.notes,
    }),
    empty: t.boolean({
      description: '无数据 Whether the table has no figures (本表无数据).',
      resolve: (x) => x.table.empty,
    }),
  }),
});
