import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from '../src/db/disclosures.js';
import * as t from '../src/db/schema.js';
import { renderDisclosure } from '../src/disclosure/render.js';
import { importDisclosure, seedDatabase } from '../src/importer/index.js';
import { ImportFailed } from '../src/importer/problems.js';
import { tableToCsv } from '../src/opendata/csv.js';
import { SEEDS, seededDatabaseFile, seededMemoryDatabase, tempDir } from './support/database.js';
import { SEED_DOCUMENT_FILE, seedCatalog, seedDisclosure } from './support/seed.js';

function tableCounts(db: ReturnType<typeof openDatabase>) {
  const n = (table: Parameters<typeof db.select>[0] extends never ? never : any) =>
    db.select({ n: count() }).from(table).get()!.n;
  return {
    budgets: n(t.budgets),
    functional: n(t.functionalExpenditures),
    economic: n(t.economicExpenditures),
    basicItems: n(t.basicItems),
    projects: n(t.projects),
    indicators: n(t.performanceIndicators),
  };
}

describe('fact store', () => {
  it('stores the seed disclosure and loads back the same facts', () => {
    const db = seededMemoryDatabase();
    const budget = findBudget(db, '122201', 2024)!;
    expect(budget).toMatchObject({ unitCode: '122201', year: 2024, stage: 'budget', revision: 1 });
    const stored = loadDisclosures(db, [budget.id]).get(budget.id)!;
    expect(stored.projects.map((p) => typeof p.id)).toEqual(Array(5).fill('number'));
    for (const p of stored.projects) delete p.id;
    for (const i of stored.basicItems) delete i.id;
    const fromFiles = seedDisclosure();
    fromFiles.labels = fromFiles.labels.filter((l) => seedCatalog().get(l.scheme, l.code)?.name !== l.label);
    expect(stored).toEqual(fromFiles);
  });

  it('holds the facts at the grain the document gives them', () => {
    const db = seededMemoryDatabase();
    expect(tableCounts(db)).toEqual({
      budgets: 1,
      functional: 10,
      economic: 41,
      basicItems: 48,
      projects: 5,
      indicators: 28,
    });
  });

  it('stores every amount as an integer number of yuan', () => {
    const db = seededMemoryDatabase();
    const types = db.$client
      .prepare(
        `select distinct typeof(amount) as type from (
           select amount from functional_expenditures union all select amount from economic_expenditures
           union all select amount from basic_items union all select amount from project_amounts
           union all select amount from incomes union all select amount from three_public_costs
           union all select amount from operating_costs union all select amount from prior_year_figures)`,
      )
      .all();
    expect(types).toEqual([{ type: 'integer' }]);
    const total = db.$client.prepare('select sum(amount) as yuan from functional_expenditures').get();
    expect(total).toEqual({ yuan: 5_120_200 });
  });

  it('keeps the unit profile, the department hierarchy and the classification trees', () => {
    const db = seededMemoryDatabase();
    const unit = db.select().from(t.units).where(eq(t.units.code, '122201')).get();
    expect(unit).toMatchObject({
      name: '焦作市政务大数据中心',
      kind: 'unit',
      parentCode: '122',
      nature: '公益一类事业单位',
      rank: '副处级',
      staffingQuota: 38,
      staffCount: 34,
    });
    expect(unit?.duties).toHaveLength(10);
    expect(db.select().from(t.units).where(eq(t.units.code, '122')).get()).toMatchObject({
      name: '政务服务和大数据局',
      kind: 'department',
    });
    const catalog = loadCatalog(db);
    expect(['2010301', '20103', '201'].map((c) => catalog.get('functional', c))).toMatchObject([
      { name: '行政运行', level: 3, parentCode: '20103' },
      { name: '政府办公厅（室）及相关机构事务', level: 2, parentCode: '201' },
      { name: '一般公共服务支出', level: 1, parentCode: null },
    ]);
    for (const subject of catalog.all()) {
      if (subject.parentCode)
        expect(catalog.get(subject.scheme, subject.parentCode), `${subject.code}'s parent`).toBeDefined();
    }
  });

  it('renders the same tables from the database as from the seed files', () => {
    const db = seededMemoryDatabase();
    const budget = findBudget(db, '122201', 2024)!;
    const stored = loadDisclosures(db, [budget.id]).get(budget.id)!;
    expect(renderDisclosure(stored, loadCatalog(db))).toEqual(
      renderDisclosure(seedDisclosure(), seedCatalog()),
    );
  });

  it('seeding again changes nothing', () => {
    const db = seededMemoryDatabase();
    const before = tableCounts(db);
    const again = seedDatabase(db, SEEDS);
    expect(again.map((r) => [r.unitCode, r.revision, r.created])).toEqual([['122201', 1, false]]);
    expect(tableCounts(db)).toEqual(before);
  });

  it('refuses a document with bad facts, naming every problem by its line, and writes nothing', async () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    seedDatabase(db, SEEDS);
    const file = path.join(tempDir(), '2024-122201.txt');
    const lines = fs.readFileSync(SEED_DOCUMENT_FILE, 'utf8').split('\n');
    const at = (text: string) => lines.findIndex((l) => l.startsWith(text));
    // table 05: a figure with three decimals; table 03: a code the code list lacks
    const row05 = lines.findIndex(
      (l, i) => i > at('2024年一般公共预算支出预算表') && l.startsWith('201\t03\t01'),
    );
    lines[row05] = lines[row05]!.replace('\t383.36\t383.36\t351.72', '\t383.36\t383.36\t351.725');
    const row03 = lines.findIndex((l, i) => i > at('2024年单位支出预算表') && l.startsWith('205\t08\t03'));
    lines[row03] = lines[row03]!.replace('205\t08\t03', '205\t08\t98');
    fs.writeFileSync(file, lines.join('\n'));
    const before = tableCounts(db);
    const error = await importDisclosure(db, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFailed);
    expect((error as ImportFailed).problems.slice(0, 1)).toEqual([
      {
        file: '2024-122201.txt › 05 2024年一般公共预算支出预算表',
        row: row05 + 1,
        column: '基本支出 › 人员经费 › 工资福利支出',
        expected: 'an amount in 万元 with at most two decimals',
        found: '"351.725"',
      },
    ]);
    expect(tableCounts(db)).toEqual(before);
  });
});

