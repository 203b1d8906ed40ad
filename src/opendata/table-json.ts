import type { ColumnNode } from '../disclosure/columns.js';
import type { RowKind } from '../disclosure/layouts.js';
import type { RenderedTable } from '../disclosure/render.js';
import { tableNumber } from '../formats/table-files.js';
import { formatWan } from '../money.js';
import type { PublishedBudget } from './budgets.js';

export interface ColumnDocument {
  /** the column's own key; `path` (keys from the top, joined by '.') is stable and unique */
  key: string;
  path: string;
  label: string;
  /** leaves only */
  type?: 'text' | 'amount';
  children?: ColumnDocument[];
}

export interface RowDocument {
  kind: RowKind;
  /** the printed cells, in leaf-column order, '' where the disclosure prints nothing */
  cells: string[];
  /** by leaf path: text, figures as decimal strings in 万元 ("0.00" where the print is blank), null where the row has no value */
  values: Record<string, string | null>;
}

/** One disclosure table as data: what `/{year}/{unit}/{NN}.json` serves. */
export interface TableDocument {
  no: number;
  number: string;
  key: string;
  title: string;
  year: number;
  revision: number;
  unit: { code: string; name: string };
  department: { code: string; name: string };
  unitOfMeasure: '万元';
  columns: ColumnDocument[];
  rows: RowDocument[];
  notes: string[];
}

function columnDocuments(columns: readonly ColumnNode[], prefix = ''): ColumnDocument[] {
  return columns.map((column) => {
    const path = prefix ? `${prefix}.${column.key}` : column.key;
    return column.children
      ? { key: column.key, path, label: column.label, children: columnDocuments(column.children, path) }
      : { key: column.key, path, label: column.label, type: column.type ?? 'text' };
  });
}

/**
 * The table as data. Cells are exactly the printed ones (the CSV rows); unlike the CSV they are
 * not guarded against spreadsheet formulas, since JSON is read by programs, not spreadsheets.
 */
export function tableDocument(published: PublishedBudget, table: RenderedTable): TableDocument {
  return {
    no: table.no,
    number: tableNumber(table.no),
    key: table.key,
    title: table.title,
    year: published.budget.year,
    revision: published.budget.revision,
    unit: published.unit,
    department: published.department,
    unitOfMeasure: table.measure,
    columns: columnDocuments(table.columns),
    rows: table.rows.map((row) => ({
      kind: row.kind,
      cells: row.cells,
      values: Object.fromEntries(
        table.leaves.map((leaf) => {
          const value = row.values[leaf.path];
          if (value === undefined || value === null) return [leaf.path, null];
          return [leaf.path, leaf.type === 'amount' ? formatWan(value as number) : String(value)];
        }),
      ),
    })),
    notes: table.notes,
  };
}
