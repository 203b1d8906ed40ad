/** One thing wrong with an input, located precisely enough to fix it. */
export interface ImportProblem {
  file: string;
  /** 1-based data row (the header row is row 1 in CSV files), or null for the whole file */
  row: number | null;
  column: string | null;
  expected: string;
  found: string;
}

export class ImportFailed extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(`${problems.length} problem(s) in the input:\n${problems.map(formatProblem).join('\n')}`);
  }
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
