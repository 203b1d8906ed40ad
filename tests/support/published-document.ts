import fs from 'node:fs';
import path from 'node:path';
import { headerDepth } from '../../src/disclosure/columns.js';
import { LAYOUTS } from '../../src/disclosure/layouts.js';

/**
 * Reads the 14 tables out of the text extracted from a published disclosure
 * (a copy of ../shared/disclosures in tests/fixtures/published), so that tests can hold every regenerated table against it.
 *
 * The extraction has known artefacts, undone here and nowhere else:
 * - whitespace inside cells comes from line wraps in the PDF ("单位代 码"): compared without it;
 * - page breaks repeat the header rows (tables 04, 06, 07, 08): repeats are dropped;
 * - merged header cells land in arbitrary physical columns: headers compare as the sequence of
 *   labels on each header row;
 * - some rows carry empty trailing cells (table 08 has an unnamed last column): trailing blanks
 *   are not compared;
 * - table 13 prints each figure one cell right of its 合计 column;
 * - table 14's indicator cells are shifted left on some rows; CORRECTIONS_14 moves them back
 *   under the indicator kind they belong to by meaning (成本/产出/效益/满意度).
 */
export const SEED_DOCUMENT = path.resolve(
  import.meta.dirname,
  '../fixtures/published/jiaozuo-zwdsj-2024-unit-budget.txt',
);

export interface PublishedTable {
  no: number;
  title: string;
  unitName: string;
  header: string[][];
  rows: string[][];
  notes: string[];
}

/** Table 14 rows whose indicators start too far left: first indicator text → cells to move right. */
const CORRECTIONS_14: Record<string, number> = {
  信息发布合格率: 1,
  信息产生发布: 1,
  每个工作日发布信息: 1,
  宣传文案合格率: 2,
  按法定时间办理: 2,
  '网络、网站正常运转率': 2,
  运维软件或硬件维护数: 2,
  系统维护响: 2,
  缴纳时限: 2,
  每年办事群众数量: 2,
  大厅正常运行率: 2,
  需办理寄送服务的办件数量: 2,
  公共设施设备完好率: 2,
  政务服务事项平均办事: 2,
};
const INDICATOR_START_14 = 6;

export const normalise = (cell: string) => cell.replace(/\s+/g, '');

export function trimTrailing(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

export function readPublishedTables(file = SEED_DOCUMENT, year = 2024): PublishedTable[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const starts = LAYOUTS.map((layout) => {
    const index = lines.findIndex((line) => line.trim() === layout.title(year));
    if (index < 0) throw new Error(`table ${layout.no} "${layout.title(year)}" not found in ${file}`);
    return index;
  });
  return LAYOUTS.map((layout, i) => {
    const block = lines.slice(starts[i]! + 1, starts[i + 1] ?? lines.length);
    const tabRows = block.filter((l) => l.includes('\t')).map((l) => l.split('\t').map(normalise));
    const depth = headerDepth(layout.columns);
    const header = tabRows.slice(0, depth);
    const isHeader = (row: string[]) =>
      header.some((h) => trimTrailing(h).join('\t') === trimTrailing(row).join('\t'));
    let rows = tabRows.slice(depth).filter((row) => !isHeader(row));
    if (layout.no === 13) rows = rows.map(([code = '', name = '', , figure = '']) => [code, name, figure]);
    if (layout.no === 14) rows = rows.map(correct14);
    const lastTabLine = block.findLastIndex((l) => l.includes('\t'));
    const notes = block.slice(lastTabLine + 1).filter((l) => l.trim() !== '');
    const unitLine = block.find((l) => l.startsWith('单位名称：')) ?? '';
    return {
      no: layout.no,
      title: layout.title(year),
      unitName: unitLine.replace('单位名称：', '').trim(),
      header: header.map((row) => row.filter(Boolean)),
      rows: rows.map(trimTrailing),
      notes,
    };
  });
}

function correct14(row: string[]): string[] {
  const first = row.slice(INDICATOR_START_14).find(Boolean);
  const shift = first ? (CORRECTIONS_14[first] ?? 0) : 0;
  if (!shift) return row;
  const fixed = [
    ...row.slice(0, INDICATOR_START_14),
    ...Array(shift).fill(''),
    ...row.slice(INDICATOR_START_14),
  ];
  return fixed;
}
