import path from 'node:path';
import { headerDepth, headerRows, leafColumns } from '../disclosure/columns.js';
import { LAYOUTS, type TableLayout } from '../disclosure/layouts.js';
import type { SubjectCatalog } from '../disclosure/subjects.js';
import { INDICATOR_KIND_KEYS, type IndicatorKind } from '../domain.js';
import { readInputFile, textProblem } from './input-file.js';
import { sameName } from './labels.js';
import { importLimits, LIMIT_ENV } from './limits.js';
import type { ManifestPart } from './manifest.js';
import { readNarrative } from './narrative.js';
import type { ImportProblem } from './problems.js';
import type { TableInput } from './table-input.js';

/**
 * Reads a published disclosure as text (单位预算公开: the narrative, parts 1–3, then the 14
 * tables, table cells separated by tabs) into the 14 tables and what the narrative states.
 *
 * Extracted text is untidy in known ways, undone here:
 * - whitespace inside a cell comes from line wraps ("单位代 码", "4108002200 0000003586 9"): dropped;
 * - page breaks repeat a table's header rows: a body row equal to a header row is dropped;
 * - merged header labels land in any cell of their span: a header row is compared as the
 *   sequence of its labels;
 * - rows carry extra or missing empty cells (table 08's unnamed last column, table 13's figure one
 *   cell right): a row is fitted to the layout's columns by dropping or adding empty cells so that
 *   every figure lands in a figure column;
 * - table 14's indicator cells drift left or right: each indicator is placed under the kind
 *   (成本/产出/效益/满意度) its name says, keeping the order printed.
 */
export const DOCUMENT_EXTENSION = '.txt';

/** Text compared without wrap spaces and with brackets of one width. */
const textKey = sameName;

const SPACE = /[\s\u3000]/;
const cell = (text: string) => (SPACE.test(text) ? text.replace(/[\s\u3000]+/g, '') : text);
/** whitespace other than the tabs between cells: a line without any has no cell to tidy */
const SPACE_IN_CELL = /[^\S\t]/;
/** a line's cells, without their wrap spaces */
const cellsOf = (text: string) => (SPACE_IN_CELL.test(text) ? text.split('\t').map(cell) : text.split('\t'));
const AMOUNT = /^-?[\d.,]+$/;

export interface DocumentLine {
  /** 1-based line of the file */
  no: number;
  text: string;
}

export interface ReadDocument {
  manifest: ManifestPart;
  tables: TableInput[];
}

/** The parts of a document whose lines are bounded by maxTableRows: the narrative and the 14 tables. */
const DOCUMENT_PARTS = 15;

