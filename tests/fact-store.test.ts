import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from '../src/db/disclosures.js';
import * as t from '../src/db/schema.js';
import { renderDisclosure } from '../src/disclosure/render.js';
import { tableToCsv } from '../src/formats/csv.js';
import { importDisclosure, seedDatabase } from '../src/importer/index.js';
import { ImportFailed } from '../src/importer/problems.js';
import { inTransaction, writeDisclosure } from '../src/importer/write.js';
import { spawnYusuan, yusuan } from './support/cli.js';
import { SEEDS, seededDatabaseFile, seededMemoryDatabase, tempDir } from './support/database.js';
import { staticPackages } from './support/imports.js';
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

  it('a write that fails half-way stores nothing, on its own or inside an import’s transaction', () => {
    const db = seededMemoryDatabase();
    const before = tableCounts(db);
    const good = seedDisclosure();
    const unit = { ...good.unit, code: '122299', regionCode: '410800' };
    // the last kind of fact written cannot be bound: every row before it is already written
    const bad = { ...good, unit, statements: [{ ...good.statements[0]!, text: {} as unknown as string }] };
    expect(() => writeDisclosure(db, bad)).toThrow(/bind/);
    expect(tableCounts(db)).toEqual(before);
    expect(() => inTransaction(db.$client, () => writeDisclosure(db, bad), true)).toThrow(/bind/);
    expect(tableCounts(db)).toEqual(before);
    expect(db.$client.inTransaction).toBe(false);
    // and the connection goes on: the same disclosure, bindable, is stored in full
    const stored = inTransaction(db.$client, () => writeDisclosure(db, { ...good, unit }), true);
    expect(stored).toMatchObject({ revision: 1, created: true });
    expect(loadDisclosures(db, [stored.budgetId]).get(stored.budgetId)!.statements).toEqual(good.statements);
  });

  it('refuses a document with bad facts, naming every problem by its line, and writes nothing', async () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    seedDatabase(db, SEEDS);
    const file = path.join(tempDir(), '2024-122201.txt');
    const lines = fs.readFileSync(SEED_DOCUMENT_FILE, 'utf8').split('\n');
    const at = (text: string) => lines.findIndex((l) => l.startsWith(text));
    // table 05: a figure with three decimals; table 03: a figure that is not a number
    const row05 = lines.findIndex(
      (l, i) => i > at('2024年一般公共预算支出预算表') && l.startsWith('201\t03\t01'),
    );
    lines[row05] = lines[row05]!.replace('\t383.36\t383.36\t351.72', '\t383.36\t383.36\t351.725');
    const row03 = lines.findIndex((l, i) => i > at('2024年单位支出预算表') && l.startsWith('205\t08\t03'));
    lines[row03] = lines[row03]!.replace('培训支出\t1.74\t1.74', '培训支出\t1.74\t一点七四');
    fs.writeFileSync(file, lines.join('\n'));
    const before = tableCounts(db);
    const error = await importDisclosure(db, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFailed);
    expect((error as ImportFailed).problems).toEqual([
      {
        file: '2024-122201.txt › 03 2024年单位支出预算表',
        row: row03 + 1,
        column: '基本支出 › 合计',
        expected: 'an amount in 万元 with at most two decimals',
        found: '"一点七四"',
      },
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
  const database = () => seededDatabaseFile();

  it('export prints a table in the published layout as CSV', async () => {
    const result = await yusuan(
      ['export', '--unit', '122201', '--year', '2024', '--table', '05', '--format', 'csv'],
      database(),
    );
    const table = renderDisclosure(seedDisclosure(), seedCatalog()).find((x) => x.no === 5)!;
    expect(result).toEqual({ status: 0, stdout: tableToCsv(table), stderr: '' });
    expect(result.stdout.split('\r\n').slice(3, 6)).toEqual([
      ',,,,合计,512.02,477.62,430.18,14.06,33.38,,34.40,34.40,',
      ',,,122,政务服务和大数据局,512.02,477.62,430.18,14.06,33.38,,34.40,34.40,',
      '201,03,01,,行政运行,383.36,383.36,351.72,,31.64,,,,',
    ]);
  });

  it('check passes on the seed and fails, exit 1, when a stored fact is corrupted', async () => {
    const file = database();
    const ok = await yusuan(['check', '--unit', '122201', '--year', '2024'], file);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/\n93 passed, 0 failed\n$/);
    const sqlite = openDatabase(file);
    sqlite.$client.prepare("update three_public_costs set amount = 20000 where item = 'reception'").run();
    sqlite.$client.close();
    const bad = await yusuan(['check', '--unit', '122201', '--year', '2024'], file);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('FAIL  09-06.items');
    expect(bad.stdout).toContain('expected 1.00, found 2.00');
  });

  it('read-only commands never create a database: a mistyped YUSUAN_DB exits 2 naming the path', async () => {
    const missing = path.join(tempDir(), 'typo', 'yusuan.sqlite');
    for (const args of [
      ['check', '--unit', '122201', '--year', '2024'],
      ['export', '--unit', '122201', '--year', '2024', '--table', '05'],
      ['diff', '--unit', '122201', '--year', '2024', '--from', '1'],
    ]) {
      expect(await yusuan(args, missing), args[0]).toEqual({
        status: 2,
        stdout: '',
        stderr: `yusuan: no database at ${missing} (YUSUAN_DB); \`npm start\` or \`yusuan seed\` creates it\n`,
      });
      expect(fs.existsSync(path.dirname(missing))).toBe(false);
    }
  });

  it('argument errors exit 2 with the message and the usage, never a stack trace', async () => {
    const file = database();
    for (const [args, message] of [
      [
        ['export', '--unit', '122201', '--year', '2024', '--table', '15'],
        'error: --table must be 01…14, found "15"',
      ],
      [['export', '--unit', '122201', '--year', '2024'], 'error: give either --table <no> or --out <dir>'],
      [
        ['check', '--unit', '122201', '--year', 'x'],
        "error: option '--year <year>' argument 'x' is invalid. --year must be a whole number, found \"x\"",
      ],
      [['frob'], "error: unknown command 'frob'"],
    ] as const) {
      const run = await yusuan([...args], file);
      expect([run.status, run.stdout], args.join(' ')).toEqual([2, '']);
      const [first, blank, usage] = run.stderr.split('\n');
      expect([first, blank, usage?.replace(/ .*/, '')], args.join(' ')).toEqual([message, '', 'Usage:']);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('explains every command with --help, and tells its version', async () => {
    for (const command of ['export', 'check', 'seed', 'migrate', 'import', 'diff', 'snapshot']) {
      const run = await yusuan([command, '--help'], database());
      expect([run.status, run.stderr], command).toEqual([0, '']);
      expect(run.stdout.split('\n')[0], command).toMatch(
        new RegExp(`^Usage: yusuan ${command} \\[options\\]`),
      );
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(await yusuan(['--version'], database())).toEqual({
      status: 0,
      stdout: `${pkg.version}\n`,
      stderr: '',
    });
  });

  it('parses its arguments before loading a database driver or the XLSX library', () => {
    expect(staticPackages(path.join(ROOT, 'src', 'cli.ts'))).toEqual(['commander']);
    // the server starts without the XLSX library too: it loads with the first workbook
    const server = staticPackages(path.join(ROOT, 'src', 'server.ts'));
    expect(server).toContain('better-sqlite3');
    expect(server).not.toContain('exceljs');
  });

  it('the executable runs the compiled CLI, and a reader that goes away ends the output quietly', () => {
    const env = { ...process.env, YUSUAN_DB: database() };
    const help = spawnYusuan(['--help'], env);
    expect([help.status, help.stderr, help.stdout.split('\n')[0]]).toEqual([
      0,
      '',
      'Usage: yusuan [options] [command]',
    ]);
    // `yusuan check | true`: the reader has gone before the first line is written
    const run = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${path.join(ROOT, 'bin', 'yusuan.js')}" check --unit 122201 --year 2024 | true`,
      ],
      { env, encoding: 'utf8' },
    );
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
  });
});
