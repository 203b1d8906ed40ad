import type { RenderedTable } from '../disclosure/render.js';
import { tableNumber } from './table-files.js';

/** Where a table's parts land on its sheet (1-based rows), for the writer and for readers. */
export function sheetLayout(shape: { unitBanner: boolean; headerRows: number; bodyRows: number }) {
  const bannerRow = shape.unitBanner ? 2 : undefined;
  const headerTop = shape.unitBanner ? 3 : 2;
  const bodyTop = headerTop + shape.headerRows;
  return { titleRow: 1, bannerRow, headerTop, bodyTop, notesTop: bodyTop + shape.bodyRows };
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ . */
export function sheetName(table: Pick<RenderedTable, 'no' | 'title'>): string {
  const name = `${tableNumber(table.no)} ${table.title.replace(/^\d{4}年/, '')}`;
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
}
