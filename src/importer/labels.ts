import type { SubjectLabel } from '../disclosure/facts.js';
import type { SubjectCatalog } from '../disclosure/subjects.js';
import { SUBJECT_SCHEMES, type SubjectScheme } from '../domain.js';
import type { FieldReader } from './fields.js';

/** Names agree when they differ only in bracket width and spacing ("维修(护)费" = "维修（护）费"). */
export function sameName(name: string): string {
  return name.replace(/[\s\u3000]+/g, '').replaceAll('（', '(').replaceAll('）', ')');
}

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
    private readonly catalog: SubjectCatalog | undefined,
  ) {}

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
      if (!official) {
        this.reader.problem(
          where.file,
          where.row,
          where.codeColumn,
          `a ${SUBJECT_SCHEMES[scheme].label} code in the code list (or declared in the manifest's subjects)`,
          `"${code}"`,
        );
      } else if (sameName(official.name) !== sameName(label)) {
        wrong = true;
        this.reader.problem(
          where.file,
          where.row,
          where.labelColumn,
          `the name of ${code} in the code list, "${official.name}"`,
          `"${label}"`,
        );
      }
    }
    const key = `${scheme}:${code}`;
    const known = this.labels.get(key);
    // a label already reported as not the code's name is not the one the others must follow
    if (known && known.label !== label && !wrong && !known.wrong) {
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
