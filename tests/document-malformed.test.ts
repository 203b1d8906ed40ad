import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from '../src/db/disclosures.js';
import { importNotes } from '../src/db/schema.js';
import { type ImportResult, importDisclosure } from '../src/importer/index.js';
import { ImportFailed, type ImportProblem } from '../src/importer/problems.js';
import { seededMemoryDatabase, tempDir } from './support/database.js';
import { graphqlClient } from './support/graphql.js';
import { databaseState } from './support/import.js';
import { SEED_DOCUMENT_FILE } from './support/seed.js';

/*
 * Each test starts from the seed document (the published disclosure as extracted text, which
 * imports), breaks one thing by a small edit of its lines, and shows what the import reports:
 * the whole list of problems, located by the document's line, and nothing written.
 */

const SEED = fs.readFileSync(SEED_DOCUMENT_FILE, 'utf8');
const LINES = SEED.split('\n');

const DOC = '2024-122201.txt';
const T03 = `${DOC} › 03 2024年单位支出预算表`;
const T05 = `${DOC} › 05 2024年一般公共预算支出预算表`;

let db: Db;
beforeEach(() => {
  db = seededMemoryDatabase();
});

/** The seed's line `no` (1-based, as problems count lines). */
const line = (no: number) => LINES[no - 1]!;
const cells = (no: number) => line(no).split('\t');

/** The seed with line `no` replaced; the change must change something. */
function editLine(no: number, change: (text: string) => string): string {
  const changed = change(line(no));
  expect(changed, `the change to line ${no}`).not.toBe(line(no));
  return LINES.map((text, i) => (i === no - 1 ? changed : text)).join('\n');
}

/** The seed with every `from` replaced by `to`; `from` must occur exactly `times` times. */
function replaceAll(from: string, to: string, times: number): string {
  expect(SEED.split(from).length - 1, `occurrences of ${JSON.stringify(from)}`).toBe(times);
  return SEED.replaceAll(from, to);
}

/** Writes a document as 2024-122201.txt in a fresh temporary folder. */
function document(content: string | Buffer): string {
  const file = path.join(tempDir('yusuan-document-'), DOC);
  fs.writeFileSync(file, content);
  return file;
}

/** Imports what must be refused: returns the problems, having checked that nothing was written. */
async function rejects(content: string | Buffer): Promise<ImportProblem[]> {
  const before = databaseState(db);
  const error = await importDisclosure(db, document(content)).then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ImportFailed);
  expect(databaseState(db)).toEqual(before);
  return (error as ImportFailed).problems;
}

/** Imports what must be accepted, as a new revision of the seed budget. */
async function accepts(content: string | Buffer): Promise<ImportResult> {
  const result = await importDisclosure(db, document(content));
  expect([result.unitCode, result.revision, result.created]).toEqual(['122201', 2, true]);
  return result;
}

/** A subject of the latest 122201/2024 budget as GraphQL serves it. */
async function servedSubject(code: string) {
  const { data, errors } = await graphqlClient(db)(`{ unit(code: "122201") { budget(year: 2024) {
    revision subject(scheme: FUNCTIONAL, code: "${code}") { code name label level parent { code } total { value } }
  } } }`);
  expect(errors).toBeUndefined();
  return data.unit.budget;
}

function latestDisclosure() {
  const budget = findBudget(db, '122201', 2024)!;
  return loadDisclosures(db, [budget.id]).get(budget.id)!;
}

