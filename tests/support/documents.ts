import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../src/config.js';

/** The published documents the tests and the benchmark build on: the seed and two multi-fund units. */
export const SOURCE_DOCUMENTS = [
  {
    file: path.join(ROOT, 'seeds', 'disclosures', '2024-122201.txt'),
    code: '122201',
    name: '焦作市政务大数据中心',
    /** the department, as its rows print it: the first 3 digits of the unit code */
    department: { code: '122', name: '政务服务和大数据局' },
  },
  {
    file: path.join(ROOT, 'tests', 'fixtures', 'documents', '2024-201003.txt'),
    code: '201003',
    name: '焦作市乡村建设技术服务中心',
    /** the department, as its rows print it: the first 3 digits of the unit code */
    department: { code: '201', name: '乡村建设局' },
  },
  {
    file: path.join(ROOT, 'tests', 'fixtures', 'documents', '2024-207105.txt'),
    code: '207105',
    name: '焦作市云台文化艺术服务中心',
    /** the department, as its rows print it: the first 3 digits of the unit code */
    department: { code: '207', name: '文化旅游发展局' },
  },
] as const;

export type SourceDocument = (typeof SOURCE_DOCUMENTS)[number];

/** Where and when a copy of a document is placed; every part left out stays as the source has it. */
export interface CopyOptions {
  /** the unit's name, replaced everywhere the source's name is printed */
  name?: string;
  /** the 行政区划 (6 digits): the first 6 digits of every 21-digit project code become it */
  region?: string;
  /** the budget year: every year the text names (titles, narrative, the cover date in Chinese numerals) moves by the same offset */
  year?: number;
  /** another department: its code and name in the department rows of the tables */
  department?: { code: string; name: string };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CN_DIGITS = '〇一二三四五六七八九';
const CN_VALUE: Record<string, number> = {
  零: 0,
  ...Object.fromEntries([...CN_DIGITS].map((d, i) => [d, i])),
};

const sources = new Map<string, string>();
/** a source's text, read once */
function sourceText(source: SourceDocument): string {
  let text = sources.get(source.file);
  if (text === undefined) {
    text = fs.readFileSync(source.file, 'utf8');
    sources.set(source.file, text);
  }
  return text;
}

/** The year a document is for: its cover line (2024年度单位预算). */
export function documentYear(text: string): number {
  const year = /^\s*(\d{4})年度单位预算\s*$/m.exec(text)?.[1];
  if (!year) throw new Error('a document whose cover names its year ("2024年度单位预算")');
  return Number(year);
}

/** Every year the text names (followed by 年, or a document number's 〔2023〕) moved by offset years. */
function shiftYears(text: string, offset: number): string {
  if (!offset) return text;
  return (
    text
      .replace(/(?<![\d.])((?:19|20)\d\d)(?=年|〕)/g, (y) => String(Number(y) + offset))
      // the cover date, 二〇二四年二月
      .replace(/[〇零一二三四五六七八九]{4}(?=年)/g, (y) =>
        [...String([...y].reduce((n, d) => n * 10 + CN_VALUE[d]!, 0) + offset)]
          .map((d) => CN_DIGITS[Number(d)])
          .join(''),
      )
  );
}

/**
 * A document of another unit: the source's text with the unit's code (in the tables' code cells)
 * and, when given, its name replaced everywhere. Its figures stay. By default the unit is of the
 * source's department, region and year; options place it elsewhere: in another region (the
 * project codes' 行政区划), another year (every year named moves by the same offset) or another
 * department (the department rows' code and name).
 */
export function copyDocument(source: SourceDocument, code: string, options?: string | CopyOptions): string {
  const {
    name = source.name,
    region,
    year,
    department,
  } = typeof options === 'string' ? { name: options } : (options ?? {});
  let text = sourceText(source);
  if (year !== undefined) text = shiftYears(text, year - documentYear(text));
  if (region !== undefined) {
    if (!/^\d{6}$/.test(region)) throw new Error(`a 6-digit region code, found "${region}"`);
    // 21 digits, as the tables print them (4108002200 0000003586 9: spaces where a cell wraps)
    text = text.replace(/(?<![\d.])\d{6}(?=(?: ?\d){15}(?![\d.]))/g, region);
  }
  if (department !== undefined) {
    // the department rows: its code, then (after any empty cells) its name
    text = text.replace(
      new RegExp(
        `(^|\\t)${source.department.code}(\\t+)${escapeRegExp(source.department.name)}(?=\\t|$)`,
        'gm',
      ),
      `$1${department.code}$2${department.name}`,
    );
  }
  return text
    .replace(new RegExp(`(^|\\t)${source.code}(\\t)`, 'gm'), `$1${code}$2`)
    .replaceAll(source.name, name);
}
