import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from '../src/db/disclosures.js';
import { type ImportOptions, importDisclosure } from '../src/importer/index.js';
import { ImportFailed, type ImportProblem } from '../src/importer/problems.js';
import { writeTableFolder } from '../src/importer/table-folder.js';
import { seededMemoryDatabase, tempDir } from './support/database.js';
import { databaseState } from './support/import.js';

/*
 * Each test starts from the seed budget exported as an import folder (valid: it imports),
 * breaks one thing, and shows that the import names exactly what is wrong and writes nothing.
 */

let db: Db;
beforeEach(() => {
  db = seededMemoryDatabase();
});

/** Writes a stored budget as the import folder, into a fresh temporary folder. */
function exportFolder(unit = '122201', year = 2024): string {
  const budget = findBudget(db, unit, year)!;
  const disclosure = loadDisclosures(db, [budget.id]).get(budget.id)!;
  const dir = tempDir('yusuan-broken-');
  writeTableFolder(disclosure, loadCatalog(db).with(disclosure.declaredSubjects), dir);
  return dir;
}

/** Changes one file of a folder; the change must actually change something. */
function breakFile(dir: string, file: string, change: (text: string) => string): void {
  const target = path.join(dir, file);
  const text = fs.readFileSync(target, 'utf8');
  const changed = change(text);
  expect(changed, `the change to ${file}`).not.toBe(text);
  fs.writeFileSync(target, changed);
}

/** Imports what must be refused: returns the problems, having checked that nothing was written. */
async function rejects(target: string, options: ImportOptions = {}): Promise<ImportProblem[]> {
  const before = databaseState(db);
  const error = await importDisclosure(db, target, options).then(
    () => null,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ImportFailed);
  expect(databaseState(db)).toEqual(before);
  return (error as ImportFailed).problems;
}

/** The one-workbook XLSX the feed publishes for the seed budget, as a file. */
async function publishedWorkbook(): Promise<string> {
  const app = createApp({ db, config: loadConfig({}) });
  const response = await app.fetch(new Request('http://yusuan/opendata/410800/2024/122201.xlsx'));
  expect(response.status).toBe(200);
  const file = path.join(tempDir(), '122201-2024.xlsx');
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

const NOT_UTF8 = { column: null, expected: 'UTF-8 text', found: 'bytes that are not UTF-8 text' };

describe('import refuses files it cannot read', () => {
  it('a missing table file', async () => {
    const dir = exportFolder();
    fs.rmSync(path.join(dir, '07.csv'));
    expect(await rejects(dir)).toEqual([
      { file: '07.csv', row: null, column: null, expected: 'the file to exist', found: 'no such file' },
    ]);
  });

  it('an empty file', async () => {
    const dir = exportFolder();
    fs.writeFileSync(path.join(dir, '09.csv'), '');
    expect(await rejects(dir)).toEqual([
      {
        file: '09.csv',
        row: null,
        column: null,
        expected: 'the header rows and rows of the table',
        found: 'an empty file',
      },
    ]);
  });

  it('a file holding only a byte order mark', async () => {
    const dir = exportFolder();
    fs.writeFileSync(path.join(dir, '10.csv'), '\uFEFF');
    expect(await rejects(dir)).toEqual([
      {
        file: '10.csv',
        row: null,
        column: null,
        expected: 'the header rows and rows of the table',
        found: 'an empty file',
      },
    ]);
  });

  it('binary junk (bytes with NUL)', async () => {
    const dir = exportFolder();
    const junk = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) % 256));
    expect(junk.includes(0)).toBe(true);
    fs.writeFileSync(path.join(dir, '09.csv'), junk);
    expect(await rejects(dir)).toEqual([{ file: '09.csv', row: 1, ...NOT_UTF8 }]);
  });

  it('a cell in GBK inside an otherwise ASCII CSV, located by its row', async () => {
    const dir = exportFolder();
    const heji = Buffer.from([0xba, 0xcf, 0xbc, 0xc6]); // 合计 in GBK
    fs.writeFileSync(
      path.join(dir, '09.csv'),
      Buffer.concat([Buffer.from('a,b\r\n1.00,2.00\r\n'), heji, Buffer.from(',3.00\r\n')]),
    );
    expect(await rejects(dir)).toEqual([{ file: '09.csv', row: 3, ...NOT_UTF8 }]);
  });

  it('a CSV that is not RFC 4180: a quote never closed, located where it opens', async () => {
    const dir = exportFolder();
    breakFile(dir, '05.csv', (s) => s.replace('201,03,01,,行政运行,', '201,03,01,,"行政运行,'));
    expect(await rejects(dir)).toEqual([
      {
        file: '05.csv',
        row: 6,
        column: null,
        expected: 'RFC 4180 CSV',
        found: 'a quote (") that opens a cell and is never closed',
      },
    ]);
  });

  it('a path that is no disclosure at all, or nothing', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'notes.txt'), '预算说明');
    const expected =
      'a disclosure document (.txt), a table folder (manifest.json with 01.csv … 14.csv) or an .xlsx workbook';
    expect(await rejects(dir)).toEqual([
      { file: path.basename(dir), row: null, column: null, expected, found: 'neither' },
    ]);
    expect(await rejects(path.join(dir, 'nowhere'))).toEqual([
      { file: 'nowhere', row: null, column: null, expected, found: 'no such file or folder' },
    ]);
  });

  it('a file named .xlsx that is not a workbook', async () => {
    const file = path.join(tempDir(), 'budget.xlsx');
    fs.writeFileSync(file, '单位,金额\r\n122201,512.02\r\n');
    expect(await rejects(file)).toEqual([
      {
        file: 'budget.xlsx',
        row: null,
        column: null,
        expected: 'an .xlsx workbook',
        found: expect.stringMatching(/^a file that cannot be opened as one \(.*zip/),
      },
    ]);
  });
});

