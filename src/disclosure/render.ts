import { formatCell } from '../money.js';
import { type ColumnNode, type HeaderCell, headerCells, headerRows, leafColumns } from './columns.js';
import { BudgetContext } from './context.js';
import type { Disclosure } from './facts.js';
import { type CellValue, layoutsOf, type RowKind, type TableLayout } from './layouts.js';
import type { SubjectCatalog } from './subjects.js';

export interface RenderedRow {
  kind: RowKind;
  /** the printed cells in column order, '' where blank */
  cells: string[];
  /** the same row as values by leaf column path: text, or integer yuan for amounts */
  values: Record<string, CellValue>;
}

export interface RenderedTable {
  no: number;
  key: string;
  title: string;
  unitName: string;
  /** whether the 单位名称 / 单位：万元 lines print above the table */
  unitBanner: boolean;
  measure: '万元';
  columns: ColumnNode[];
  leaves: ReturnType<typeof leafColumns>;
  header: string[][];
  headerCells: HeaderCell[];
  rows: RenderedRow[];
  notes: string[];
  empty: boolean;
}

/** Draws one table of one disclosure from its facts. */
export function renderTable(layout: TableLayout, ctx: BudgetContext): RenderedTable {
  const leaves = leafColumns(layout.columns);
  const rows = layout.rows(ctx).map((row) => ({
    kind: row.kind,
    values: row.values,
    cells: leaves.map((leaf) => {
      const value = row.values[leaf.path];
      if (value === undefined || value === null) return '';
      return leaf.type === 'amount' ? formatCell(value as number) : String(value);
    }),
  }));
  const empty = rows.every(
    (r) => r.kind === 'total' && leaves.every((l) => l.type !== 'amount' || !r.values[l.path]),
  );
  return {
    no: layout.no,
    key: layout.key,
    // a department's tables (部门预算) are titled as the department's: 2024年部门收入预算表
    title: ctx.members ? layout.title(ctx.d.year).replace('单位', '部门') : layout.title(ctx.d.year),
    unitName: ctx.d.unit.name,
    unitBanner: layout.unitBanner ?? true,
    measure: '万元',
    columns: layout.columns,
    leaves,
    header: headerRows(layout.columns),
    headerCells: headerCells(layout.columns),
    rows,
    notes: [...layout.notes, ...(empty && layout.emptyNote ? [layout.emptyNote(ctx.d.year)] : [])],
    empty,
  };
}

/** All tables of a disclosure (the 14 of a 预算), as its stage lays them out. */
export function renderDisclosure(d: Disclosure, catalog: SubjectCatalog): RenderedTable[] {
  const ctx = new BudgetContext(d, catalog);
  return layoutsOf(d.stage).map((layout) => renderTable(layout, ctx));
}
