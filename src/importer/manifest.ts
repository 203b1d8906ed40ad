import path from 'node:path';
import type { Disclosure } from '../disclosure/facts.js';
import type { Subject, SubjectCatalog } from '../disclosure/subjects.js';
import {
  PRIOR_YEAR_METRICS,
  PROCUREMENT_KINDS,
  STAGES,
  SUBJECT_SCHEMES,
  type SubjectScheme,
} from '../domain.js';
import { MANIFEST_FILE } from '../formats/table-files.js';
import { formatWan } from '../money.js';
import { type FieldReader, type Json, records } from './fields.js';
import { readInputFile, textProblem } from './input-file.js';
import { sameName } from './labels.js';
import { grouped, importLimits, LIMIT_ENV } from './limits.js';
import type { ImportProblem } from './problems.js';

/** What a disclosure folder states outside its tables: the unit, the narrative's figures, extra codes. */
export type ManifestPart = Omit<
  Disclosure,
  | 'declaredSubjects'
  | 'labels'
  | 'incomes'
  | 'functional'
  | 'economic'
  | 'basicItems'
  | 'projects'
  | 'threePublic'
  | 'operatingCosts'
> & {
  /** codes missing from the code list that this disclosure declares, with their names */
  subjects: Subject[];
  /** a project's functional 项 where the tables leave it ambiguous: project code → 项 code */
  projectSubjects: Record<string, string>;
  /** a document's line of each narrative figure (metric → line), for reports */
  narrativeLines?: Record<string, number>;
  /** figures the narrative states that the reader could not name (noted, not stored) */
  readingNotes?: ImportProblem[];
};

const FILE_SCHEMES: Record<string, SubjectScheme> = {
  functional: 'functional',
  'economic-department': 'economicDepartment',
  'economic-government': 'economicGovernment',
};

/** Reads manifest.json, checking each field; returns null when the file cannot be read at all. */
export function readManifest(dir: string, reader: FieldReader, file = MANIFEST_FILE): ManifestPart | null {
  const buffer = readInputFile(path.join(dir, file), file, reader.problems);
  if (!buffer) return null;
  return parseManifest(buffer.toString('utf8'), file, reader);
}

/**
 * Parses a manifest's JSON text and checks each field; null when it cannot be read at all. Before
 * any field is read the text is held to the import's limits: nesting no deeper than maxDepth
 * (checked on the text, before JSON.parse), no list longer than maxListItems, no text longer than
 * maxTextChars, no NUL character anywhere.
 */