describe('import refuses a malformed document', () => {
  it('a missing table is refused, naming the table and the title it looked for', async () => {
    // table 09 runs from its title to the line before table 10's title
    expect(line(493)).toBe('2024年一般公共预算“三公”经费预算表');
    expect(line(507)).toBe('2024年政府性基金支出预算表');
    const without09 = [...LINES.slice(0, 492), ...LINES.slice(506)].join('\n');
    expect(await rejects(without09)).toEqual([
      {
        file: DOC,
        row: null,
        column: 'table 9',
        expected: 'its title "2024年一般公共预算“三公”经费预算表"',
        found: 'none',
      },
    ]);
  });

  it('a body row cut short is refused', async () => {
    // 05, line 307: 2080505 with 30.25 in 合计, 基本支出 › 小计 and 工资福利支出; only code and name kept
    expect(cells(307).slice(0, 8)).toEqual([
      '208',
      '05',
      '05',
      '',
      '机关事业单位基本养老保险缴费支出',
      '30.25',
      '30.25',
      '30.25',
    ]);
    const short05 = editLine(307, (text) => text.split('\t').slice(0, 5).join('\t'));
    expect(await rejects(short05)).toEqual([
      {
        file: T05,
        row: 307,
        column: null,
        expected: "14 cells, the table's columns (empty ones kept)",
        found: '5: the row is cut short after "机关事业单位基本养老保险缴费支出"',
      },
    ]);

    // the same row of 03, line 235, cut short the same way
    expect(cells(235).slice(0, 6)).toEqual([
      '208',
      '05',
      '05',
      '',
      '机关事业单位基本养老保险缴费支出',
      '30.25',
    ]);
    const short03 = editLine(235, (text) => text.split('\t').slice(0, 5).join('\t'));
    expect(await rejects(short03)).toEqual([
      {
        file: T03,
        row: 235,
        column: null,
        expected: "15 cells, the table's columns (empty ones kept)",
        found: '5: the row is cut short after "机关事业单位基本养老保险缴费支出"',
      },
    ]);
  });

  it('a detail figure of 05 that its totals no longer add up to is refused', async () => {
    // 05, line 309: 2101101 行政单位医疗; the 8th cell is 基本支出 › 人员经费 › 工资福利支出
    expect(cells(309).slice(4, 8)).toEqual(['行政单位医疗', '5.04', '5.04', '5.04']);
    const changed = editLine(309, (text) => {
      const row = text.split('\t');
      row[7] = '5.14';
      return row.join('\t');
    });
    // 03 and 05 disagree about 2101101; the report names both rows (which of the two is wrong, only a person knows)
    expect(await rejects(changed)).toEqual([
      {
        file: T03,
        row: 237,
        column: '工资福利支出',
        expected: 'at least 5.14 (what 05 row 309 give for 2101101)',
        found: '5.04',
      },
    ]);
  });

  it('a narrative share that disagrees with the tables is refused by its check, with the stated and the computed share', async () => {
    expect(line(70)).toContain('基本支出477.62万元，占93.28%');
    expect(await rejects(replaceAll('占93.28%', '占93.29%', 1))).toEqual([
      {
        file: DOC,
        row: 70,
        column: 'check narrative.basic.share',
        expected: 'basic.share as the tables give it: 93.28',
        found: '“占93.29%”: 93.29',
      },
    ]);
  });

  it('a wrong name for a verified code is refused at its line; a different name for an unverified code is kept and noted', async () => {
    expect(cells(232).slice(0, 5)).toEqual(['201', '03', '01', '', '行政运行']);
    expect(loadCatalog(db).get('functional', '2010301')).toMatchObject({ name: '行政运行', verified: true });
    expect(await rejects(editLine(232, (text) => text.replace('行政运行', '行政运转')))).toEqual([
      {
        file: T03,
        row: 232,
        column: '单位（科目名称）',
        expected: 'the name of 2010301 in the code list, "行政运行" (verified)',
        found: '"行政运转"',
      },
    ]);

    // the seed prints no unverified code, so 03 (line 240) and 05 (line 312) put 住房公积金's spending
    // under 2210202 (提租补贴, not verified) with a name of their own
    expect(loadCatalog(db).get('functional', '2210202')).toMatchObject({ name: '提租补贴', verified: false });
    const result = await accepts(replaceAll('221\t02\t01\t\t住房公积金', '221\t02\t02\t\t住房提租补贴', 2));
    const note = {
      column: '单位（科目名称）',
      expected: 'the name of 2210202 in the code list, "提租补贴" (not verified)',
      found: '"住房提租补贴" (kept as the document prints it)',
    };
    expect(result.notes).toEqual([
      { file: T03, row: 240, ...note },
      { file: T05, row: 312, ...note },
    ]);
    expect(latestDisclosure().labels).toContainEqual({
      scheme: 'functional',
      code: '2210202',
      label: '住房提租补贴',
    });
    expect(await servedSubject('2210202')).toEqual({
      revision: 2,
      subject: {
        code: '2210202',
        name: '提租补贴',
        label: '住房提租补贴',
        level: 3,
        parent: { code: '22102' },
        total: { value: '22.69' },
      },
    });
  });

  it('a GBK file is refused, naming a line', async () => {
    const danwei = Buffer.from([0xb5, 0xa5, 0xce, 0xbb]); // 单位 in GBK
    const gbk = Buffer.concat([Buffer.from(`${LINES.slice(0, 5).join('\n')}\n`), danwei, Buffer.from('\n')]);
    const notUtf8 = {
      file: DOC,
      column: null,
      expected: 'UTF-8 text (the document as extracted)',
      found: 'bytes that are not UTF-8 (a GBK file? convert it to UTF-8)',
    };
    expect(await rejects(gbk)).toEqual([{ ...notUtf8, row: 6 }]);

    // a U+FFFD the text itself holds (valid UTF-8, as extraction prints an unknown glyph) on line 3,
    // the GBK bytes on line 10
    const replacement = Buffer.concat([
      Buffer.from(
        `${LINES.slice(0, 2).join('\n')}\n焦作市\uFFFD政务大数据中心\n${LINES.slice(3, 9).join('\n')}\n`,
      ),
      danwei,
      Buffer.from(`\n${LINES.slice(10).join('\n')}`),
    ]);
    // a U+FFFD the extraction printed is text; the first byte that is not UTF-8 is on line 10
    expect(await rejects(replacement)).toEqual([{ ...notUtf8, row: 10 }]);
  });

  it('an empty file, and a file of only whitespace, are refused', async () => {
    const empty = {
      file: DOC,
      row: null,
      column: null,
      expected: 'the text of a disclosure (narrative and the 14 tables)',
      found: 'an empty file',
    };
    expect(await rejects('')).toEqual([empty]);
    expect(await rejects(' \n\t\n\u3000\r\n')).toEqual([empty]);
  });

  it('a cover year that does not match the tables’ titles is refused', async () => {
    expect(line(4)).toBe('2024年度单位预算');
    expect(await rejects(editLine(4, () => '2023年度单位预算'))).toEqual([
      {
        file: DOC,
        row: 4,
        column: 'cover',
        expected: "the year the tables' titles name (2024年单位收支预算表 …)",
        found: '"2023年度单位预算"',
      },
    ]);
  });
});

