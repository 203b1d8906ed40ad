import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from '../src/db/disclosures.js';
import { diffTables } from '../src/disclosure/diff.js';
import { renderDisclosure } from '../src/disclosure/render.js';
import { importDisclosure } from '../src/importer/index.js';
import { writeTableFolder } from '../src/importer/table-folder.js';
import { emptyDatabase, seededMemoryDatabase, tempDir } from './support/database.js';
import { graphqlClient } from './support/graphql.js';
import { databaseState, folderBytes, SYNTHETIC_FOLDER } from './support/import.js';

let db: Db;
beforeEach(() => {
  db = seededMemoryDatabase();
});

/** Writes a stored budget as the import folder, into a fresh temporary folder. */
function exportFolder(unit: string, year = 2024, revision?: number): string {
  const budget = findBudget(db, unit, year, revision)!;
  const disclosure = loadDisclosures(db, [budget.id]).get(budget.id)!;
  const dir = tempDir('yusuan-export-');
  writeTableFolder(disclosure, loadCatalog(db).with(disclosure.declaredSubjects), dir);
  return dir;
}

function edit(file: string, change: (text: string) => string) {
  fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
}

describe('import: round trips', () => {
  it('export → import → export of the seed budget is the identity, byte for byte', async () => {
    const first = exportFolder('122201');
    // into a database that has never seen it: the facts are rebuilt from the files alone
    const fresh = emptyDatabase();
    const result = await importDisclosure(fresh, first);
    expect([result.created, result.revision, result.checks.failed]).toEqual([true, 1, 0]);
    const budget = findBudget(fresh, '122201', 2024)!;
    const second = tempDir();
    writeTableFolder(loadDisclosures(fresh, [budget.id]).get(budget.id)!, loadCatalog(fresh), second);
    expect(folderBytes(second)).toEqual(folderBytes(first));
    expect(Object.keys(folderBytes(first))).toEqual([
      '01.csv',
      '02.csv',
      '03.csv',
      '04.csv',
      '05.csv',
      '06.csv',
      '07.csv',
      '08.csv',
      '09.csv',
      '10.csv',
      '11.csv',
      '12.csv',
      '13.csv',
      '14.csv',
      'manifest.json',
    ]);
    // and into the database it came from, it is the revision already stored
    expect((await importDisclosure(db, first)).created).toBe(false);
  });

  it('a synthetic unit of another department, with 政府性基金, 国有资本 and 特定目标类 money and a 资本性支出 line, imports and round-trips', async () => {
    const result = await importDisclosure(db, SYNTHETIC_FOLDER);
    expect([result.unitCode, result.created, result.revision]).toEqual(['900101', true, 1]);
    const first = exportFolder('900101');
    const again = await importDisclosure(db, first);
    expect([again.created, again.revision]).toEqual([false, 1]);
    expect(folderBytes(exportFolder('900101'))).toEqual(folderBytes(first));
    const csv = (no: string) => fs.readFileSync(path.join(first, `${no}.csv`), 'utf8').split('\r\n');
    expect(csv('10').slice(3, 6)).toEqual([
      ',,,,合计,30.00,,,,,,30.00,,30.00',
      ',,,900,合成市示范局,30.00,,,,,,30.00,,30.00',
      '212,08,01,,征地和拆迁补偿支出,30.00,,,,,,30.00,,30.00',
    ]);
    expect(csv('11')[5]).toBe('223,01,99,,其他解决历史遗留问题及改革成本支出,5.00,,,,,,5.00,,5.00');
    expect(csv('05')[5]).toBe('201,03,01,,行政运行,70.00,70.00,50.00,,15.00,5.00,,,');
  });

  it('a code one disclosure declares stays that disclosure’s: the code list does not grow, another import must declare it too', async () => {
    await importDisclosure(db, SYNTHETIC_FOLDER);
    expect(loadCatalog(db).get('functional', '2230199')).toBeUndefined();
    const dir = exportFolder('900101');
    edit(path.join(dir, 'manifest.json'), (text) => {
      const manifest = JSON.parse(text);
      manifest.subjects = manifest.subjects.filter((s: { code: string }) => !s.code.startsWith('22301'));
      return JSON.stringify(manifest);
    });
    await expect(importDisclosure(db, dir)).rejects.toMatchObject({
      problems: expect.arrayContaining([
        {
          file: '11.csv',
          row: 6,
          column: '科目编码',
          expected: "a 支出功能分类 code in the code list (or declared in the manifest's subjects)",
          found: '"2230199"',
        },
      ]),
    });
  });

  it('a detail line whose name a spreadsheet would run as a formula round-trips as it is', async () => {
    const dir = tempDir();
    fs.cpSync(SYNTHETIC_FOLDER, dir, { recursive: true });
    edit(path.join(dir, '07.csv'), (text) => text.replace(',规范性津贴补贴,', ',+其他补贴,'));
    await importDisclosure(db, dir);
    const first = exportFolder('900101');
    expect(fs.readFileSync(path.join(first, '07.csv'), 'utf8')).toContain(",'+其他补贴,");
    const again = await importDisclosure(db, first);
    expect([again.created, again.revision]).toEqual([false, 1]);
  });

  it('serves the synthetic unit through GraphQL and the download feed', async () => {
    await importDisclosure(db, SYNTHETIC_FOLDER);
    const graphql = graphqlClient(db);
    const { data, errors } =
      await graphql(`{ unit(code: "900101") { name parent { code name } budget(year: 2024) {
      total { value change { previous percent } } basic { value share }
      byFund { fund amount { value } }
      subjects(scheme: FUNCTIONAL) { code name total { value } }
      projects { name category functionalSubject { code name } }
      table(no: 10) { empty rows { cells } }
      checks { passed } } } }`);
    expect(errors).toBeUndefined();
    const b = data.unit.budget;
    expect([data.unit.name, data.unit.parent]).toEqual([
      '合成市示范服务中心',
      { code: '900', name: '合成市示范局' },
    ]);
    expect(b.total).toEqual({ value: '135.00', change: { previous: '120.00', percent: '12.50' } });
    expect(b.basic).toEqual({ value: '80.00', share: '59.26' });
    expect(b.byFund).toEqual([
      { fund: 'GENERAL_PUBLIC', amount: { value: '100.00' } },
      { fund: 'GOVERNMENT_FUND', amount: { value: '30.00' } },
      { fund: 'STATE_CAPITAL', amount: { value: '5.00' } },
    ]);
    expect(b.subjects.map((s: any) => [s.code, s.total.value])).toEqual([
      ['201', '90.00'],
      ['208', '10.00'],
      ['212', '30.00'],
      ['223', '5.00'],
    ]);
    expect(
      b.projects.map((p: any) => [p.name, p.category, p.functionalSubject.code, p.functionalSubject.name]),
    ).toEqual([
      ['日常运转保障', 'OPERATION', '2010302', '一般行政管理事务'],
      ['示范片区征收补偿', 'SPECIFIC', '2120801', '征地和拆迁补偿支出'],
      ['改制企业改革成本补助', 'SPECIFIC', '2230199', '其他解决历史遗留问题及改革成本支出'],
    ]);
    expect(b.table.empty).toBe(false);
    expect(b.checks.every((c: any) => c.passed)).toBe(true);
    const app = createApp({ db, config: loadConfig({}) });
    const response = await app.fetch(new Request('http://yusuan/opendata/410900/2024/900101/11.csv'));
    expect(response.status).toBe(200);
    expect((await response.text()).split('\r\n')[5]).toBe(
      '223,01,99,,其他解决历史遗留问题及改革成本支出,5.00,,,,,,5.00,,5.00',
    );
  });

  it('gives each subject of the synthetic unit its spending by source of funds', async () => {
    await importDisclosure(db, SYNTHETIC_FOLDER);
    const { data, errors } = await graphqlClient(db)(`{ unit(code: "900101") { budget(year: 2024) {
      functional: subjects(scheme: FUNCTIONAL) { code byFund { fund amount { value share } } }
      economic: subject(scheme: ECONOMIC_DEPARTMENT, code: "30299") { byFund { fund amount { value } } } } } }`);
    expect(errors).toBeUndefined();
    expect(data.unit.budget.functional).toEqual([
      { code: '201', byFund: [{ fund: 'GENERAL_PUBLIC', amount: { value: '90.00', share: '66.67' } }] },
      { code: '208', byFund: [{ fund: 'GENERAL_PUBLIC', amount: { value: '10.00', share: '7.41' } }] },
      { code: '212', byFund: [{ fund: 'GOVERNMENT_FUND', amount: { value: '30.00', share: '22.22' } }] },
      { code: '223', byFund: [{ fund: 'STATE_CAPITAL', amount: { value: '5.00', share: '3.70' } }] },
    ]);
    expect(data.unit.budget.economic.byFund).toEqual([
      { fund: 'GOVERNMENT_FUND', amount: { value: '30.00' } },
      { fund: 'STATE_CAPITAL', amount: { value: '5.00' } },
    ]);
  });

  it('imports the one-workbook XLSX the feed publishes', async () => {
    const app = createApp({ db, config: loadConfig({}) });
    const response = await app.fetch(new Request('http://yusuan/opendata/410800/2024/122201.xlsx'));
    expect(response.status).toBe(200);
    const dir = tempDir();
    const workbook = path.join(dir, '122201-2024.xlsx');
    fs.writeFileSync(workbook, Buffer.from(await response.arrayBuffer()));
    const manifest = path.join(exportFolder('122201'), 'manifest.json');
    const result = await importDisclosure(db, workbook, { manifest });
    expect([result.created, result.revision]).toEqual([false, 1]);
    // without its manifest the workbook lacks the unit's details: refused, not stored with less
    await expect(importDisclosure(db, workbook)).rejects.toThrow(/--manifest <file> supplies them/);
  });
});