export function parseManifest(text: string, file: string, reader: FieldReader): ManifestPart | null {
  const depth = nestingProblem(text);
  if (depth) {
    reader.problem(file, depth.line, null, depth.expected, 'deeper nesting');
    return null;
  }
  let manifest: Json;
  try {
    manifest = JSON.parse(text);
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
      throw new Error('not an object');
  } catch (error) {
    const message = (error as Error).message;
    // JSON.parse names a character position; a person needs the line
    const position = /at position (\d+)/.exec(message)?.[1];
    const row = position === undefined ? null : text.slice(0, Number(position)).split('\n').length;
    reader.problem(file, row, null, 'a readable JSON object', message);
    return null;
  }
  if (!withinLimits(manifest, file, reader)) return null;
  const unit: Json = manifest.unit ?? {};
  checkUnique(records(manifest.priorYear), ['metric', 'entity'], file, 'priorYear', reader);
  checkUnique(records(manifest.narrative), ['metric'], file, 'narrative.metric', reader);
  const department: Json = manifest.department ?? {};
  const part: ManifestPart = {
    source: reader.text(file, manifest, 'source'),
    title: reader.text(file, manifest, 'title'),
    publishedOn: typeof manifest.publishedOn === 'string' ? manifest.publishedOn : null,
    year: reader.integer(file, manifest, 'year'),
    stage: reader.oneOf(file, null, 'stage', manifest.stage, STAGES),
    department: { code: reader.text(file, department, 'code'), name: reader.text(file, department, 'name') },
    unit: {
      code: reader.text(file, unit, 'code'),
      name: reader.text(file, unit, 'name'),
      regionCode: reader.optionalText(file, unit, 'regionCode'),
      nature: reader.optionalText(file, unit, 'nature'),
      rank: reader.optionalText(file, unit, 'rank'),
      staffingQuota: reader.count(file, unit, 'staffingQuota'),
      staffCount: reader.count(file, unit, 'staffCount'),
      internalDivisions: reader.texts(file, unit, 'internalDivisions'),
      duties: reader.texts(file, unit, 'duties'),
      formation: formationOf(unit.formation, file, reader),
    },
    priorYear: records(manifest.priorYear).map((p, i) => ({
      metric: reader.oneOf(file, i + 1, 'priorYear.metric', String(p.metric), PRIOR_YEAR_METRICS),
      entity: reader.text(file, p, 'entity'),
      basis: p.basis === true,
      amount: reader.wan(file, i + 1, 'priorYear.amount', p.amount),
    })),
    procurement: Object.entries((manifest.procurement ?? {}) as Json).map(([kind, amount]) => ({
      kind: reader.oneOf(file, null, 'procurement', kind, PROCUREMENT_KINDS),
      amount: reader.wan(file, null, `procurement.${kind}`, amount),
    })),
    assets: records(manifest.assets).map((a, i) => ({
      item: reader.text(file, a, 'item'),
      label: reader.text(file, a, 'label'),
      amount: a.amount === undefined ? null : reader.wan(file, i + 1, 'assets.amount', a.amount),
      count: Number.isInteger(a.count) ? (a.count as number) : null,
    })),
    narrative: records(manifest.narrative).map((n, i) => {
      const value = reader.text(file, n, 'value');
      if (value && !/^\d+(\.\d+)?$/.test(value))
        reader.problem(
          file,
          i + 1,
          'narrative.value',
          'a number as the narrative states it ("93.28")',
          JSON.stringify(value),
        );
      return { metric: reader.text(file, n, 'metric'), value, quote: reader.text(file, n, 'quote') };
    }),
    statements: records(manifest.statements).map((n) => ({
      key: reader.text(file, n, 'key'),
      text: reader.text(file, n, 'text'),
    })),
    subjects: records(manifest.subjects).map((s, i) => {
      const scheme = FILE_SCHEMES[String(s.scheme)];
      if (!scheme)
        reader.problem(
          file,
          i + 1,
          'subjects.scheme',
          `one of ${Object.keys(FILE_SCHEMES).join(', ')}`,
          `"${s.scheme}"`,
        );
      const code = String(s.code ?? '');
      const level = [3, 5, 7].indexOf(code.length) + 1;
      if (!/^\d+$/.test(code) || level === 0)
        reader.problem(file, i + 1, 'subjects.code', 'a 3, 5 or 7-digit code', `"${code}"`);
      return {
        scheme: scheme ?? 'functional',
        code,
        name: reader.text(file, s, 'name'),
        level,
        parentCode: level > 1 ? code.slice(0, [3, 5][level - 2]) : null,
      };
    }),
    projectSubjects: Object.fromEntries(
      Object.entries((manifest.projectSubjects ?? {}) as Json).map(([project, code]) => {
        if (!/^\d{7}$/.test(String(code)))
          reader.problem(
            file,
            null,
            `projectSubjects.${project}`,
            'a functional 项 code (7 digits)',
            JSON.stringify(code),
          );
        return [project, String(code)];
      }),
    ),
  };
  // a table folder states its year only here: the title ("…2024年度单位预算") must not name another
  const titleYear = Number(/(\d{4})年度/.exec(part.title)?.[1]);
  if (titleYear && part.year && titleYear !== part.year)
    reader.problem(
      file,
      null,
      'year',
      `${titleYear}, the year the title names ("${part.title}")`,
      `${part.year}`,
    );
  return part;
}

