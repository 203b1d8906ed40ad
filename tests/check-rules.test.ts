import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_RULES } from '../src/disclosure/checks/index.js';
import {
  LIST_END,
  LIST_START,
  README_FILE,
  ruleList,
  tablesOf,
  withRuleList,
} from '../src/disclosure/checks/print-rules.js';
import { yusuan } from './support/cli.js';
import { tempDir } from './support/database.js';

describe('the list of checks, from CHECK_RULES', () => {
  it('README.md lists every rule, id — description, as CHECK_RULES has them (npx tsx src/disclosure/checks/print-rules.ts --write)', () => {
    const readme = fs.readFileSync(README_FILE, 'utf8');
    const listed = readme.slice(readme.indexOf(LIST_START) + LIST_START.length + 1, readme.indexOf(LIST_END));
    expect(listed).toBe(ruleList());
    expect(withRuleList(readme)).toBe(readme);
    expect(listed.split('\n').filter(Boolean)).toHaveLength(CHECK_RULES.length);
    expect(listed).toContain(
      '- `10-11.total` — 10 合计 = 04 支出合计 政府性基金; 11 合计 = 04 支出合计 国有资本经营预算 (each with its carried-over money)\n',
    );
  });

  it('yusuan check --list prints every rule: id, the tables it reads, description; no database needed', async () => {
    const missing = path.join(tempDir(), 'none', 'yusuan.sqlite');
    const run = await yusuan(['check', '--list'], missing);
    expect([run.status, run.stderr]).toEqual([0, '']);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => line.split(/ {2,}/))).toEqual(
      CHECK_RULES.map((r) => [r.id, tablesOf(r), r.description]),
    );
    expect(lines.slice(0, 2)).toEqual([
      '01.balance               01              01 收入总计 = 支出总计',
      '01.income-lines          01              01 本年收入合计 = Σ 收入 lines (其中 lines excluded)',
    ]);
    expect(lines.filter((l) => /^(10-11\.total|narrative) /.test(l))).toEqual([
      '10-11.total              04, 10, 11      10 合计 = 04 支出合计 政府性基金; 11 合计 = 04 支出合计 国有资本经营预算 (each with its carried-over money)',
      'narrative                —               every figure the narrative states = the one computed from the facts (one result each: narrative.{metric})',
    ]);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);

    const json = await yusuan(['check', '--list', '--json'], missing);
    expect([json.status, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout)).toEqual(
      CHECK_RULES.map(({ id, tables, description }) => ({ id, tables: [...tables], description })),
    );
  });

  it('without --list, check still wants --unit and --year: exit 2 with the message and the usage', async () => {
    const missing = path.join(tempDir(), 'none', 'yusuan.sqlite');
    for (const [args, message] of [
      [['check', '--year', '2024'], "error: required option '--unit <code>' not specified"],
      [['check', '--unit', '122201'], "error: required option '--year <year>' not specified"],
    ] as const) {
      const run = await yusuan([...args], missing);
      expect([run.status, run.stdout], args.join(' ')).toEqual([2, '']);
      const [first, blank, usage] = run.stderr.split('\n');
      expect([first, blank, usage], args.join(' ')).toEqual([message, '', 'Usage: yusuan check [options]']);
    }
  });

  it('every rule names the tables it reads, ascending, and has a distinct id', () => {
    expect(new Set(CHECK_RULES.map((r) => r.id)).size).toBe(CHECK_RULES.length);
    expect(
      CHECK_RULES.filter(
        (r) =>
          r.tables.some(
            (no, i) => !Number.isInteger(no) || no < 1 || no > 14 || (i > 0 && no <= r.tables[i - 1]!),
          ) ||
          (!r.several && r.tables.length === 0),
      ).map((r) => r.id),
    ).toEqual([]);
  });
});
