import { budgetKey } from '../../db/facts.js';
import { type ColumnNode, leafColumns } from '../../disclosure/columns.js';
import { BudgetContext } from '../../disclosure/context.js';
import { LAYOUTS } from '../../disclosure/layouts.js';
import { renderTable } from '../../disclosure/render.js';
import { builder } from '../builder.js';
import { BudgetRef, CheckRef, DisclosureTableRef } from './refs.js';

interface ColumnShape {
  node: ColumnNode;
  path: string;
}
const ColumnRef = builder.objectRef<ColumnShape>('TableColumn');
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

const HeaderCellRef = builder
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

const TableRowRef = builder.objectRef<{ kind: string; cells: string[] }>('TableRow').implement({
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

builder.objectType(CheckRef, {
  description: '校验 A consistency check tying the tables together, with the rounding tolerance it allows.',
  fields: (t) => ({
    id: t.exposeString('id', { description: '编号 Stable id (05-06.basic).' }),
    description: t.exposeString('description', { description: '规则 The identity checked.' }),
    expected: t.exposeString('expected', { description: '应为 Expected figure.' }),
    found: t.exposeString('found', { description: '实为 Found figure.' }),
    difference: t.exposeString('difference', { description: '差额 found − expected.' }),
    tolerance: t.exposeString('tolerance', { description: '容差 Rounding tolerance allowed (万元).' }),
    passed: t.exposeBoolean('passed', { description: '通过 Whether the check holds.' }),
    detail: t.exposeString('detail', {
      nullable: true,
      description: '位置 Which row or subject, for row-by-row rules.',
    }),
  }),
});