describe('import takes what the code list lacks from the document', () => {
  it('a code the code list lacks: accepted with a note naming its line, and stored with the document’s name', async () => {
    // 2050803 培训支出 is printed in 03 (line 234) and 05 (line 306)
    expect([cells(234).slice(0, 5), cells(306).slice(0, 5)]).toEqual([
      ['205', '08', '03', '', '培训支出'],
      ['205', '08', '03', '', '培训支出'],
    ]);
    expect(loadCatalog(db).get('functional', '2050898')).toBeUndefined();
    const result = await accepts(replaceAll('205\t08\t03', '205\t08\t98', 2));
    const note = {
      file: T03,
      row: 234,
      column: '科目编码',
      expected: 'a 支出功能分类 code in the code list',
      found: '"2050898" (taken with the document\'s name "培训支出")',
    };
    expect(result.notes).toEqual([note]);
    expect(db.select().from(importNotes).all()).toEqual([{ id: 1, budgetId: result.budgetId, ...note }]);
    expect(latestDisclosure().declaredSubjects).toEqual([
      { scheme: 'functional', code: '2050898', name: '培训支出', level: 3, parentCode: '20508' },
    ]);
    expect(await servedSubject('2050898')).toEqual({
      revision: 2,
      subject: {
        code: '2050898',
        name: '培训支出',
        label: '培训支出',
        level: 3,
        parent: { code: '20508' },
        total: { value: '1.74' },
      },
    });
    // the code stays this disclosure's: the code list does not grow
    expect(loadCatalog(db).get('functional', '2050898')).toBeUndefined();
  });
});
