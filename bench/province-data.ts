/**
 * The synthetic province of bench/province.ts: regions under 410000 河南省, each with departments of
 * 10–50 units, every unit a copy of one of the published source documents (tests/support/documents.ts)
 * placed in its region, department and year. Deterministic: the same sizes give the same province.
 */
import fs from 'node:fs';
import path from 'node:path';
import { copyDocument, SOURCE_DOCUMENTS, type SourceDocument } from '../tests/support/documents.js';

export const PROVINCE = { code: '410000', name: '河南省' } as const;
export const YEAR = 2024;
export const HISTORY_YEARS = [2022, 2023] as const;

export interface PlannedRegion {
  code: string;
  name: string;
}

export interface PlannedUnit {
  region: PlannedRegion;
  department: { code: string; name: string };
  code: string;
  name: string;
  source: SourceDocument;
  /** the years it has budgets for, oldest first (always ends with YEAR) */
  years: number[];
}

export interface Province {
  regions: PlannedRegion[];
  units: PlannedUnit[];
}

const CN = '〇一二三四五六七八九';

/** 1 → 一, 12 → 十二, 105 → 一百〇五: Chinese numerals, so that names carry no digits. */
export function chineseNumber(n: number): string {
  if (n < 10) return CN[n]!;
  if (n < 20) return `十${n % 10 ? CN[n % 10] : ''}`;
  if (n < 100) return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ''}`;
  const rest = n % 100;
  const hundreds = `${CN[Math.floor(n / 100)]}百`;
  if (!rest) return hundreds;
  return rest < 10
    ? `${hundreds}〇${CN[rest]}`
    : `${hundreds}${CN[Math.floor(rest / 10)]}十${rest % 10 ? CN[rest % 10] : ''}`;
}

/** Bureaus a city has; a region's departments take them in turn. */
const BUREAUS = [
  '教育',
  '财政',
  '民政',
  '卫生健康',
  '交通运输',
  '农业农村',
  '水利',
  '文化广电和旅游',
  '自然资源和规划',
  '生态环境',
  '住房和城乡建设',
  '人力资源和社会保障',
  '市场监督管理',
  '应急管理',
  '商务',
  '科学技术',
  '工业和信息化',
  '审计',
  '统计',
  '林业',
  '城市管理',
  '司法',
  '退役军人事务',
  '医疗保障',
  '体育',
  '粮食和物资储备',
  '地方金融监督管理',
  '政务服务和大数据管理',
  '发展和改革',
  '公安',
];

/** What a unit copied from each source is called after (the 2-character 服务 is in two of three). */
const SUFFIXES = ['数据中心', '技术服务中心', '艺术服务中心'];

/** A small deterministic generator (mulberry32), so that a size always gives the same province. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Department sizes of one region: 10–50 units each, adding up to count. */
function departmentSizes(count: number, next: () => number): number[] {
  const sizes: number[] = [];
  let left = count;
  while (left > 0) {
    const size = Math.min(left, 10 + Math.floor(next() * 41));
    // a remainder below 10 joins the previous department
    if (left - size > 0 && left - size < 10) {
      sizes.push(left);
      break;
    }
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * The province: `regions` regions (419901 示例一市 …) sharing `units` units as evenly as they
 * can; `historyUnits` of them, spread over every region, also have budgets for 2022 and 2023.
 */
export function provincePlan(options: {
  units: number;
  historyUnits: number;
  regions: number;
  /** first region code after 419900 (to keep two provinces' codes apart) */
  firstRegion?: number;
  seed?: number;
}): Province {
  const { units: count, regions: regionCount, firstRegion = 1, seed = 2024 } = options;
  if (regionCount < 1 || regionCount > 99) throw new Error(`1 to 99 regions, found ${regionCount}`);
  const next = random(seed);
  const regions = Array.from({ length: regionCount }, (_, i) => ({
    code: `4199${String(firstRegion + i).padStart(2, '0')}`,
    name: `示例${chineseNumber(firstRegion + i)}市`,
  }));
  const units: PlannedUnit[] = [];
  regions.forEach((region, r) => {
    const share = Math.floor(count / regionCount) + (r < count % regionCount ? 1 : 0);
    departmentSizes(share, next).forEach((size, d) => {
      if (size > 999) throw new Error(`a department of ${size} units: more regions, or fewer units`);
      const bureau = `${BUREAUS[d % BUREAUS.length]}${d >= BUREAUS.length ? chineseNumber(Math.floor(d / BUREAUS.length) + 1) : ''}`;
      const department = { code: String(101 + d), name: `${region.name}${bureau}局` };
      if (101 + d > 999) throw new Error('more than 899 departments in a region');
      for (let u = 0; u < size; u++) {
        const which = units.length % SOURCE_DOCUMENTS.length;
        units.push({
          region,
          department,
          code: `${department.code}${String(u + 1).padStart(3, '0')}`,
          name: `${region.name}${bureau}第${chineseNumber(u + 1)}${SUFFIXES[which]}`,
          source: SOURCE_DOCUMENTS[which]!,
          years: [YEAR],
        });
      }
    });
  });
  // every k-th unit has a history, so that each region and most departments have some
  const history = Math.min(options.historyUnits, units.length);
  const step = history ? units.length / history : 0;
  for (let i = 0; i < history; i++) units[Math.floor(i * step)]!.years = [...HISTORY_YEARS, YEAR];
  return { regions, units };
}

export interface WrittenDocument {
  file: string;
  unit: PlannedUnit;
  year: number;
}

/** Writes every planned document, one folder per region (as `yusuan import <folder> --region …` takes them). */
export function writeProvince(province: Province, folder: string): Map<PlannedRegion, WrittenDocument[]> {
  const out = new Map<PlannedRegion, WrittenDocument[]>(province.regions.map((r) => [r, []]));
  for (const region of province.regions) fs.mkdirSync(path.join(folder, region.code), { recursive: true });
  for (const unit of province.units) {
    for (const year of unit.years) {
      const file = path.join(folder, unit.region.code, `${year}-${unit.code}.txt`);
      fs.writeFileSync(
        file,
        copyDocument(unit.source, unit.code, {
          name: unit.name,
          region: unit.region.code,
          year,
          department: unit.department,
        }),
      );
      out.get(unit.region)!.push({ file, unit, year });
    }
  }
  // the order `yusuan import <folder>` reads them in
  for (const documents of out.values())
    documents.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return out;
}
