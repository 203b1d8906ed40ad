import type { Category, CategoryGroup, ThreePublicItem } from '../domain.js';
import type { FundSetName } from './context.js';

/**
 * What an amount column adds up: the renderer draws its cells from this, the importer reads
 * facts back through it, and the checks name columns by it.
 */
export interface Money {
  /** the sources of funds (a FUND_SETS name); absent: the table's own */
  funds?: FundSetName;
  /** spending of these categories (工资福利支出 …) */
  categories?: readonly Category[];
  /** spending of these groups (人员经费, 公用经费, 项目支出) */
  groups?: readonly CategoryGroup[];
  /** an “其中” column: part of another column, restated, never added to it */
  ofWhich?: boolean;
  /** income rather than spending (table 02): the of-which line 其中：财政拨款 where named */
  income?: FundSetName | 'generalPublicAppropriation';
  /** “三公” items (table 09) */
  threePublic?: readonly ThreePublicItem[];
  /** printed blank: the template has the column, no fact feeds it */
  none?: boolean;
}

/** A column of a disclosure table: a leaf holds cells, a group heads its children (multi-level headers). */
export interface ColumnNode {
  key: string;
  label: string;
  /** leaves only: 'amount' cells are 万元 figures, 'text' cells are labels and codes */
  type?: 'text' | 'amount';
  /** amount leaves: what the column adds up */
  money?: Money;
  children?: ColumnNode[];
  /** groups only: header rows the group's own cell spans (default 1) */
  rowSpan?: number;
}

export interface HeaderCell {
  label: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export const text = (key: string, label: string): ColumnNode => ({ key, label, type: 'text' });
export const amount = (key: string, label: string, money: Money = {}): ColumnNode => ({
  key,
  label,
  type: 'amount',
  money,
});
export const group = (key: string, label: string, children: ColumnNode[], rowSpan = 1): ColumnNode => ({
  key,
  label,
  children,
  rowSpan,
});

type Leaf = ColumnNode & { path: string; labels: string[] };

/** Layouts are constant: what is derived from a column tree is derived once per tree. */
function once<T>(derive: (columns: ColumnNode[]) => T): (columns: ColumnNode[]) => T {
  const memo = new WeakMap<ColumnNode[], T>();
  return (columns) => {
    if (!memo.has(columns)) memo.set(columns, derive(columns));
    return memo.get(columns)!;
  };
}

/** The leaf columns in order, each with its path of keys joined by '.' as its stable key. */
export const leafColumns = once(function leafColumns(columns: ColumnNode[]): Leaf[] {
  const leaves: (ColumnNode & { path: string; labels: string[] })[] = [];
  const walk = (nodes: ColumnNode[], prefix: string[], labels: string[]) => {
    for (const node of nodes) {
      if (node.children) walk(node.children, [...prefix, node.key], [...labels, node.label]);
      else leaves.push({ ...node, path: [...prefix, node.key].join('.'), labels: [...labels, node.label] });
    }
  };
  walk(columns, [], []);
  return leaves;
});

export function headerDepth(columns: ColumnNode[]): number {
  return Math.max(...columns.map((c) => (c.children ? (c.rowSpan ?? 1) + headerDepth(c.children) : 1)));
}

/** Header cells with their spans: a group spans its leaves; a leaf above the bottom row spans down. */
export const headerCells = once(function headerCells(columns: ColumnNode[]): HeaderCell[] {
  const depth = headerDepth(columns);
  const cells: HeaderCell[] = [];
  let col = 0;
  const walk = (nodes: ColumnNode[], row: number) => {
    for (const node of nodes) {
      const start = col;
      if (node.children) {
        const span = node.rowSpan ?? 1;
        walk(node.children, row + span);
        cells.push({ label: node.label, row, col: start, rowSpan: span, colSpan: col - start });
      } else {
        col += 1;
        cells.push({ label: node.label, row, col: start, rowSpan: depth - row, colSpan: 1 });
      }
    }
  };
  walk(columns, 0);
  return cells.sort((a, b) => a.row - b.row || a.col - b.col);
});

/** The header as printed: one array per header row, the label in a merged range's first cell, '' elsewhere. */
export const headerRows = once(function headerRows(columns: ColumnNode[]): string[][] {
  const depth = headerDepth(columns);
  const width = leafColumns(columns).length;
  const rows = Array.from({ length: depth }, () => Array<string>(width).fill(''));
  for (const cell of headerCells(columns)) rows[cell.row]![cell.col] = cell.label;
  return rows;
});