describe('import refuses a wrong manifest', () => {
  it('a missing manifest.json', async () => {
    const dir = exportFolder();
    fs.rmSync(path.join(dir, 'manifest.json'));
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: null,
        column: null,
        expected: 'the file to exist',
        found: 'no such file',
      },
    ]);
  });

  it('a missing manifest given for a workbook', async () => {
    const manifest = path.join(tempDir(), 'manifest.json');
    expect(await rejects(await publishedWorkbook(), { manifest })).toEqual([
      {
        file: 'manifest.json',
        row: null,
        column: null,
        expected: 'the file to exist',
        found: 'no such file',
      },
    ]);
  });

  it('a manifest that is not JSON, located by its line', async () => {
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) => s.replace('"year": 2024,', '"year": 2024'));
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: 6, // the parser stops at "stage", the line after the missing comma
        column: null,
        expected: 'a readable JSON object',
        found: expect.stringMatching(/^Expected ',' or '}' after property value in JSON/),
      },
    ]);
  });

  it('a year that is not an integer', async () => {
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) => s.replace('"year": 2024,', '"year": "2024年",'));
    expect(await rejects(dir)).toEqual([
      { file: 'manifest.json', row: null, column: 'year', expected: 'an integer', found: '"2024年"' },
    ]);
  });

  it('a year other than the one its title names', async () => {
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) => s.replace('"year": 2024,', '"year": 2023,'));
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: null,
        column: 'year',
        expected: '2024, the year the title names ("焦作市政务大数据中心2024年度单位预算")',
        found: '2023',
      },
    ]);
  });

  it('a stage that is not one Yusuan knows', async () => {
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) => s.replace('"stage": "budget"', '"stage": "draft"'));
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: null,
        column: 'stage',
        expected: 'one of budget, final',
        found: '"draft"',
      },
    ]);
  });

  it('a prior-year amount with a thousands separator', async () => {
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) => s.replace('"amount": "174.15"', '"amount": "1,174.15"'));
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: 1,
        column: 'priorYear.amount',
        expected: 'an amount in 万元 with at most two decimals',
        found: '"1,174.15"',
      },
    ]);
  });

  it('a declared code whose name disagrees with the code list (and only that)', async () => {
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) =>
      s.replace(
        '"subjects": []',
        '"subjects": [{ "scheme": "functional", "code": "2010301", "name": "行政运转" }]',
      ),
    );
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: 1,
        column: 'subjects.name',
        expected: 'the name of 2010301 in the code list, "行政运行"',
        found: '"行政运转"',
      },
    ]);
  });

  it('a unit code that is not the unit in 02', async () => {
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) => s.replace('"code": "122201"', '"code": "122202"'));
    expect(await rejects(dir)).toEqual([
      {
        file: '02.csv',
        row: null,
        column: '单位代码',
        expected: "a row for unit 122202 (the manifest's unit)",
        found: 'none',
      },
    ]);
  });

  it('a department code that is not the department in 02', async () => {
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) => s.replace('"code": "122",', '"code": "123",'));
    expect(await rejects(dir)).toEqual([
      {
        file: '02.csv',
        row: null,
        column: '单位代码',
        expected: "a row for department 123 (the manifest's department)",
        found: 'none',
      },
    ]);
  });
});