/** A declared code the code list already has must carry the same name there. */
export function checkDeclared(catalog: SubjectCatalog, declared: Subject[], reader: FieldReader): void {
  declared.forEach((s, i) => {
    const official = catalog.get(s.scheme, s.code);
    if (official && sameName(official.name) !== sameName(s.name)) {
      reader.problem(
        MANIFEST_FILE,
        i + 1,
        'subjects.name',
        `the name of ${s.code} in the code list, "${official.name}"`,
        `"${s.name}"`,
      );
    }
  });
}

/** The manifest of a stored disclosure, written so that reading it back gives the same facts. */
export function manifestOf(d: Disclosure, declared: Subject[] = []): string {
  const wan = formatWan;
  const schemeName = (scheme: SubjectScheme) =>
    Object.entries(FILE_SCHEMES).find(([, s]) => s === scheme)?.[0] ?? SUBJECT_SCHEMES[scheme].label;
  const manifest = {
    source: d.source,
    title: d.title,
    publishedOn: d.publishedOn,
    year: d.year,
    stage: d.stage,
    department: d.department,
    unit: d.unit,
    priorYear: d.priorYear.map((p) => ({ ...p, amount: wan(p.amount) })),
    procurement: Object.fromEntries(d.procurement.map((p) => [p.kind, wan(p.amount)])),
    assets: d.assets.map((a) => ({
      item: a.item,
      label: a.label,
      ...(a.amount === null ? {} : { amount: wan(a.amount) }),
      ...(a.count === null ? {} : { count: a.count }),
    })),
    narrative: d.narrative,
    ...(d.statements.length ? { statements: d.statements } : {}),
    subjects: declared.map((s) => ({ scheme: schemeName(s.scheme), code: s.code, name: s.name })),
    projectSubjects: Object.fromEntries(
      d.projects.flatMap((p) => (p.functionalSubjectCode ? [[p.code, p.functionalSubjectCode]] : [])),
    ),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function formationOf(
  value: unknown,
  file: string,
  reader: FieldReader,
): { document: string; predecessors: string[] } | null {
  if (value === undefined || value === null) return null;
  const object = (typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return {
    document: reader.text(file, object, 'document'),
    predecessors: reader.texts(file, object, 'predecessors'),
  };
}

/** Rows of a manifest list that repeat a key an earlier row has, reported once each. */
export function checkUnique(
  rows: Record<string, unknown>[],
  keys: string[],
  file: string,
  column: string,
  reader: FieldReader,
): void {
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = keys.map((k) => String(row[k])).join(' / ');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i + 1);
    else
      reader.problem(
        file,
        i + 1,
        column,
        `no other entry for ${key} (entry ${first} has it)`,
        'a second one',
      );
  });
}

/**
 * Where the text's nesting of objects and lists first goes deeper than the import's maxDepth,
 * found without parsing (strings skipped), so that no parser or walker recurses that deep.
 */
function nestingProblem(text: string): { line: number; expected: string } | null {
  const { maxDepth } = importLimits();
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth)
        return {
          line: text.slice(0, i).split('\n').length,
          expected: `objects and lists nested at most ${maxDepth} deep (${LIMIT_ENV.maxDepth})`,
        };
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return null;
}

/**
 * Every text (and key) of a parsed manifest is storable text (textProblem: no NUL, not too long)
 * and every list or map holds at most maxListItems entries; each one that is not is reported by
 * its path ("unit.duties[3]"). Its nesting is already bounded (nestingProblem).
 */
function withinLimits(manifest: Json, file: string, reader: FieldReader): boolean {
  const { maxListItems } = importLimits();
  let ok = true;
  const walk = (value: unknown, at: string) => {
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) {
        reader.problem(file, null, at, problem.expected, problem.found);
        ok = false;
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    if (entries.length > maxListItems) {
      reader.problem(
        file,
        null,
        at || null,
        `at most ${grouped(maxListItems)} entries (${LIMIT_ENV.maxListItems})`,
        `${grouped(entries.length)} entries`,
      );
      ok = false;
      return;
    }
    for (const [key, v] of entries) {
      const path = typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key;
      if (typeof key === 'string' && textProblem(key)) walk(key, `${at || 'the manifest'} (a key)`);
      walk(v, path);
    }
  };
  walk(manifest, '');
  return ok;
}
