import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../src/disclosure/checks/index.js';
import { leafColumns } from '../src/disclosure/columns.js';
import type { Project } from '../src/disclosure/facts.js';
import { layout } from '../src/disclosure/layouts.js';
import { fitRow, placeIndicators } from '../src/importer/document.js';
import { readDisclosureSync } from '../src/importer/index.js';
import { unitNames } from '../src/importer/narrative.js';
import { ImportFailed } from '../src/importer/problems.js';
import { placeProjects } from '../src/importer/tables-to-facts.js';
import { tempDir } from './support/database.js';
import { SEED_DOCUMENT_FILE, seedCatalog, seedDisclosure } from './support/seed.js';

/**
 * Variants of the template real documents use, each made from the seed by one edit: the reader
 * takes them as the document means them, and never takes a figure from somewhere it does not
 * belong.
 */
const SEED = fs.readFileSync(SEED_DOCUMENT_FILE, 'utf8');

function read(edit: (text: string) => string) {
  const file = path.join(tempDir(), '2024-122201.txt');
  const text = edit(SEED);
  expect(text).not.toBe(SEED);
  fs.writeFileSync(file, text);
  return readDisclosureSync(file, seedCatalog());
}

function refused(edit: (text: string) => string) {
  try {
    read(edit);
  } catch (error) {
    if (error instanceof ImportFailed) return error.problems;
    throw error;
  }
  throw new Error('imported');
}

const claim = (d: { narrative: { metric: string; value: string }[] }, metric: string) =>
  d.narrative.find((c) => c.metric === metric)?.value;

describe('the narrative, as units write it', () => {
  it('takes a change only where it follows its figure, not from the reasons given after it', () => {
    const { disclosure } = read((t) =>
      t.replace(
        '与上年相比，收、支总计各增加337.87万元，增长194.01%，主要原因：',
        '比上年增长194.01%，主要原因：人员经费增加12.50万元，',
      ),
    );
    expect([claim(disclosure, 'total.change.delta'), claim(disclosure, 'total.change.percent')]).toEqual([
      undefined,
      '194.01',
    ]);
    // the basis is the predecessor the stated percentage is measured from
    expect(disclosure.priorYear.filter((p) => p.metric === 'total')).toEqual([
      {
        metric: 'total',
        entity: '焦作市人民政府电子政务管理中心(焦作市云计算服务中心)',
        basis: true,
        amount: 1_741_500,
      },
      { metric: 'total', entity: '焦作市外来投资服务中心', basis: false, amount: 1_475_700 },
    ]);
  });

  it('reads figures with thousands separators', () => {
    const { disclosure } = read((t) =>
      t
        .replace('固定资产总额1280万元', '固定资产总额1,280万元')
        .replace('办公设备1223万元', '办公设备1,223万元'),
    );
    expect([
      claim(disclosure, 'assets.fixedTotal'),
      disclosure.assets.find((a) => a.item === 'officeEquipment')?.amount,
    ]).toEqual(['1280', 12_230_000]);
  });

  it('notes, and does not store, a figure it cannot name', () => {
    const { disclosure, notes } = read((t) =>
      t.replace(
        '住房保障支出22.69万元，占4.43%。',
        '住房保障支出22.69万元，占4.43%；不明科目支出0.00万元，占0.00%。',
      ),
    );
    expect(notes).toEqual([
      {
        file: '2024-122201.txt',
        row: SEED.split('\n').findIndex((l) => l.includes('住房保障支出22.69万元')) + 1,
        column: 'narrative',
        expected: 'the name of a functional subject that table 05 lists',
        found: '“不明科目支出0.00万元，占0.00%” (not read)',
      },
    ]);
    expect(claim(disclosure, 'functional.221@generalPublic.share')).toBe('4.43');
  });

  it('keeps unit names with 和 in them whole', () => {
    expect(unitNames('焦作市外来投资服务中心和焦作市人力资源和社会保障信息中心')).toEqual([
      '焦作市外来投资服务中心',
      '焦作市人力资源和社会保障信息中心',
    ]);
    expect(unitNames('甲中心、乙局和丙（丁和戊）中心')).toEqual(['甲中心', '乙局', '丙（丁和戊）中心']);
  });
});