describe('import refuses a table out of layout', () => {
  it('an extra column in a data row', async () => {
    const dir = exportFolder();
    breakFile(dir, '06.csv', (s) => s.replace('30201,办公费,50201,办公经费,1.00,,1.00', '$&,'));
    expect(await rejects(dir)).toEqual([
      { file: '06.csv', row: 14, column: null, expected: "7 cells (the layout's columns)", found: '8' },
    ]);
  });

  it('a data row with a missing cell', async () => {
    const dir = exportFolder();
    breakFile(dir, '06.csv', (s) =>
      s.replace('30201,办公费,50201,办公经费,1.00,,1.00', '30201,办公费,50201,办公经费,1.00,1.00'),
    );
    expect(await rejects(dir)).toEqual([
      { file: '06.csv', row: 14, column: null, expected: "7 cells (the layout's columns)", found: '6' },
    ]);
  });

  it('a header row shifted one cell right', async () => {
    const dir = exportFolder();
    breakFile(dir, '13.csv', (s) => s.replace('部门预算支出经济分类科目,,机关', ',$&'));
    expect(await rejects(dir)).toEqual([
      {
        file: '13.csv',
        row: 1,
        column: 'header',
        expected: 'header row 1 "部门预算支出经济分类科目,,机关（机构）运行经费支出"',
        found: '",部门预算支出经济分类科目,,机关（机构）运行经费支出"',
      },
    ]);
  });

  it('a wrong header label', async () => {
    const dir = exportFolder();
    breakFile(dir, '09.csv', (s) => s.replace('因公出国（境）费', '出国费'));
    expect(await rejects(dir)).toEqual([
      {
        file: '09.csv',
        row: 1,
        column: 'header',
        expected: 'header row 1 "“三公”经费合计,因公出国（境）费,公务用车购置及运行费,,,公务接待费"',
        found: '"“三公”经费合计,出国费,公务用车购置及运行费,,,公务接待费"',
      },
    ]);
  });
});

describe('import refuses codes and names the code list does not have', () => {
  it('an unknown functional code, in 05 and 03 alike', async () => {
    const dir = exportFolder();
    for (const file of ['05.csv', '03.csv'])
      breakFile(dir, file, (s) => s.replace('201,03,01,,行政运行', '201,03,77,,行政运行'));
    const expected = "a 支出功能分类 code in the code list (or declared in the manifest's subjects)";
    expect(await rejects(dir)).toEqual([
      { file: '03.csv', row: 6, column: '科目编码', expected, found: '"2010377"' },
      { file: '05.csv', row: 6, column: '科目编码', expected, found: '"2010377"' },
    ]);
  });

  it('an unknown economic code in 13', async () => {
    const dir = exportFolder();
    breakFile(dir, '13.csv', (s) => s.replace('30202,印刷费', '30298,印刷费'));
    expect(await rejects(dir)).toEqual([
      {
        file: '13.csv',
        row: 5,
        column: '科目编码',
        expected: "a 部门预算支出经济分类 code in the code list (or declared in the manifest's subjects)",
        found: '"30298"',
      },
    ]);
  });

  it('a functional code that is not 类 + 款 + 项', async () => {
    const dir = exportFolder();
    for (const file of ['05.csv', '03.csv'])
      breakFile(dir, file, (s) => s.replace('201,03,01,,行政运行', '201,3,01,,行政运行'));
    const problems = await rejects(dir);
    for (const file of ['05.csv', '03.csv'])
      expect(problems).toContainEqual({
        file,
        row: 6,
        column: '科目编码',
        expected: 'a 类/款/项 code (3 + 2 + 2 digits)',
        found: '"201301"',
      });
  });

  it('a wrong name for a code, reported where it is wrong and nowhere else', async () => {
    const dir = exportFolder();
    breakFile(dir, '05.csv', (s) => s.replace('201,03,01,,行政运行', '201,03,01,,行政运转'));
    expect(await rejects(dir)).toEqual([
      {
        file: '05.csv',
        row: 6,
        column: '单位（科目名称）',
        expected: 'the name of 2010301 in the code list, "行政运行" (verified)',
        found: '"行政运转"',
      },
    ]);
  });
});