/** Reads the file's text, or records why it is not a document Yusuan reads. */
export function documentLines(file: string, problems: ImportProblem[]): DocumentLine[] | null {
  const name = path.basename(file);
  const problem = (row: number | null, expected: string, found: string) =>
    problems.push({ file: name, row, column: null, expected, found });
  const buffer = readInputFile(file, name, problems);
  if (!buffer) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    const bad = firstInvalidUtf8(buffer);
    const line = buffer.subarray(0, bad).filter((b) => b === 0x0a).length + 1;
    problem(
      line,
      'UTF-8 text (the document as extracted)',
      'bytes that are not UTF-8 (a GBK file? convert it to UTF-8)',
    );
    return null;
  }
  if (text.includes('\u0000')) {
    problem(text.slice(0, text.indexOf('\u0000')).split('\n').length, 'text', 'a NUL byte (a binary file)');
    return null;
  }
  // 14 tables and the narrative, each at most maxTableRows lines: counted before the text is split
  const maxLines = DOCUMENT_PARTS * importLimits().maxTableRows;
  for (let at = text.indexOf('\n'), count = 1; at >= 0; at = text.indexOf('\n', at + 1)) {
    if (++count > maxLines) {
      problem(
        count,
        `a document of at most ${maxLines} lines (15 parts of at most ${LIMIT_ENV.maxTableRows} lines)`,
        'more lines',
      );
      return null;
    }
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((t, i) => ({ no: i + 1, text: t.replace(/\r$/, '') }));
  // a line is at most as long as a text may be (and so is each cell of it)
  const long = lines.find((l) => l.text.length > importLimits().maxTextChars);
  const tooLong = long && textProblem(long.text);
  if (long && tooLong) {
    problem(long.no, `a line of ${tooLong.expected.replace(/^a text of /, '')}`, tooLong.found);
    return null;
  }
  if (!lines.some((l) => l.text.trim())) {
    problem(null, 'the text of a disclosure (narrative and the 14 tables)', 'an empty file');
    return null;
  }
  return lines;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (!length) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** Reads a disclosure document; returns null (with problems) when its tables cannot be located. */
export function readDocument(
  file: string,
  catalog: SubjectCatalog,
  problems: ImportProblem[],
): ReadDocument | null {
  const name = path.basename(file);
  const lines = documentLines(file, problems);
  if (!lines) return null;
  const before = problems.length;
  const problem = (row: number | null, column: string | null, expected: string, found: string) =>
    problems.push({ file: name, row, column, expected, found });

  // what the cover and the tables' titles are found by: each names its year (2024年…)
  const keys = lines.map((l) => (l.text.includes('年') ? textKey(l.text) : ''));
  const cover = keys.findIndex((k) => /^\d{4}年度单位预算$/.test(k));
  const year = cover >= 0 ? Number(keys[cover]!.slice(0, 4)) : NaN;
  if (!year) {
    problem(null, null, 'a cover line naming the year ("2024年度单位预算")', 'none');
    return null;
  }

  // the tables' titles name the year too; a cover that says otherwise is one problem, not 14 missing tables
  const titled = keys.map((k) => /^(\d{4})年单位收支预算表$/.exec(k)?.[1]).find(Boolean);
  if (titled && Number(titled) !== year) {
    problem(
      lines[cover]!.no,
      'cover',
      `the year the tables' titles name (${titled}年单位收支预算表 …)`,
      `"${lines[cover]!.text.trim()}"`,
    );
    return null;
  }
  const starts = LAYOUTS.map((layout) => {
    const title = textKey(layout.title(year));
    return keys.indexOf(title);
  });
  LAYOUTS.forEach((layout, i) => {
    if (starts[i]! < 0) problem(null, `table ${layout.no}`, `its title "${layout.title(year)}"`, 'none');
    else if (i > 0 && starts[i]! < starts[i - 1]!)
      problem(lines[starts[i]!]!.no, `table ${layout.no}`, `after table ${layout.no - 1}`, 'before it');
  });
  if (problems.length > before) return null;

  const tables = LAYOUTS.map((layout, i) =>
    readTable(name, layout, lines.slice(starts[i]!, starts[i + 1] ?? lines.length), problems),
  );
  // a table that cannot be read as printed (a header, a row cut short): what follows would only echo it
  if (problems.length > before) return null;
  const narrative = lines.slice(0, starts[0]);
  const manifest = readNarrative(name, narrative, year, tables, catalog, problems);
  return manifest ? { manifest, tables } : null;
}

function readTable(
  name: string,
  layout: TableLayout,
  block: DocumentLine[],
  problems: ImportProblem[],
): TableInput {
  const [titleLine, ...rest] = block;
  const file = `${name} › ${String(layout.no).padStart(2, '0')} ${titleLine!.text.trim()}`;
  const leaves = leafColumns(layout.columns);
  const depth = headerDepth(layout.columns);
  const expected = headerRows(layout.columns);
  const rowsOf = rest.filter((l) => l.text.includes('\t'));
  const split = (l: DocumentLine) => cellsOf(l.text);
  const header = rowsOf.slice(0, depth);
  const labels = (cells: string[]) => cells.filter(Boolean).map(textKey).join('|');
  expected.forEach((row, i) => {
    const found = header[i];
    if (!found || labels(split(found)) !== labels(row)) {
      problems.push({
        file,
        row: found?.no ?? titleLine!.no,
        column: 'header',
        expected: `header row ${i + 1} with the labels ${row.filter(Boolean).join(' | ')}`,
        found: found ? split(found).filter(Boolean).join(' | ') || 'no labels' : 'no such row',
      });
    }
  });
  const headerKeys = new Set(expected.map(labels));
  const body: { line: DocumentLine; printed: string[] }[] = [];
  for (const line of rowsOf.slice(depth)) {
    const printed = split(line);
    // a page break repeats the header rows; a header row has no figures
    if (!printed.some((c) => AMOUNT.test(c)) && headerKeys.has(labels(printed))) continue;
    body.push({ line, printed });
  }
  const lastRow = rowsOf.at(-1);
  const notes = rest
    .filter((l) => !l.text.includes('\t') && (!lastRow || l.no > lastRow.no) && l.text.trim())
    .map((l) => l.text);
  const cells = body.map(({ line: l, printed }) => {
    // extraction keeps empty cells: a row with fewer cells than columns was cut short
    if (printed.length < leaves.length && layout.no !== 14)
      problems.push({
        file,
        row: l.no,
        column: null,
        expected: `${leaves.length} cells, the table's columns (empty ones kept)`,
        found: `${printed.length}: the row is cut short after "${printed.filter(Boolean).at(-1) ?? ''}"`,
      });
    const fitted = fitRow(printed, leaves);
    return layout.no === 14 ? placeIndicators(fitted) : fitted;
  });
  return {
    layout,
    file,
    header: expected,
    body: cells,
    firstRow: header[0]?.no ?? titleLine!.no,
    lines: body.map((b) => b.line.no),
    headerLines: expected.map((_, i) => header[i]?.no ?? titleLine!.no),
    title: titleLine!.text.trim(),
    notes,
  };
}

type Leaves = ReturnType<typeof leafColumns>;

/**
 * Fits a printed row to the layout's columns: trailing blanks beyond the last column go; a row
 * still too long loses the blank cell whose removal puts its figures under figure columns; a row
 * too short is filled with blanks.
 */
export function fitRow(printed: string[], leaves: Leaves): string[] {
  const cells = [...printed];
  while (cells.length > leaves.length) {
    // of the blanks whose removal puts every figure under a figure column, the one nearest the end
    // moves the fewest cells; when none does, the last blank goes. Tried from the end, one at a
    // time: most rows are long only by a trailing blank, which the first try removes.
    let last = -1;
    let fitting = -1;
    for (let i = cells.length - 1; i >= 0 && fitting < 0; i--) {
      if (cells[i] !== '') continue;
      if (last < 0) last = i;
      if (fitsWithout(cells, i, leaves)) fitting = i;
    }
    if (last < 0) break;
    cells.splice(fitting >= 0 ? fitting : last, 1);
  }
  while (cells.length < leaves.length) cells.push('');
  return cells;
}

/**
 * Whether, without the cell at skip, every figure of a row sits in a figure column and every
 * figure column holds a figure or nothing.
 */
function fitsWithout(cells: string[], skip: number, leaves: Leaves): boolean {
  for (let i = 0; i < leaves.length; i++) {
    if (leaves[i]!.type !== 'amount') continue;
    const c = cells[i < skip ? i : i + 1] ?? '';
    if (c !== '' && !AMOUNT.test(c)) return false;
  }
  return true;
}

// —— table 14: indicators by meaning ——

const INDICATORS_FROM = 6;
const KIND_WORDS: Record<IndicatorKind, RegExp> = {
  cost: /成本|经费|费用/,
  output: /数量|数|率|时限|时效|时间|及时|完成|质量|覆盖|合格|办理|发布|运行|维护|响应|次|个|天|小时|件|条/,
  benefit: /效益|影响|提升|促进|保障|改善|提高|发展|可持续|作用|社会|经济|权利|水平/,
  satisfaction: /满意/,
};

function kindScore(kind: IndicatorKind, name: string, value: string): number {
  if (KIND_WORDS.satisfaction.test(name)) return kind === 'satisfaction' ? 4 : -4;
  if (kind === 'satisfaction') return -2;
  // a cost target is money: named so, or valued in 元/万元
  if (kind === 'cost') return KIND_WORDS.cost.test(name) || /万元?$|元$/.test(value) ? 3 : -1;
  if (kind === 'benefit') return KIND_WORDS.benefit.test(name) ? 2 : 0;
  return KIND_WORDS.output.test(`${name} ${value}`) ? 1 : 0.5;
}

/** The ways to place n indicators under the four kinds in the printed order. */
function placements(n: number, from = 0): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (let k = from; k <= INDICATOR_KIND_KEYS.length - n; k++)
    for (const rest of placements(n - 1, k + 1)) out.push([k, ...rest]);
  return out;
}