describe('import: revisions', () => {
  it('a changed disclosure becomes revision 2; the latest is served, revision 1 stays, and the changed cells are listed', async () => {
    const dir = exportFolder('122201');
    edit(path.join(dir, '12.csv'), (s) =>
      s
        .replace(
          '网络及网站建设维护,焦作市政务大数据中心,12.30,12.30',
          '网络及网站建设维护,焦作市政务大数据中心,12.00,12.00',
        )
        .replace(
          '西厅水、电、物业费用,焦作市政务大数据中心,10.00,10.00',
          '西厅水、电、物业费用,焦作市政务大数据中心,10.30,10.30',
        ),
    );
    edit(path.join(dir, '14.csv'), (s) =>
      s
        .replace('网络及网站建设维护,12.30,12.30', '网络及网站建设维护,12.00,12.00')
        .replace('西厅水、电、物业费用,10.00,10.00', '西厅水、电、物业费用,10.30,10.30'),
    );
    edit(path.join(dir, 'manifest.json'), (s) => s.replace('"value": "12.3"', '"value": "12.00"'));
    const result = await importDisclosure(db, dir);
    expect([result.created, result.revision]).toEqual([true, 2]);

    const graphql = graphqlClient(db);
    const { data } = await graphql(`{ unit(code: "122201") {
      latest: budget(year: 2024) { revision projects { name amount { value } } }
      first: budget(year: 2024, revision: 1) { revision projects { name amount { value } } }
      budgets { revision }
      changes: budget(year: 2024) { changesFrom(revision: 1) { table row column before after } } } }`);
    expect(data.unit.budgets).toEqual([{ revision: 1 }, { revision: 2 }]);
    expect(data.unit.latest.projects[2].amount.value).toBe('12.00');
    expect(data.unit.first.projects[2].amount.value).toBe('12.30');
    expect(data.unit.changes.changesFrom).toEqual([
      {
        table: 12,
        row: '其他运转类 网络及网站建设维护 焦作市政务大数据中心',
        column: '合计',
        before: '12.30',
        after: '12.00',
      },
      {
        table: 12,
        row: '其他运转类 网络及网站建设维护 焦作市政务大数据中心',
        column: '本年拨款 › 一般公共预算',
        before: '12.30',
        after: '12.00',
      },
      {
        table: 12,
        row: '其他运转类 西厅水、电、物业费用 焦作市政务大数据中心',
        column: '合计',
        before: '10.00',
        after: '10.30',
      },
      {
        table: 12,
        row: '其他运转类 西厅水、电、物业费用 焦作市政务大数据中心',
        column: '本年拨款 › 一般公共预算',
        before: '10.00',
        after: '10.30',
      },
      {
        table: 14,
        row: '410800230000000011631 网络及网站建设维护 网络、网站正常运转率 ≥350天 对工作效率、管理和决策支持的改善或提升程 明显 直接服务对象满意度 ≥95%',
        column: '项目金额(万元) › 资金总额',
        before: '12.30',
        after: '12.00',
      },
      {
        table: 14,
        row: '410800230000000011631 网络及网站建设维护 网络、网站正常运转率 ≥350天 对工作效率、管理和决策支持的改善或提升程 明显 直接服务对象满意度 ≥95%',
        column: '项目金额(万元) › 政府预算资金',
        before: '12.30',
        after: '12.00',
      },
      {
        table: 14,
        row: '410800240000000039645 西厅水、电、物业费用 缴纳时限 及时 政务服务保障水平的改善或提高程 明显 办事群众满意度 ≥95%',
        column: '项目金额(万元) › 资金总额',
        before: '10.00',
        after: '10.30',
      },
      {
        table: 14,
        row: '410800240000000039645 西厅水、电、物业费用 缴纳时限 及时 政务服务保障水平的改善或提高程 明显 办事群众满意度 ≥95%',
        column: '项目金额(万元) › 政府预算资金',
        before: '10.00',
        after: '10.30',
      },
    ]);
    const app = createApp({ db, config: loadConfig({}) });
    const latest = await (
      await app.fetch(new Request('http://yusuan/opendata/410800/2024/122201/12.csv'))
    ).text();
    const first = await (
      await app.fetch(new Request('http://yusuan/opendata/410800/2024/122201/12.csv?revision=1'))
    ).text();
    expect(latest).toContain('网络及网站建设维护,焦作市政务大数据中心,12.00');
    expect(first).toContain('网络及网站建设维护,焦作市政务大数据中心,12.30');
  });

  it('a later revision that renames the unit and changes its profile leaves what revision 1 said as it was', async () => {
    const dir = exportFolder('122201');
    edit(path.join(dir, 'manifest.json'), (text) => {
      const manifest = JSON.parse(text);
      manifest.unit.name = '焦作市数据中心';
      manifest.unit.staffingQuota = 40;
      return JSON.stringify(manifest);
    });
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
      edit(path.join(dir, file), (text) => text.replaceAll('焦作市政务大数据中心', '焦作市数据中心'));
    }
    expect((await importDisclosure(db, dir)).revision).toBe(2);
    const [first, second] = [1, 2].map((revision) => {
      const budget = findBudget(db, '122201', 2024, revision)!;
      return loadDisclosures(db, [budget.id]).get(budget.id)!;
    });
    expect([first!.unit.name, first!.unit.staffingQuota]).toEqual(['焦作市政务大数据中心', 38]);
    expect([second!.unit.name, second!.unit.staffingQuota]).toEqual(['焦作市数据中心', 40]);
    const table02 = (d: typeof first) =>
      renderDisclosure(d!, loadCatalog(db)).find((t) => t.no === 2)!.rows[2]!.cells[1];
    expect([table02(first), table02(second)]).toEqual(['焦作市政务大数据中心', '焦作市数据中心']);
  });

  it('diffTables lists nothing for identical revisions', () => {
    const budget = findBudget(db, '122201', 2024)!;
    const tables = renderDisclosure(loadDisclosures(db, [budget.id]).get(budget.id)!, loadCatalog(db));
    expect(diffTables(tables, tables)).toEqual([]);
  });

  it('records published totals accepted within the rounding tolerance with --allow-rounding', async () => {
    const dir = exportFolder('122201');
    edit(path.join(dir, '05.csv'), (s) => s.replace(',,,,合计,512.02,', ',,,,合计,512.03,'));
    const before = databaseState(db);
    await expect(importDisclosure(db, dir)).rejects.toMatchObject({
      problems: [{ file: '05.csv', row: 4, column: '合计', expected: '512.02', found: '512.03' }],
    });
    expect(databaseState(db)).toEqual(before);
    const result = await importDisclosure(db, dir, { allowRounding: true });
    expect(result.notes).toEqual([
      { file: '05.csv', row: 4, column: '合计', expected: '512.02', found: '512.03' },
    ]);
  });
});