describe('import refuses amounts that are not budget amounts', () => {
  it('three decimals', async () => {
    const dir = exportFolder();
    breakFile(dir, '05.csv', (s) => s.replace('201,03,01,,行政运行,383.36,', '201,03,01,,行政运行,383.365,'));
    expect(await rejects(dir)).toEqual([
      {
        file: '05.csv',
        row: 6,
        column: '合计',
        expected: 'an amount in 万元 with at most two decimals',
        found: '"383.365"',
      },
    ]);
  });

  it('a thousands separator ("1,000.00")', async () => {
    const dir = exportFolder();
    breakFile(dir, '05.csv', (s) =>
      s.replace('201,03,01,,行政运行,383.36,', '201,03,01,,行政运行,"1,000.00",'),
    );
    expect(await rejects(dir)).toEqual([
      {
        file: '05.csv',
        row: 6,
        column: '合计',
        expected: 'an amount in 万元 without thousands separators ("1000.00")',
        found: '"1,000.00"',
      },
    ]);
  });

  it('a negative amount', async () => {
    const dir = exportFolder();
    breakFile(dir, '06.csv', (s) =>
      s.replace('30201,办公费,50201,办公经费,1.00,,1.00', '30201,办公费,50201,办公经费,-1.00,,-1.00'),
    );
    const expected = 'a non-negative amount in 万元';
    expect(await rejects(dir)).toEqual([
      { file: '06.csv', row: 14, column: '本年一般公共预算基本支出 › 合计', expected, found: '"-1.00"' },
      { file: '06.csv', row: 14, column: '本年一般公共预算基本支出 › 公用经费', expected, found: '"-1.00"' },
    ]);
  });
});