/**
 * Table 14's indicator cells, as printed, may start a cell or two away from their kind's
 * columns; each (name, value) pair is placed under the kind its words name, in printed order,
 * nearest to where it was printed when the words do not decide.
 */
export function placeIndicators(cells: string[]): string[] {
  const fixed = cells.slice(0, INDICATORS_FROM);
  const printed: { text: string; at: number }[] = [];
  // indicator text that drifted into the figure columns
  fixed.forEach((c, i) => {
    if (i >= 2 && c && !AMOUNT.test(c)) {
      printed.push({ text: c, at: i });
      fixed[i] = '';
    }
  });
  cells.slice(INDICATORS_FROM).forEach((c, i) => {
    if (c) printed.push({ text: c, at: INDICATORS_FROM + i });
  });
  if (!printed.length || printed.length % 2) return cells;
  const pairs = Array.from({ length: printed.length / 2 }, (_, i) => ({
    name: printed[2 * i]!.text,
    value: printed[2 * i + 1]!.text,
    kind: Math.floor((printed[2 * i]!.at - INDICATORS_FROM) / 2),
  }));
  if (pairs.length > INDICATOR_KIND_KEYS.length) return cells;
  let best: number[] = [];
  let bestScore = -Infinity;
  // extraction drops empty cells before a row's indicators, never adds any: an indicator stands
  // under its printed kind or one to the right of it
  for (const place of placements(pairs.length).filter((p) => p.every((k, i) => k >= pairs[i]!.kind))) {
    const score = place.reduce(
      (s, k, i) =>
        s +
        kindScore(INDICATOR_KIND_KEYS[k]!, pairs[i]!.name, pairs[i]!.value) -
        Math.abs(k - pairs[i]!.kind) / 100,
      0,
    );
    if (score > bestScore) {
      bestScore = score;
      best = place;
    }
  }
  const out = [...fixed, ...Array<string>(INDICATOR_KIND_KEYS.length * 2).fill('')];
  best.forEach((k, i) => {
    out[INDICATORS_FROM + 2 * k] = pairs[i]!.name;
    out[INDICATORS_FROM + 2 * k + 1] = pairs[i]!.value;
  });
  return out;
}
