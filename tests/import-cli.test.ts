import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { yusuan } from './support/cli.js';
import { seededDatabaseFile, tempDir } from './support/database.js';
import { folderBytes, reviseTwoProjects, SYNTHETIC_FOLDER } from './support/import.js';

describe('yusuan import, export --out and diff', () => {
  it('imports a folder of disclosures with progress and a summary; export → import → export is the identity', async () => {
    const database = seededDatabaseFile();
    const batch = tempDir('yusuan-batch-');
    const seed = path.join(batch, '2024-122201');
    expect(
      (await yusuan(['export', '--unit', '122201', '--year', '2024', '--out', seed], database)).status,
    ).toBe(0);
    fs.cpSync(SYNTHETIC_FOLDER, path.join(batch, '2024-900101'), { recursive: true });

    const run = await yusuan(['import', batch], database);
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `[1/2] ${seed}: 122201 焦作市政务大数据中心 2024 unchanged (revision 1), 164 facts, 93 checks passed`,
      `[2/2] ${path.join(batch, '2024-900101')}: 900101 合成市示范服务中心 2024 stored as revision 1, 52 facts, 38 checks passed`,
      // its project codes name region 410900, which the region list lacks: kept, and noted
      '  noted: 2024-900101, column region: expected a region in the region list (reference/regions.csv); --region-name and --region-parent declare it, found "410900" (kept without a name)',
    ]);
    expect(run.stdout).toBe(
      'units: 2, budgets stored: 1, unchanged: 1, refused: 0, facts: 216, checks passed: 131, warnings: 1\n',
    );

    const again = tempDir();
    expect(
      (await yusuan(['export', '--unit', '122201', '--year', '2024', '--out', again], database)).status,
    ).toBe(0);
    expect(folderBytes(again)).toEqual(folderBytes(seed));
  });

  it('refuses a broken disclosure with every problem, exit 1, and stores nothing', async () => {
    const database = seededDatabaseFile();
    const dir = tempDir();
    await yusuan(['export', '--unit', '122201', '--year', '2024', '--out', dir], database);
    const file = path.join(dir, '05.csv');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('行政运行,383.36', '行政运行,383.365'));
    fs.rmSync(path.join(dir, '13.csv'));
    const run = await yusuan(['import', dir], database);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        `[1/1] ${dir}: refused, nothing stored`,
        '  13.csv: expected the file to exist, found no such file',
        '  05.csv, row 6, column 合计: expected an amount in 万元 with at most two decimals, found "383.365"',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toContain('refused: 1');
  });

  it('diff lists the cells that changed between revisions', async () => {
    const database = seededDatabaseFile();
    const dir = tempDir();
    await yusuan(['export', '--unit', '122201', '--year', '2024', '--out', dir], database);
    reviseTwoProjects(dir);
    expect((await yusuan(['import', dir], database)).status).toBe(0);
    const diff = await yusuan(['diff', '--unit', '122201', '--year', '2024', '--from', '1'], database);
    expect(diff.status).toBe(0);
    expect(diff.stdout.split('\n').slice(0, 3)).toEqual([
      'revision 1 → 2: 8 cell(s) changed',
      '12 其他运转类 信息采集加工费 焦作市政务大数据中心 | 合计: 0.80 → 0.90',
      '12 其他运转类 信息采集加工费 焦作市政务大数据中心 | 本年拨款 › 一般公共预算: 0.80 → 0.90',
    ]);
  });
});