describe('import refuses tables that do not agree', () => {
  const total = (dir: string, published: string) =>
    breakFile(dir, '05.csv', (s) => s.replace(',,,,合计,512.02,', `,,,,合计,${published},`));

  it('a total 0.01 off: refused, accepted with --allow-rounding and recorded', async () => {
    const dir = exportFolder();
    total(dir, '512.03');
    const problem = { file: '05.csv', row: 4, column: '合计', expected: '512.02', found: '512.03' };
    expect(await rejects(dir)).toEqual([problem]);
    const result = await importDisclosure(db, dir, { allowRounding: true });
    expect(result.notes).toEqual([problem]);
  });

  it('a total 10.00 off: refused even with --allow-rounding', async () => {
    const dir = exportFolder();
    total(dir, '522.02');
    const problem = { file: '05.csv', row: 4, column: '合计', expected: '512.02', found: '522.02' };
    expect(await rejects(dir)).toEqual([problem]);
    expect(await rejects(dir, { allowRounding: true })).toEqual([problem]);
  });

  it('a duplicate row', async () => {
    const dir = exportFolder();
    breakFile(dir, '06.csv', (s) => s.replace('30201,办公费,50201,办公经费,1.00,,1.00\r\n', '$&$&'));
    expect(await rejects(dir)).toEqual([
      {
        file: '06.csv',
        row: 15,
        column: null,
        expected: 'no duplicate of row 14',
        found: 'the same cells again',
      },
    ]);
  });

  it('a department code in 05 other than the one in 02 and the manifest', async () => {
    const dir = exportFolder();
    breakFile(dir, '05.csv', (s) => s.replace(',,,122,政务服务和大数据局', ',,,123,政务服务和大数据局'));
    expect(await rejects(dir)).toEqual([
      { file: '05.csv', row: 5, column: '单位代码', expected: '"122"', found: '"123"' },
    ]);
  });

  it('a unit name in 12 other than the unit’s', async () => {
    const dir = exportFolder();
    breakFile(dir, '12.csv', (s) =>
      s.replace('信息采集加工费,焦作市政务大数据中心', '信息采集加工费,焦作市大数据中心'),
    );
    expect(await rejects(dir)).toEqual([
      {
        file: '12.csv',
        row: 5,
        column: '项目单位',
        expected: '"焦作市政务大数据中心"',
        found: '"焦作市大数据中心"',
      },
    ]);
  });

  it('a changed project amount whose totals and 14 were left as they were', async () => {
    const dir = exportFolder();
    breakFile(dir, '12.csv', (s) =>
      s.replace(
        '信息采集加工费,焦作市政务大数据中心,0.80,0.80',
        '信息采集加工费,焦作市政务大数据中心,0.90,0.90',
      ),
    );
    const problems = await rejects(dir);
    expect(problems.map((p) => [p.file, p.row, p.column, p.expected, p.found])).toEqual([
      ['12.csv', 3, '合计', '34.50', '34.40'],
      ['12.csv', 3, '本年拨款 › 一般公共预算', '34.50', '34.40'],
      ['12.csv', 4, '合计', '34.50', '34.40'],
      ['12.csv', 4, '本年拨款 › 一般公共预算', '34.50', '34.40'],
      ['14.csv', 4, '项目金额(万元) › 资金总额', '34.50', '34.40'],
      ['14.csv', 4, '项目金额(万元) › 政府预算资金', '34.50', '34.40'],
      ['14.csv', 5, '项目金额(万元) › 资金总额', '0.90', '0.80'],
      ['14.csv', 5, '项目金额(万元) › 政府预算资金', '0.90', '0.80'],
    ]);
  });

  it('a workbook whose titles say 2024 with a manifest saying 2023', async () => {
    const workbook = await publishedWorkbook();
    const dir = exportFolder();
    breakFile(dir, 'manifest.json', (s) =>
      s.replace('"year": 2024,', '"year": 2023,').replace('中心2024年度单位预算', '中心2023年度单位预算'),
    );
    const problems = await rejects(workbook, { manifest: path.join(dir, 'manifest.json') });
    expect(problems).toHaveLength(14);
    expect(problems.every((p) => p.row === 1 && p.column === 'title')).toBe(true);
    expect(problems).toContainEqual({
      file: '122201-2024.xlsx › 05 一般公共预算支出预算表',
      row: 1,
      column: 'title',
      expected: '"2023年一般公共预算支出预算表"',
      found: '"2024年一般公共预算支出预算表"',
    });
  });

  it('a cross-table check: 09 公务接待费 not what 06 budgets for 30217', async () => {
    const dir = exportFolder();
    breakFile(dir, '09.csv', (s) => s.replace('4.00,,3.00,,3.00,1.00', '5.00,,3.00,,3.00,2.00'));
    const problems = await rejects(dir);
    expect(problems.map((p) => p.column)).toEqual([
      'check 09-06.items (30217 公务接待费)',
      'check narrative.threePublic.total',
      'check narrative.threePublic.total.change.delta',
      'check narrative.threePublic.total.change.percent',
      'check narrative.threePublic.reception',
      'check narrative.threePublic.reception.change.delta',
    ]);
    expect(problems[0]).toEqual({
      file: path.basename(dir),
      row: null,
      column: 'check 09-06.items (30217 公务接待费)',
      expected:
        '09 each “三公” item = its economic line (30212 因公出国（境）费, 31013 公务用车购置, 30231 公务用车运行维护费, 30217 公务接待费) in 06/08: 1.00',
      found: '2.00',
    });
    expect(problems[4]).toEqual({
      file: path.basename(dir),
      row: null,
      column: 'check narrative.threePublic.reception',
      expected: 'threePublic.reception as the tables give it: 2.00',
      found: '“公务接待费 1万元”: 1',
    });
  });
});

describe('import refuses projects and detail lines it cannot place', () => {
  it('an unknown project type in 12', async () => {
    const dir = exportFolder();
    breakFile(dir, '12.csv', (s) => s.replace('其他运转类,信息采集加工费', '运转类,信息采集加工费'));
    expect(await rejects(dir)).toEqual([
      { file: '12.csv', row: 5, column: '类型', expected: '其他运转类 or 特定目标类', found: '"运转类"' },
    ]);
  });

  it('an indicator value without a name in 14', async () => {
    const dir = exportFolder();
    breakFile(dir, '14.csv', (s) => s.replace(',,,,,,,,信息产生发布,≤24小时', ',,,,,,,,,≤24小时'));
    expect(await rejects(dir)).toEqual([
      {
        file: '14.csv',
        row: 6,
        column: '绩效目标 › 产出指标 › 三级指标',
        expected: 'an indicator name with its value',
        found: 'a value "≤24小时" without a name',
      },
    ]);
  });

  it('14 listing fewer projects than 12', async () => {
    const dir = exportFolder();
    breakFile(dir, '14.csv', (s) => s.slice(0, s.indexOf('410800240000000039650')));
    expect(await rejects(dir)).toEqual([
      { file: '14.csv', row: null, column: null, expected: '5 projects, as in 12', found: '4' },
    ]);
  });

  it('an unknown 类型 in 07', async () => {
    const dir = exportFolder();
    breakFile(dir, '07.csv', (s) =>
      s.replace(',公用经费,在职人员定额公用经费（行政）', ',公用开支,在职人员定额公用经费（行政）'),
    );
    expect(await rejects(dir)).toEqual([
      { file: '07.csv', row: 43, column: '类型', expected: '人员类 or 公用经费', found: '"公用开支"' },
    ]);
  });

  it('a 05 without the row 03 shows for 2210201', async () => {
    const dir = exportFolder();
    breakFile(dir, '05.csv', (s) => s.slice(0, s.indexOf('221,02,01')));
    expect(await rejects(dir)).toEqual([
      {
        file: '03.csv',
        row: 14,
        column: '工资福利支出',
        expected: '0.00 (05 + 10 + 11), or income from a source they do not cover (02)',
        found: '22.69',
      },
    ]);
  });
});

