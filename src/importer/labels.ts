import type { SubjectLabel } from '../disclosure/facts.js';
import type { Subject, SubjectCatalog } from '../disclosure/subjects.js';
import { SUBJECT_CODE_LENGTHS, SUBJECT_SCHEMES, type SubjectScheme, subjectParentCode } from '../domain.js';
import type { FieldReader } from './fields.js';
import type { ImportProblem } from './problems.js';

/** Names agree when they differ only in bracket width and spacing ("维修(护)费" = "维修（护）费"). */
export function sameName(name: string): string {
  // most names have neither: the one test is far cheaper than three replacements
  if (!UNTIDY.test(name)) return name;
  // short names recur in every document (labels, headers, titles): each is tidied once; a long
  // line (a table row, a paragraph) is one document's own and is not kept
  if (name.length > TIDIED_LENGTH) return tidy(name);
  let tidyName = tidied.get(name);
  if (tidyName === undefined) {
    tidyName = tidy(name);
    if (tidied.size >= TIDIED_LIMIT) tidied.clear();
    tidied.set(name, tidyName);
  }
  return tidyName;
}
const tidy = (name: string) =>
  name
    .replace(/[\s\u3000]+/g, '')
    .replaceAll('（', '(')
    .replaceAll('）', ')');
/** the longest name the tidied cache keeps (labels, headers and titles are mostly shorter) */
const TIDIED_LENGTH = 48;
const UNTIDY = /[\s\u3000（）]/;
/** the untidy names seen, tidied; a bound keeps a long import's odd names from piling up */
const tidied = new Map<string, string>();
const TIDIED_LIMIT = 10_000;

interface Where {
  file: string;
  row: number | null;
  codeColumn: string;
  labelColumn: string;
}

/**
 * Collects the labels a disclosure prints for subject codes. Every code must be in the code
 * list (or declared by the manifest) and every label must agree with the code's name; one
 * code keeps one label throughout a disclosure.
 */
export class LabelBook {
  private readonly labels = new Map<string, SubjectLabel & { where: Where; wrong: boolean }>();

  constructor(
    private readonly reader: FieldReader,
    private catalog: SubjectCatalog | undefined,
    /**
     * A published document is evidence: a code the list lacks is declared with the name it prints
     * (declare), and a name that differs from an unverified entry is kept; both are noted.
     */
    private readonly evidence: { declare?: (subject: Subject) => void; notes?: ImportProblem[] } = {},
  ) {}

  private note(where: Where, column: string, expected: string, found: string): void {
    this.evidence.notes?.push({ file: where.file, row: where.row, column, expected, found });
  }

  record(scheme: SubjectScheme, code: string, label: string, where: Where): void {
    let wrong = false;
    if (!/^\d+$/.test(code)) {
      this.reader.problem(
        where.file,
        where.row,
        where.codeColumn,
        `a ${SUBJECT_SCHEMES[scheme].label} code (digits)`,
        `"${code}"`,
      );
      return;
    }
    if (this.catalog) {
      const official = this.catalog.get(scheme, code);
      const levels = SUBJECT_CODE_LENGTHS.slice(
        0,
        SUBJECT_SCHEMES[scheme].levels.length,
      ) as readonly number[];
      if (!official && this.evidence.declare && levels.includes(code.length)) {
        const subject: Subject = {
          scheme,
          code,
          name: label,
          level: levels.indexOf(code.length) + 1,
          parentCode: subjectParentCode(code),
          verified: false,
        };
        this.evidence.declare(subject);
        this.catalog = this.catalog.with([subject]);
        this.note(
          where,
          where.codeColumn,
          `a ${SUBJECT_SCHEMES[scheme].label} code in the code list`,
          `"${code}" (taken with the document's name "${label}")`,
        );
      } else if (!official) {
        this.reader.problem(
          where.file,
          where.row,
          where.codeColumn,
          `a ${SUBJECT_SCHEMES[scheme].label} code in the code list (or declared in the manifest's subjects)`,
          `"${code}"`,
        );
      } else if (sameName(official.name) !== sameName(label)) {
        if (this.evidence.notes && !official.verified) {
          this.note(
            where,
            where.labelColumn,
            `the name of ${code} in the code list, "${official.name}" (not verified)`,
            `"${label}" (kept as the document prints it)`,
          );
        } else {
          wrong = true;
          this.reader.problem(
            where.file,
            where.row,
            where.labelColumn,
            `the name of ${code} in the code list, "${official.name}"${official.verified ? ' (verified)' : ''}`,
            `"${label}"`,
          );
        }
      }
    }
    const key = `${scheme}:${code}`;
    const known = this.labels.get(key);
    // a label already reported as not the code's name is not the one the others must follow
    if (known && sameName(known.label) !== sameName(label) && !wrong && !known.wrong) {
      const at = `${known.where.file}${known.where.row === null ? '' : ` row ${known.where.row}`}`;
      this.reader.problem(
        where.file,
        where.row,
        where.labelColumn,
        `the label "${known.label}" used in ${at}`,
        `"${label}"`,
      );
    }
    if (!known) this.labels.set(key, { scheme, code, label, where, wrong });
  }

  /** The labels that differ from the official names: what the disclosure stores. */
  overrides(): SubjectLabel[] {
    return [...this.labels.values()]
      .filter((l) => !this.catalog || this.catalog.get(l.scheme, l.code)?.name !== l.label)
      .map(({ scheme, code, label }) => ({ scheme, code, label }));
  }
}