describe('yusuan CLI', () => {
  const env = () => ({ ...process.env, YUSUAN_DB: seededDatabaseFile() });
  const yusuan = (args: string[], environment: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'yusuan.js'), ...args], {
      env: environment,
      encoding: 'utf8',
    });

  it('export prints a table in the published layout as CSV', () => {
    const environment = env();
    const result = yusuan(
      ['export', '--unit', '122201', '--year', '2024', '--table', '05', '--format', 'csv'],
      environment,
    );
    expect(result.status).toBe(0);
    const table = renderDisclosure(seedDisclosure(), seedCatalog()).find((x) => x.no === 5)!;
    expect(result.stdout).toBe(tableToCsv(table));
    expect(result.stdout.split('\r\n').slice(3, 6)).toEqual([
      ',,,,合计,512.02,477.62,430.18,14.06,33.38,,34.40,34.40,',
      ',,,122,政务服务和大数据局,512.02,477.62,430.18,14.06,33.38,,34.40,34.40,',
      '201,03,01,,行政运行,383.36,383.36,351.72,,31.64,,,,',
    ]);
  });

  it('check passes on the seed and fails, exit 1, when a stored fact is corrupted', () => {
    const environment = env();
    const ok = yusuan(['check', '--unit', '122201', '--year', '2024'], environment);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/\n92 passed, 0 failed\n$/);
    const sqlite = openDatabase(environment.YUSUAN_DB!);
    sqlite.$client.prepare("update three_public_costs set amount = 20000 where item = 'reception'").run();
    sqlite.$client.close();
    const bad = yusuan(['check', '--unit', '122201', '--year', '2024'], environment);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('FAIL  09-06.items');
    expect(bad.stdout).toContain('expected 1.00, found 2.00');
  });

  it('read-only commands never create a database: a mistyped YUSUAN_DB exits 2 naming the path', () => {
    const missing = path.join(tempDir(), 'typo', 'yusuan.sqlite');
    for (const args of [
      ['check', '--unit', '122201', '--year', '2024'],
      ['export', '--unit', '122201', '--year', '2024', '--table', '05'],
      ['diff', '--unit', '122201', '--year', '2024', '--from', '1'],
    ]) {
      const answer = yusuan(args, { ...process.env, YUSUAN_DB: missing });
      expect([answer.status, answer.stderr.trim()], args[0]).toEqual([
        2,
        `yusuan: no database at ${missing} (YUSUAN_DB); \`npm start\` or \`yusuan seed\` creates it`,
      ]);
      expect(fs.existsSync(path.dirname(missing))).toBe(false);
    }
  });

  it('rejects a table number outside 01…14 and explains every command with --help', () => {
    const environment = env();
    const bad = yusuan(['export', '--unit', '122201', '--year', '2024', '--table', '15'], environment);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--table must be 01…14, found "15"');
    for (const command of ['export', 'check', 'seed', 'migrate']) {
      expect(
        execFileSync(process.execPath, [path.join(ROOT, 'bin', 'yusuan.js'), command, '--help'], {
          encoding: 'utf8',
        }),
      ).toContain('Usage: yusuan');
    }
  });
});