describe('manifest fields stored as facts are checked like the tables', () => {
  const editManifest = (dir: string, change: (manifest: Record<string, any>) => void) =>
    breakFile(dir, 'manifest.json', (text) => {
      const manifest = JSON.parse(text);
      change(manifest);
      return JSON.stringify(manifest, null, 2);
    });

  it('a profile field of the wrong type', async () => {
    const dir = exportFolder();
    editManifest(dir, (m) => {
      m.unit.staffingQuota = 'lots';
      m.unit.duties = 'many';
    });
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: null,
        column: 'staffingQuota',
        expected: 'a whole number (or nothing)',
        found: '"lots"',
      },
      { file: 'manifest.json', row: null, column: 'duties', expected: 'a list of texts', found: '"many"' },
    ]);
  });

  it('a narrative figure that is not a number, and a metric stated twice', async () => {
    const dir = exportFolder();
    editManifest(dir, (m) => {
      m.narrative[0].value = 'five hundred';
      m.narrative.push({ ...m.narrative[1] });
    });
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: 61,
        column: 'narrative.metric',
        expected: 'no other entry for total.change.delta (entry 2 has it)',
        found: 'a second one',
      },
      {
        file: 'manifest.json',
        row: 1,
        column: 'narrative.value',
        expected: 'a number as the narrative states it ("93.28")',
        found: '"five hundred"',
      },
    ]);
  });

  it('a prior-year figure stated twice, and a negative one', async () => {
    const dir = exportFolder();
    editManifest(dir, (m) => {
      m.priorYear.push({ ...m.priorYear[0] });
      m.priorYear[1].amount = '-147.57';
    });
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: 12,
        column: 'priorYear',
        expected:
          'no other entry for total / 焦作市人民政府电子政务管理中心(焦作市云计算服务中心) (entry 1 has it)',
        found: 'a second one',
      },
      {
        file: 'manifest.json',
        row: 2,
        column: 'priorYear.amount',
        expected: 'a non-negative amount in 万元',
        found: '"-147.57"',
      },
    ]);
  });

  it('a project filed under a 项 that has no project spending of its type, or under no code at all', async () => {
    const dir = exportFolder();
    editManifest(dir, (m) => {
      m.projectSubjects['410800220000000035869'] = '2010301';
      m.projectSubjects['410800220000000035873'] = 'garbage';
    });
    expect(await rejects(dir)).toEqual([
      {
        file: 'manifest.json',
        row: null,
        column: 'projectSubjects.410800220000000035873',
        expected: 'a functional 项 code (7 digits)',
        found: '"garbage"',
      },
      {
        file: '12.csv',
        row: 5,
        column: '项目名称',
        expected: 'a functional 项 with 其他运转类 spending in 03 for "信息采集加工费" (2010302)',
        found: 'projectSubjects says 2010301',
      },
      {
        file: '12.csv',
        row: 6,
        column: '项目名称',
        expected: 'a functional 项 with 其他运转类 spending in 03 for "政府信息公开工作经费" (2010302)',
        found: 'projectSubjects says garbage',
      },
    ]);
  });
});

it('the unbroken export imports (the starting point of every case above is valid)', async () => {
  const result = await importDisclosure(db, exportFolder());
  expect([result.unitCode, result.created, result.checks.failed]).toEqual(['122201', false, 0]);
});
