import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/config.js';
import { readSubjectCodes, type Subject } from '../src/disclosure/subjects.js';
import { sameName } from '../src/importer/labels.js';
import { seedCatalog, seedDisclosure } from './support/seed.js';

const FILE = path.join(ROOT, 'seeds', 'reference', 'subject-codes.csv');
const subjects = readSubjectCodes(FILE);
const byKey = new Map(subjects.map((s) => [`${s.scheme}:${s.code}`, s]));
const get = (scheme: Subject['scheme'], code: string) => byKey.get(`${scheme}:${code}`);

/** Functional 类 that may stand without a 款 in this file, and why. */
const CLASSES_WITHOUT_KUAN: Record<string, string> = {
  '227': '预备费 has no 款 in the 2024 list',
  '209': 'the social insurance fund 款 are not yet in the file (not verified against the 2024 list)',
};

describe('reference code list (seeds/reference/subject-codes.csv)', () => {
  it('parses, with the exact header, LF line endings and no BOM', () => {
    const text = fs.readFileSync(FILE, 'utf8');
    expect(text.split('\n')[0]).toBe('scheme,code,name,level,parent_code,verified');
    expect(text.includes('\r')).toBe(false);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.endsWith('\n')).toBe(true);
    const counts = { functional: 0, economicDepartment: 0, economicGovernment: 0 };
    for (const s of subjects) counts[s.scheme]++;
    expect(counts.functional).toBeGreaterThan(900);
    expect(counts.economicDepartment).toBeGreaterThan(100);
    expect(counts.economicGovernment).toBeGreaterThan(70);
  });

  it('writes the level column as the code length says (类 3, 款 5, 项 7 digits)', () => {
    const rows = fs.readFileSync(FILE, 'utf8').trimEnd().split('\n').slice(1);
    const wrong = rows.filter((row) => {
      const [, code, , level] = row.split(',');
      return { 3: '类', 5: '款', 7: '项' }[code!.length] !== level;
    });
    expect(wrong).toEqual([]);
  });

  it('has no duplicate (scheme, code)', () => {
    const seen = new Set<string>();
    const duplicates = subjects
      .map((s) => `${s.scheme}:${s.code}`)
      .filter((k) => seen.has(k) || !seen.add(k));
    expect(duplicates).toEqual([]);
  });

  it('has a parent row for every 款 and 项', () => {
    const orphans = subjects.filter((s) => s.parentCode && !get(s.scheme, s.parentCode)).map((s) => s.code);
    expect(orphans).toEqual([]);
  });

  it('has no empty names and no half-width brackets', () => {
    expect(subjects.filter((s) => !s.name || /[()]/.test(s.name)).map((s) => s.code)).toEqual([]);
  });

  it('lists every functional 类 201…234 it holds with its 款', () => {
    const classes = subjects.filter((s) => s.scheme === 'functional' && s.level === 1);
    expect(classes.every((c) => c.code >= '201' && c.code <= '234')).toBe(true);
    const withoutKuan = classes
      .filter((c) => !subjects.some((s) => s.scheme === 'functional' && s.parentCode === c.code))
      .map((c) => c.code);
    expect(withoutKuan.filter((code) => !(code in CLASSES_WITHOUT_KUAN))).toEqual([]);
  });

  it('lists every economic 类 with its 款', () => {
    for (const scheme of ['economicDepartment', 'economicGovernment'] as const) {
      const classes = subjects.filter((s) => s.scheme === scheme && s.level === 1);
      const empty = classes.filter(
        (c) => !subjects.some((s) => s.scheme === scheme && s.parentCode === c.code),
      );
      expect(empty.map((c) => c.code)).toEqual([]);
    }
    const codes = (scheme: Subject['scheme']) =>
      subjects.filter((s) => s.scheme === scheme && s.level === 1).map((s) => s.code);
    expect(codes('economicDepartment').sort()).toEqual(
      ['301', '302', '303', '307', '309', '310', '311', '312', '313', '399'].sort(),
    );
    expect(codes('economicGovernment').sort()).toEqual(
      [
        '501',
        '502',
        '503',
        '504',
        '505',
        '506',
        '507',
        '508',
        '509',
        '510',
        '511',
        '512',
        '513',
        '514',
        '599',
      ].sort(),
    );
  });

  it('marks verified exactly the entries a published document prints with the same name', () => {
    const d = seedDisclosure();
    const printed = new Map(d.labels.map((l) => [`${l.scheme}:${l.code}`, l.label]));
    const used = new Set([
      ...d.functional.map((f) => `functional:${f.subjectCode}`),
      ...d.economic.flatMap((e) => [
        `economicDepartment:${e.departmentCode}`,
        `economicGovernment:${e.governmentCode}`,
      ]),
      ...d.operatingCosts.map((c) => `economicDepartment:${c.departmentCode}`),
      // part 五 names each 类 of the general public budget
      ...d.narrative.flatMap(
        (n) =>
          /^functional\.(\d{3})@generalPublic$/
            .exec(n.metric)
            ?.slice(1)
            .map((c) => `functional:${c}`) ?? [],
      ),
    ]);
    const verified = seedCatalog()
      .all()
      .filter((s) => s.verified)
      .map((s) => `${s.scheme}:${s.code}`)
      .sort();
    const evidenced = seedCatalog()
      .all()
      .filter((s) => used.has(`${s.scheme}:${s.code}`))
      .filter((s) => sameName(printed.get(`${s.scheme}:${s.code}`) ?? s.name) === sameName(s.name))
      .map((s) => `${s.scheme}:${s.code}`)
      .sort();
    expect(verified).toEqual(evidenced);
    expect(verified.length).toBe(47);
  });

  it('carries the official names of well-known codes', () => {
    const spot = (
      scheme: Subject['scheme'],
      code: string,
      name: string,
      level: number,
      parentCode: string | null,
    ) => {
      const { verified: _, ...entry } = get(scheme, code) ?? {};
      expect(entry).toEqual({ scheme, code, name, level, parentCode });
    };
    spot('functional', '201', '一般公共服务支出', 1, null);
    spot('functional', '2010301', '行政运行', 3, '20103');
    spot('functional', '2010350', '事业运行', 3, '20103');
    spot('functional', '2012902', '一般行政管理事务', 3, '20129');
    spot('functional', '2050202', '小学教育', 3, '20502');
    spot('functional', '2080502', '事业单位离退休', 3, '20805');
    spot('functional', '2080505', '机关事业单位基本养老保险缴费支出', 3, '20805');
    spot('functional', '2100717', '计划生育服务', 3, '21007');
    spot('functional', '2101101', '行政单位医疗', 3, '21011');
    spot('functional', '21201', '城乡社区管理事务', 2, '212');
    spot('functional', '2120199', '其他城乡社区管理事务支出', 3, '21201');
    spot('functional', '2130104', '事业运行', 3, '21301');
    spot('functional', '21305', '巩固脱贫攻坚成果衔接乡村振兴', 2, '213');
    spot('functional', '2130505', '生产发展', 3, '21305');
    spot('functional', '2210201', '住房公积金', 3, '22102');
    spot('economicDepartment', '30101', '基本工资', 2, '301');
    spot('economicDepartment', '30213', '维修（护）费', 2, '302');
    spot('economicDepartment', '30231', '公务用车运行维护费', 2, '302');
    spot('economicDepartment', '309', '资本性支出（基本建设）', 1, null);
    spot('economicDepartment', '31002', '办公设备购置', 2, '310');
    spot('economicGovernment', '50101', '工资奖金津补贴', 2, '501');
    spot('economicGovernment', '50205', '委托业务费', 2, '502');
    spot('economicGovernment', '504', '机关资本性支出（二）', 1, null);
  });
});
