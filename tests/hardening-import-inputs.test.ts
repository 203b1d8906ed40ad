import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig, ROOT } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { DEFAULT_LIMITS, importLimits, withLimits } from '../src/importer/limits.js';
import { paths } from '../src/opendata/files.js';
import { yusuan } from './support/cli.js';
import { SEEDS, seededDatabaseFile, tempDir } from './support/database.js';
import { databaseState, SYNTHETIC_FOLDER } from './support/import.js';

// Hostile inputs to `yusuan import`: each is refused with one report (or imported whole), never
// a crash, a hang, a silent loss or a machine out of memory. Hostile files are built here, small:
// where a limit is what is tested, the test sets it low rather than writing gigabytes.

const PEAK_MB = 300;

/** What the database holds, to compare before and after a refused import. */
function stateOf(file: string): Record<string, string> {
  const db = openDatabase(file, { readonly: true });
  try {
    return databaseState(db);
  } finally {
    db.$client.close();
  }
}

/** A copy of the synthetic table folder (manifest.json + 01.csv … 14.csv). */
function syntheticFolder(): string {
  const dir = path.join(tempDir(), '2024-900101');
  fs.cpSync(SYNTHETIC_FOLDER, dir, { recursive: true });
  return dir;
}

function editManifest(dir: string, edit: (m: Record<string, any>) => void): void {
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(manifest);
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

/** The seed budget's one-workbook XLSX, as the feed publishes it, and its manifest. */
async function publishedWorkbook(database: string): Promise<{ workbook: string; manifest: string }> {
  const db = openDatabase(database, { readonly: true });
  const app = createApp({ db, config: loadConfig({}) });
  const response = await app.fetch(new Request(`http://yusuan${paths.workbook('410800', 2024, '122201')}`));
  expect(response.status).toBe(200);
  const dir = tempDir();
  const workbook = path.join(dir, '122201-2024.xlsx');
  fs.writeFileSync(workbook, Buffer.from(await response.arrayBuffer()));
  db.$client.close();
  const folder = path.join(dir, 'folder');
  await yusuan(['export', '--unit', '122201', '--year', '2024', '--out', folder], database);
  return { workbook, manifest: path.join(folder, 'manifest.json') };
}

/**
 * Runs the compiled CLI in a child process and reads its peak resident memory (VmHWM: the child's
 * own, reset at exec, unlike ru_maxrss, which Linux carries over from the forking test process).
 */
function measuredYusuan(args: string[], env: NodeJS.ProcessEnv) {
  const cli = JSON.stringify(new URL(`file://${path.join(ROOT, 'dist', 'cli.js')}`).href);
  const code = `const { main } = await import(${cli});
const status = await main(${JSON.stringify(args)}, process);
const fs = await import('node:fs');
const peak = /VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
process.stderr.write('peak-kb ' + peak + '\\n');
process.exitCode = status;`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const peak = /peak-kb (\d+)\n$/.exec(run.stderr);
  return {
    status: run.status,
    stderr: run.stderr.replace(/peak-kb \d+\n$/, ''),
    peakMb: peak ? Number(peak[1]) / 1024 : Number.NaN,
  };
}

/** A zip archive written by hand: each entry deflated, with the uncompressed size it declares. */
function zipOf(entries: { name: string; data: Buffer; declared: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe('bounded inputs: every limit refuses, by name, with one short report', () => {
  it('a manifest too large, one with too many duties, and a duty too long', async () => {
    const database = seededDatabaseFile();
    const before = stateOf(database);
    const dir = syntheticFolder();
    editManifest(dir, (m) => {
      m.unit.duties = Array.from({ length: 2_000 }, (_, i) => `${i}${'职'.repeat(999)}`);
    });
    const big = await yusuan(['import', dir], database, { YUSUAN_IMPORT_MAX_FILE_BYTES: '1000000' });
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(
      /manifest\.json: expected a file of at most 1,000,000 bytes \(YUSUAN_IMPORT_MAX_FILE_BYTES\), found 6,\d{3},\d{3} bytes/,
    );

    const many = await yusuan(['import', dir], database);
    expect(many.stderr).toContain(
      'manifest.json, column unit.duties: expected at most 1,000 entries (YUSUAN_IMPORT_MAX_LIST_ITEMS), found 2,000 entries',
    );
    editManifest(dir, (m) => {
      m.unit.duties = ['承担示范片区征收补偿的组织实施。', 'x'.repeat(10_001)];
    });
    const long = await yusuan(['import', dir], database);
    expect(long.stderr).toContain(
      'manifest.json, column unit.duties[1]: expected a text of at most 10,000 characters (YUSUAN_IMPORT_MAX_TEXT_CHARS), found 10,001 characters',
    );
    for (const run of [big, many, long]) {
      expect(run.status).toBe(1);
      expect(run.stderr.length).toBeLessThan(1_000);
    }
    expect(stateOf(database)).toEqual(before);
  });

  it('a zip bomb is refused while inflating, whatever sizes it declares, within 300 MB', () => {
    const dir = tempDir();
    // 256 MB of zeros deflate to about 250 KB
    const bomb = zlib.deflateRawSync(Buffer.alloc(256 * 1024 * 1024));
    const env = { YUSUAN_DB: seededDatabaseFile() };
    const lying = path.join(dir, 'lying.xlsx');
    fs.writeFileSync(lying, zipOf([{ name: 'xl/worksheets/sheet1.xml', data: bomb, declared: 1_000 }]));
    const honest = path.join(dir, 'honest.xlsx');
    fs.writeFileSync(
      honest,
      zipOf([{ name: 'xl/worksheets/sheet1.xml', data: bomb, declared: 256 * 1024 * 1024 }]),
    );
    const lied = measuredYusuan(['import', lying], env);
    expect(lied.status).toBe(1);
    expect(lied.stderr).toContain(
      'lying.xlsx: expected a workbook that inflates to at most 4,194,304 bytes (YUSUAN_IMPORT_MAX_INFLATED_BYTES), found parts that inflate to more than 4,194,304 bytes (inflating stopped there)',
    );
    expect(lied.peakMb).toBeLessThan(PEAK_MB);
    const declared = measuredYusuan(['import', honest], env);
    expect(declared.status).toBe(1);
    expect(declared.stderr).toContain(
      'honest.xlsx: expected a workbook that inflates to at most 4,194,304 bytes',
    );
    expect(declared.stderr).toContain('found parts that declare 268,435,456 bytes or more');
    expect(declared.peakMb).toBeLessThan(PEAK_MB);
  });

  it('a huge CSV is refused by its size unread, a long one by its rows before parsing, within 300 MB', () => {
    const env = { YUSUAN_DB: seededDatabaseFile() };
    const dir = syntheticFolder();
    const row = '201,03,01,,行政运行,1.00,1.00,,,,,,,\n';
    fs.writeFileSync(
      path.join(dir, '05.csv'),
      row.repeat(Math.floor((19 * 1024 * 1024) / Buffer.byteLength(row))),
    );
    const long = measuredYusuan(['import', dir], env);
    expect(long.status).toBe(1);
    expect(long.stderr).toContain(
      '05.csv, row 10004: expected a table of at most 10,000 rows after its header (YUSUAN_IMPORT_MAX_TABLE_ROWS), found more rows',
    );
    // one short report, not one line per row
    expect(long.stderr.length).toBeLessThan(1_000);
    expect(long.peakMb).toBeLessThan(PEAK_MB);

    fs.writeFileSync(path.join(dir, '05.csv'), Buffer.alloc(21 * 1024 * 1024, 'a'));
    const huge = measuredYusuan(['import', dir], env);
    expect(huge.status).toBe(1);
    expect(huge.stderr).toContain(
      '05.csv: expected a file of at most 20,971,520 bytes (YUSUAN_IMPORT_MAX_FILE_BYTES), found 22,020,096 bytes',
    );
    expect(huge.peakMb).toBeLessThan(PEAK_MB);
  });

  it('a document of too many lines is refused before it is parsed, within 300 MB', () => {
    const file = path.join(tempDir(), '2024-000001.txt');
    fs.writeFileSync(file, '汉字\t1.00\t2.00\t3.00\n'.repeat(800_000));
    const run = measuredYusuan(['import', file], { YUSUAN_DB: seededDatabaseFile() });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      '2024-000001.txt, line 150001: expected a document of at most 150000 lines (15 parts of at most YUSUAN_IMPORT_MAX_TABLE_ROWS lines), found more lines',
    );
    expect(run.peakMb).toBeLessThan(PEAK_MB);
  });

  it('a workbook whose sheet has too many rows is refused, within 300 MB', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('01 收支总表');
    for (let r = 0; r < 11_000; r++) sheet.addRow(['收入', 1, '支出', 1]);
    const file = path.join(tempDir(), 'rows.xlsx');
    await workbook.xlsx.writeFile(file);
    const run = measuredYusuan(['import', file, '--manifest', path.join(SYNTHETIC_FOLDER, 'manifest.json')], {
      YUSUAN_DB: seededDatabaseFile(),
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'rows.xlsx › 01 收支总表: expected a table of at most 10,000 rows (YUSUAN_IMPORT_MAX_TABLE_ROWS), found 11,000 rows on the sheet',
    );
    expect(run.peakMb).toBeLessThan(PEAK_MB);
  });

  it('links, devices and FIFOs are refused by name, never opened, never echoed', async () => {
    const database = seededDatabaseFile();
    const dir = syntheticFolder();
    const swap = (file: string, make: (at: string) => void) => {
      fs.rmSync(path.join(dir, file));
      make(path.join(dir, file));
    };
    swap('05.csv', (at) => fs.symlinkSync('/dev/zero', at));
    swap('06.csv', (at) => fs.symlinkSync('/etc/passwd', at));
    swap('07.csv', (at) => expect(spawnSync('mkfifo', [at]).status).toBe(0));
    swap('manifest.json', (at) => fs.symlinkSync('/etc/passwd', at));
    const run = await yusuan(['import', dir], database);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'manifest.json: expected a regular file, found a symbolic link (links are not followed)',
    );
    expect(run.stderr).toContain(
      '05.csv: expected a regular file, found a symbolic link (links are not followed)',
    );
    expect(run.stderr).toContain(
      '06.csv: expected a regular file, found a symbolic link (links are not followed)',
    );
    expect(run.stderr).toContain('07.csv: expected a regular file, found a named pipe (FIFO)');
    expect(run.stderr).not.toContain('root:');

    const document = path.join(tempDir(), '2024-122201.txt');
    fs.symlinkSync('/etc/passwd', document);
    const linked = await yusuan(['import', document], database);
    expect(linked.status).toBe(1);
    expect(linked.stderr).toContain('2024-122201.txt: expected a regular file, found a symbolic link');
    expect(linked.stderr).not.toContain('root:');
  });

  it('a report lists the first problems and counts the rest; a cell is quoted as a short excerpt', async () => {
    const database = seededDatabaseFile();
    const dir = syntheticFolder();
    const file = path.join(dir, '05.csv');
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    const header = lines.slice(0, 5);
    const bad = Array.from({ length: 5_000 }, (_, i) => `201,03,01,,项目${i},1.001,1.001,,,,,,,`);
    fs.writeFileSync(file, [...header, ...bad, ''].join('\r\n'));
    const run = await yusuan(['import', dir], database, { YUSUAN_IMPORT_MAX_PROBLEMS: '20' });
    expect(run.status).toBe(1);
    const reported = run.stderr.split('\n').filter((l) => l.startsWith('  '));
    expect(reported).toHaveLength(21);
    expect(reported.at(-1)).toMatch(/^ {2}… and \d{1,3}(,\d{3})+ more$/);

    // a long cell is shown as 100 characters and its length
    fs.writeFileSync(
      file,
      [...header, `201,03,01,,行政运行,${'9'.repeat(5_000)}x,1.00,,,,,,,`, ''].join('\n'),
    );
    const long = await yusuan(['import', dir], database);
    expect(long.status).toBe(1);
    expect(long.stderr).toContain(`"${'9'.repeat(99)}… (5,003 characters)`);
    expect(long.stderr.length).toBeLessThan(2_000);
  });
});

describe('no silent loss: a workbook without its manifest', () => {
  it('is refused, naming what is missing and --manifest; with a manifest sheet it imports whole', async () => {
    const database = seededDatabaseFile();
    const before = stateOf(database);
    const { workbook, manifest } = await publishedWorkbook(database);

    const bare = await yusuan(['import', workbook], database);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain(
      '122201-2024.xlsx: expected a manifest for the workbook: its tables do not hold the unit\'s profile, the prior-year, procurement, asset and narrative figures or the source (--manifest <file> supplies them, or a "manifest" sheet in the workbook), found none',
    );
    expect(stateOf(database)).toEqual(before);

    // the same facts with the manifest given: the latest revision already holds them
    const given = await yusuan(['import', workbook, '--manifest', manifest], database);
    expect(given.stderr).toContain('unchanged (revision 1), 164 facts, 93 checks passed');

    // a workbook that carries its manifest in a "manifest" sheet (column A, in chunks)
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(workbook);
    const sheet = book.addWorksheet('manifest');
    const json = fs.readFileSync(manifest, 'utf8');
    for (let at = 0; at < json.length; at += 1_000) sheet.addRow([json.slice(at, at + 1_000)]);
    const carrying = path.join(tempDir(), '122201-2024.xlsx');
    await book.xlsx.writeFile(carrying);
    const whole = await yusuan(['import', carrying], database);
    expect(whole.status).toBe(0);
    expect(whole.stderr.split('\n').slice(0, 2)).toEqual([
      `[1/1] ${carrying}: 122201 焦作市政务大数据中心 2024 unchanged (revision 1), 164 facts, 93 checks passed`,
      `  the unit's details (what a manifest holds) read from the workbook's "manifest" sheet`,
    ]);
    expect(stateOf(database)).toEqual(before);
  });
});

describe('no crash: one line naming the file, and an exit code', () => {
  it('a 400-digit amount in a table, in a manifest and in a document', async () => {
    const database = seededDatabaseFile();
    const before = stateOf(database);
    const dir = syntheticFolder();
    const huge = '9'.repeat(400);
    const file = path.join(dir, '05.csv');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('行政运行,70.00', `行政运行,${huge}.00`));
    const table = await yusuan(['import', dir], database);
    expect(table.status).toBe(1);
    expect(table.stderr).toContain(
      '05.csv, row 6, column 合计: expected an amount in 万元 of at most 12 digits before the point, found an amount out of range (400 digits: 99999999999999999999… (403 characters))',
    );
    noStackTrace(table.stderr);

    const folder = syntheticFolder();
    editManifest(folder, (m) => {
      m.priorYear[0].amount = `${huge}.00`;
    });
    const manifest = await yusuan(['import', folder], database);
    expect(manifest.status).toBe(1);
    expect(manifest.stderr).toContain('manifest.json, row 1, column priorYear.amount');

    const text = fs.readFileSync(path.join(SEEDS, 'disclosures', '2024-122201.txt'), 'utf8');
    const document = path.join(tempDir(), '2024-122201.txt');
    fs.writeFileSync(document, text.replace('基本支出477.62万元', `基本支出${huge}.00万元`));
    const narrative = await yusuan(['import', document], database);
    expect(narrative.status).toBe(1);
    expect(narrative.stderr).toContain(
      '2024-122201.txt, line 70, column narrative basic: expected an amount in 万元 of at most 12 digits before the point, found an amount out of range (400 digits: 99999999999999999999… (403 characters))',
    );
    noStackTrace(narrative.stderr);
    expect(stateOf(database)).toEqual(before);
  });

  it('a manifest nested 100,000 deep', async () => {
    const database = seededDatabaseFile();
    const dir = syntheticFolder();
    const file = path.join(dir, 'manifest.json');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      text.replace('"duties": [', `"duties": [${'['.repeat(100_000)}${']'.repeat(100_000)},`),
    );
    const run = await yusuan(['import', dir], database);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /manifest\.json, row \d+: expected objects and lists nested at most 16 deep \(YUSUAN_IMPORT_MAX_DEPTH\), found deeper nesting/,
    );
    noStackTrace(run.stderr);
  });

  it('a full disk during an import: one line, exit 3, the transaction rolled back', async () => {
    const database = seededDatabaseFile();
    const before = stateOf(database);
    const db = openDatabase(database, { readonly: true });
    const pages = db.$client.pragma('page_count', { simple: true }) as number;
    db.$client.close();
    const run = await yusuan(['import', syntheticFolder()], database, {
      YUSUAN_TEST_MAX_PAGE_COUNT: String(pages),
    });
    expect(run.status).toBe(3);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^yusuan: \[1\/1\] .*2024-900101: disk full: .* cannot grow \(free some space, or move YUSUAN_DB to a larger disk\); nothing was written \(this disclosure was not stored\)$/,
      ),
    ]);
    expect(stateOf(database)).toEqual(before);
  });

  it('a full disk while creating the database: no stub file is left, for the CLI and at server start', async () => {
    const dir = tempDir();
    const database = path.join(dir, 'new.sqlite');
    const migrate = await yusuan(['migrate'], database, { YUSUAN_TEST_MAX_PAGE_COUNT: '3' });
    expect(migrate.status).toBe(3);
    expect(migrate.stderr).toMatch(/^yusuan: disk full: .*new\.sqlite cannot grow/);
    expect(migrate.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([]);

    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js')], {
      env: { ...process.env, PORT: '0', YUSUAN_DB: database, YUSUAN_TEST_MAX_PAGE_COUNT: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes('serving')) child.kill();
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(3);
    expect(stderr).toMatch(/^yusuan: cannot start: disk full: .*new\.sqlite cannot grow/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('clean text', () => {
  it('a NUL character is refused in a manifest field and in a CSV cell, located', async () => {
    const database = seededDatabaseFile();
    const dir = syntheticFolder();
    editManifest(dir, (m) => {
      m.unit.duties[1] = '完成\u0000交办的其他任务。';
    });
    const file = path.join(dir, '05.csv');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('行政运行', '行政\u0000运行'));
    const run = await yusuan(['import', dir], database);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'manifest.json, column unit.duties[1]: expected text without NUL characters (U+0000), found a NUL character at character 3',
    );
    expect(run.stderr).toMatch(
      /05\.csv, row 6, column [^:]+: expected text without NUL characters \(U\+0000\), found a NUL character/,
    );
  });

  it('text a spreadsheet would run is stored as stated and neutralised in every CSV and XLSX', async () => {
    const database = seededDatabaseFile();
    const dir = syntheticFolder();
    const department = '=1+1合成市示范局';
    const unit = '@SUM(1)合成市示范服务中心';
    for (const file of fs.readdirSync(dir)) {
      const at = path.join(dir, file);
      fs.writeFileSync(
        at,
        fs
          .readFileSync(at, 'utf8')
          .replaceAll('合成市示范局', department)
          .replaceAll('合成市示范服务中心', unit),
      );
    }
    editManifest(dir, (m) => {
      m.unit.duties = ['=HYPERLINK("http://example.invalid","点击")', '+cmd|calc'];
    });
    const run = await yusuan(['import', dir, '--region-name', '合成市'], database);
    expect(run.stderr).toContain('stored as revision 1');
    expect(run.status).toBe(0);

    const db = openDatabase(database, { readonly: true });
    const stored = db.$client.prepare("select name, duties from units where code = '900101'").get() as {
      name: string;
      duties: string;
    };
    // stored as the disclosure states it
    expect(stored.name).toBe(unit);
    expect(JSON.parse(stored.duties)).toEqual(['=HYPERLINK("http://example.invalid","点击")', '+cmd|calc']);

    const app = createApp({ db, config: loadConfig({}) });
    const get = async (url: string) => {
      const response = await app.fetch(new Request(`http://yusuan${url}`));
      expect(response.status, url).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    const runs = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);
    const csvs = [
      paths.facts(2024),
      ...Array.from({ length: 14 }, (_, i) => paths.table('410900', 2024, '900101', i + 1, 'csv')),
      ...Array.from({ length: 14 }, (_, i) => paths.departmentTable('410900', 2024, '900', i + 1, 'csv')),
    ];
    let seen = 0;
    for (const url of csvs) {
      const cells = (
        parse((await get(url)).toString('utf8'), { relax_column_count: true }) as string[][]
      ).flat();
      expect(cells.filter(runs), url).toEqual([]);
      seen += cells.filter((c) => c === `'${unit}` || c === `'${department}`).length;
    }
    expect(seen).toBeGreaterThan(0);
    const { default: ExcelJS } = await import('exceljs');
    for (const url of [
      paths.workbook('410900', 2024, '900101'),
      paths.departmentWorkbook('410900', 2024, '900'),
    ]) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await get(url)) as unknown as ArrayBuffer);
      const texts: string[] = [];
      for (const sheet of book.worksheets)
        sheet.eachRow((row) =>
          row.eachCell((cell) => typeof cell.value === 'string' && texts.push(cell.value)),
        );
      expect(texts.filter(runs), url).toEqual([]);
      expect(texts, url).toContain(`'${unit}`);
    }
    db.$client.close();
  });
});

