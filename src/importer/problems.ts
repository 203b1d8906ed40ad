import { grouped, importLimits } from './limits.js';

/** One thing wrong with an input, located precisely enough to fix it. */
export interface ImportProblem {
  file: string;
  /** 1-based data row (the header row is row 1 in CSV files), or null for the whole file */
  row: number | null;
  column: string | null;
  expected: string;
  found: string;
}

/** Longest excerpt of an input a problem shows: a report never echoes more of a file than this. */
export const EXCERPT_CHARS = 100;

const CLIPPED = /… \([\d,]+ characters\)$/;

/** Text from an input as a problem shows it: at most EXCERPT_CHARS characters, and how long it was. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  // an excerpt already (a problem is clipped when listed and again when reported)
  if (text.length <= max || (text.length <= max + 32 && CLIPPED.test(text))) return text;
  // not half of a character outside the BMP
  const head = /[\uD800-\uDBFF]$/.test(text.slice(0, max)) ? text.slice(0, max - 1) : text.slice(0, max);
  return `${head}… (${grouped(text.length)} characters)`;
}

// A problem list keeps the first maxProblems problems and counts the rest: a list holding each
// further one would grow with a hostile input (a 300 MB CSV of bad cells). Its length still
// counts every problem (each further one is this placeholder), as the readers compare lengths.
const OMITTED: ImportProblem = Object.freeze({
  file: '',
  row: null,
  column: null,
  expected: '',
  found: '',
});

/** A problem list bounded by the import's maxProblems: push past it keeps a count, not the problem. */
export function problemList(max = importLimits().maxProblems): ImportProblem[] {
  const list: ImportProblem[] = [];
  let kept = 0;
  Object.defineProperty(list, 'push', {
    value: (...items: ImportProblem[]) => {
      for (const item of items) {
        if (kept < max && item !== OMITTED) {
          kept++;
          // what an input holds is kept as an excerpt: a hostile cell is not carried whole
          Array.prototype.push.call(list, clipped(item));
        } else Array.prototype.push.call(list, OMITTED);
      }
      return list.length;
    },
  });
  return list;
}

export class ImportFailed extends Error {
  /** the problems listed (at most maxProblems) */
  readonly problems: ImportProblem[];
  /** how many more there were */
  readonly omitted: number;

  /** more: problems counted beyond the list (a refusal made in another thread, passed on as its list and count) */
  constructor(problems: ImportProblem[], max = importLimits().maxProblems, more = 0) {
    const listed = problems.filter((p) => p !== OMITTED).slice(0, max);
    const total = problems.length + more;
    const shown = listed.map(clipped);
    const omitted = total - shown.length;
    super(
      `${total} problem(s) in the input:\n${[...shown.map(formatProblem), ...(omitted ? [moreLine(omitted)] : [])].join('\n')}`,
    );
    this.problems = shown;
    this.omitted = omitted;
  }
}

/** The line that stands for the problems not listed. */
export const moreLine = (omitted: number): string => `… and ${grouped(omitted)} more`;

/** A problem whose `found` (what the input holds) is an excerpt, and whose `expected` is bounded. */
export function clipped(p: ImportProblem): ImportProblem {
  return {
    ...p,
    column: p.column === null ? null : excerpt(p.column),
    expected: excerpt(p.expected, 4 * EXCERPT_CHARS),
    found: excerpt(p.found),
  };
}

export function formatProblem(p: ImportProblem): string {
  const where = [
    p.file,
    // a document's rows are its lines
    p.row === null ? null : /\.txt\b/i.test(p.file) ? `line ${p.row}` : `row ${p.row}`,
    p.column === null ? null : `column ${p.column}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: expected ${p.expected}, found ${p.found}`;
}
