import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { SUBJECT_SCHEMES, type SubjectScheme, subjectLevel, subjectParentCode } from '../domain.js';

export interface Subject {
  scheme: SubjectScheme;
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
  /** the name was checked against a published source (a document may name an unverified code otherwise) */
  verified?: boolean;
}

const FILE_SCHEMES: Record<string, SubjectScheme> = {
  functional: 'functional',
  'economic-department': 'economicDepartment',
  'economic-government': 'economicGovernment',
};

/** The official classification codes and names (政府收支分类科目). */
export class SubjectCatalog {
  private readonly byKey = new Map<string, Subject>();

  /** base: the catalog these subjects are added to (with); its names are those not given here */
  constructor(
    subjects: Iterable<Subject>,
    private readonly base?: SubjectCatalog,
  ) {
    for (const subject of subjects) this.byKey.set(key(subject.scheme, subject.code), subject);
  }

  get(scheme: SubjectScheme, code: string): Subject | undefined {
    const k = key(scheme, code);
    return this.byKey.get(k) ?? this.base?.lookup(k);
  }

  private lookup(k: string): Subject | undefined {
    return this.byKey.get(k) ?? this.base?.lookup(k);
  }

  name(scheme: SubjectScheme, code: string): string {
    const subject = this.get(scheme, code);
    if (!subject) throw new Error(`unknown ${SUBJECT_SCHEMES[scheme].label} code ${code}`);
    return subject.name;
  }

  all(): Subject[] {
    return [...this.entries().values()];
  }

  /** every subject by key, in the order the list and then the additions name them */
  private entries(): Map<string, Subject> {
    if (!this.base) return this.byKey;
    const merged = new Map(this.base.entries());
    for (const [k, subject] of this.byKey) merged.set(k, subject);
    return merged;
  }

  /** This catalog with some codes added (a disclosure's declared codes): the added names win. */
  with(subjects: readonly Subject[]): SubjectCatalog {
    // the few added codes over this one, not a copy of the whole list: an import asks for a
    // disclosure's catalog several times a document
    return subjects.length ? new SubjectCatalog(subjects, this) : this;
  }
}

function key(scheme: SubjectScheme, code: string): string {
  return `${scheme}:${code}`;
}

/** Reads the reference code list (scheme,code,name,level,parent_code,verified). */
export function readSubjectCodes(file: string): Subject[] {
  const records: Record<string, string>[] = parse(fs.readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  });
  return records.map((r, i) => {
    const scheme = FILE_SCHEMES[r.scheme ?? ''];
    const code = r.code ?? '';
    if (!scheme) throw new Error(`${file} row ${i + 2}: unknown scheme "${r.scheme}"`);
    const parentCode = subjectParentCode(code);
    if ((r.parent_code || null) !== parentCode) {
      throw new Error(
        `${file} row ${i + 2}: parent of ${code} should be ${parentCode}, found "${r.parent_code}"`,
      );
    }
    if (r.verified !== undefined && r.verified !== 'yes' && r.verified !== 'no')
      throw new Error(`${file} row ${i + 2}: verified must be yes or no, found "${r.verified}"`);
    return {
      scheme,
      code,
      name: r.name ?? '',
      level: subjectLevel(code),
      parentCode,
      verified: r.verified === 'yes',
    };
  });
}