describe('import limits in force', () => {
  const low = (maxTableRows: number) => ({ ...DEFAULT_LIMITS, maxTableRows });

  it('each concurrent read sees its own limits, a nested one its own, and none outlives its read', async () => {
    const seen: number[] = [];
    const read = (rows: number, wait: number) =>
      withLimits(low(rows), async () => {
        seen.push(importLimits().maxTableRows);
        await new Promise((done) => setTimeout(done, wait));
        seen.push(importLimits().maxTableRows);
        withLimits(low(rows + 1), () => seen.push(importLimits().maxTableRows));
        seen.push(importLimits().maxTableRows);
      });
    const first = read(10, 20);
    const second = read(20, 5);
    await Promise.all([first, second]);
    expect(seen).toEqual([10, 20, 20, 21, 20, 10, 11, 10]);
    expect(importLimits()).toEqual(DEFAULT_LIMITS);
  });

  it('a read that throws, sync or async, leaves the defaults in force and the next read its own', async () => {
    expect(() =>
      withLimits(low(5), () => {
        throw new Error('sync');
      }),
    ).toThrow('sync');
    await expect(
      withLimits(low(6), async () => {
        throw new Error('async');
      }),
    ).rejects.toThrow('async');
    expect(importLimits()).toEqual(DEFAULT_LIMITS);
    expect(withLimits(low(7), () => importLimits().maxTableRows)).toBe(7);
    expect(importLimits()).toEqual(DEFAULT_LIMITS);
  });
});
