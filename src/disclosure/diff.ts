import type { RenderedTable } from './render.js';

/** One cell of a disclosure table that differs between two revisions. */
export interface CellChange {
  table: number;
  title: string;
  /** the row's label cells (codes and names), joined by " " */
  row: string;
  /** the column's header labels, joined by " › " */
  column: string;
  /** '' where the cell was blank or the row did not exist */
  before: string;
  after: string;
}

/**
 * The cells that differ between two renderings of the same tables. Rows are matched by their
 * label cells (codes and names), so a row added or removed shows as cells going from or to ''.
 */
export function diffTables(before: RenderedTable[], after: RenderedTable[]): CellChange[] {
  const changes: CellChange[] = [];
  for (const next of after) {
    const previous = before.find((t) => t.no === next.no);
    const labelOf = (table: RenderedTable, cells: string[]) =>
      table.leaves
        .map((leaf, i) => (leaf.type === 'amount' ? '' : cells[i]))
        .filter(Boolean)
        .join(' ');
    const keyed = (table: RenderedTable | undefined) => {
      const rows = new Map<string, string[]>();
      for (const row of table?.rows ?? []) {
        let key = labelOf(table!, row.cells);
        while (rows.has(key)) key += ' ′';
        rows.set(key, row.cells);
      }
      return rows;
    };
    const a = keyed(previous);
    const b = keyed(next);
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(key) ?? [];
      const y = b.get(key) ?? [];
      next.leaves.forEach((leaf, i) => {
        const was = x[i] ?? '';
        const is = y[i] ?? '';
        if (was !== is && (leaf.type === 'amount' || !a.has(key) || !b.has(key))) {
          changes.push({
            table: next.no,
            title: next.title,
            row: key,
            column: leaf.labels.join(' › '),
            before: was,
            after: is,
          });
        }
      });
    }
  }
  return changes;
}