describe('the tables, as extraction prints them', () => {
  it('pairs table 14 with table 12 by name: another order is refused at its line', () => {
    const lines = SEED.split('\n');
    const at = (start: string) => lines.findIndex((l) => l.startsWith(start));
    const west = at('4108002400 0000003964 5');
    const hall = at('4108002400 0000003965 0');
    const moved = [
      ...lines.slice(0, west),
      ...lines.slice(hall, hall + 3),
      ...lines.slice(west, hall),
      ...lines.slice(hall + 3),
    ];
    const problems = refused(() => moved.join('\n'));
    expect(problems).toEqual([
      {
        file: '2024-122201.txt › 14 2024年单位预算项目绩效目标表',
        row: west + 1,
        column: '项目单位(项目名称)',
        expected:
          '14 lists the projects in 12’s order: "西厅水、电、物业费用" here (12 lists "大厅运行费(复印打印邮寄)" as project 5)',
        found: '"大厅运行费(复印打印邮寄)"',
      },
      {
        file: '2024-122201.txt › 14 2024年单位预算项目绩效目标表',
        row: west + 4,
        column: '项目单位(项目名称)',
        expected:
          '14 lists the projects in 12’s order: "大厅运行费（复印打印邮寄）" here (12 lists "西厅水、电、物业费用" as project 4)',
        found: '"西厅水、电、物业费用"',
      },
    ]);
  });

  it('fits a row with an extra blank cell anywhere, trailing ones included, so that figures land in figure columns', () => {
    const leaves06 = leafColumns(layout(6)!.columns);
    expect(
      fitRow(['30101', '基本工资', '', '50101', '工资奖金津补贴', '43.14', '43.14', ''], leaves06),
    ).toEqual(['30101', '基本工资', '50101', '工资奖金津补贴', '43.14', '43.14', '']);
    const leaves13 = leafColumns(layout(13)!.columns);
    expect(fitRow(['', '合计', '', '24.75'], leaves13)).toEqual(['', '合计', '24.75']);
  });

  it('places table 14 indicators under their printed kind or to its right, never to its left', () => {
    const row = ['', '', '', '', '', '', '', '', '预算执行率', '≥95%', '', '', '', ''];
    expect(placeIndicators(row)).toEqual(row);
    // shifted left by extraction: a 产出 indicator printed in the 成本 columns moves right
    expect(
      placeIndicators(['', '', '', '', '', '', '按法定时间办理', '≤20天', '', '', '', '', '', '']),
    ).toEqual(['', '', '', '', '', '', '', '', '按法定时间办理', '≤20天', '', '', '', '']);
  });

  it('places no project when the search for placements is cut short', () => {
    const project = (code: string, amount: number): Project => ({
      seq: 1,
      code,
      name: code,
      performanceName: null,
      category: 'operation',
      functionalSubjectCode: null,
      amounts: [{ fund: 'generalPublic', amount }],
      indicators: [],
    });
    const projects = [project('a', 100), project('b', 100), project('c', 50)];
    const cells = ['2010301', '2010302'].map((code, i) => ({
      code,
      category: 'operation' as const,
      all: i ? 150 : 100,
      fiscal: [{ fund: 'generalPublic', amount: i ? 150 : 100 }],
    }));
    // a and b are interchangeable; c belongs with one of them under 2010302
    expect(placeProjects(projects, cells)).toEqual([null, null, '2010302']);
    expect(placeProjects(projects, cells, {}, 2)).toEqual([null, null, null]);
  });
});

describe('a narrative figure of a source the tables keep unsplit', () => {
  it('is not held against the tables, and says why', () => {
    const d = seedDisclosure();
    d.functional.push({
      subjectCode: '2120804',
      category: 'specific',
      fund: 'governmentFund+carryoverGovernmentFund',
      amount: 100_000,
    });
    for (const claim of d.narrative)
      if (claim.metric === 'fund.governmentFund' || claim.metric === 'income.governmentFund')
        claim.value = '6';
    const results = runChecks(d, seedCatalog()).filter((r) =>
      ['narrative.fund.governmentFund', 'narrative.income.governmentFund'].includes(r.id),
    );
    expect(results.map(({ id, found, passed }) => ({ id, found, passed }))).toEqual([
      // income is stated by source: it is held against the tables as ever
      { id: 'narrative.income.governmentFund', found: '0.00', passed: false },
      {
        id: 'narrative.fund.governmentFund',
        found: 'not stated by the tables (recorded with other sources, unsplit)',
        passed: true,
      },
    ]);
  });
});
