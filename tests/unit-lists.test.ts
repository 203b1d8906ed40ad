import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { importDisclosure } from '../src/importer/index.js';
import { seededMemoryDatabase, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';
import { statementsOfQuery } from './support/fixtures.js';
import { graphqlClient } from './support/graphql.js';

/**
 * Lists of units for dashboards: filtered, sorted by a figure of a year and counted in SQL. Each
 * expectation is computed here from the documents' own text (01's 支出总计, the narrative's
 * “三公” total), not from the database.
 */
interface Listed {
  code: string;
  name: string;
  department: string;
  total: Decimal;
  threePublic: Decimal;
}

const NAMES = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'];

function documentsOf(copies: number): { file: string; listed: Listed }[] {
  const dir = tempDir('yusuan-lists-');
  const out: { file: string; listed: Listed }[] = [];
  for (let i = 0; i < copies; i++) {
    const source = SOURCE_DOCUMENTS[i % SOURCE_DOCUMENTS.length]!;
    const code = `${source.code.slice(0, 3)}${String(700 + i).padStart(3, '0')}`;
    const name = `${source.name.replace(/中心$/, '')}${NAMES[i % NAMES.length]}${i}中心`;
    const text = copyDocument(source, code, name);
    const file = path.join(dir, `2024-${code}.txt`);
    fs.writeFileSync(file, text);
    const total = /\n支出总计\t([\d.]+)|\n收入总计\t[\d.]+\t支出总计\t([\d.]+)/.exec(text)!;
    const threePublic = /“三公”经费预算为([\d.]+)万元/.exec(text)![1]!;
    out.push({
      file,
      listed: {
        code,
        name,
        department: source.code.slice(0, 3),
        total: new Decimal(total[1] ?? total[2]!),
        threePublic: new Decimal(threePublic),
      },
    });
  }
  return out;
}

async function databaseWith(copies: number): Promise<{ db: Db; listed: Listed[] }> {
  const db = seededMemoryDatabase();
  const documents = documentsOf(copies);
  for (const d of documents) await importDisclosure(db, d.file);
  return { db, listed: documents.map((d) => d.listed) };
}

const byCode = (a: Listed, b: Listed) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

describe('lists of units', () => {
  let db: Db;
  let listed: Listed[];
  beforeAll(async () => {
    ({ db, listed } = await databaseWith(12));
  });

  const page = async (args: string, first = 100) => {
    const { data, errors } = await graphqlClient(db)(
      `{ units(first: ${first}${args}) { totalCount edges { cursor node { code name } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(errors).toBeUndefined();
    return data.units;
  };

  it('sorts by total spending of a year, largest first, ties by code, and counts', async () => {
    const units = await page(
      ', filter: { kind: UNIT, year: 2024 }, orderBy: { field: TOTAL, year: 2024, direction: DESC }',
    );
    const expected = [...listed].sort((a, b) => b.total.comparedTo(a.total) || byCode(a, b));
    // the seed unit 122201 is listed too: its own document's total
    const seedTotal = new Decimal('512.02');
    const all = [...expected, { code: '122201', total: seedTotal } as Listed].sort(
      (a, b) => b.total.comparedTo(a.total) || byCode(a, b),
    );
    expect(units.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(all.map((u) => u.code));
    expect(units.totalCount).toBe(listed.length + 1);
  });

  it('sorts by “三公” costs, smallest first', async () => {
    const units = await page(
      ', filter: { department: "201" }, orderBy: { field: THREE_PUBLIC_COSTS, year: 2024, direction: ASC }',
    );
    const expected = listed
      .filter((u) => u.department === '201')
      .sort((a, b) => a.threePublic.comparedTo(b.threePublic) || byCode(a, b));
    expect(units.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(
      expected.map((u) => u.code),
    );
    expect(units.totalCount).toBe(expected.length);
  });

  it('finds names containing any text, one character included', async () => {
    for (const text of ['丙', '文化艺术', '政务大数据']) {
      const units = await page(`, filter: { nameContains: "${text}" }`);
      const expected = [...listed, { code: '122201', name: '焦作市政务大数据中心' } as Listed]
        .filter((u) => u.name.includes(text))
        .sort(byCode);
      expect(units.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(
        expected.map((u) => u.code),
      );
      expect(units.totalCount).toBe(expected.length);
    }
    // LIKE's wildcards are text here
    expect((await page(', filter: { nameContains: "%" }')).totalCount).toBe(0);
  });

  it('pages through a sorted list with cursors: the pages add up to the list', async () => {
    const args = ', filter: { kind: UNIT }, orderBy: { field: NAME, direction: DESC }';
    const whole = (await page(args)).edges.map((e: { node: { code: string } }) => e.node.code);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const units: any = await page(`${args}${after ? `, after: "${after}"` : ''}`, 5);
      seen.push(...units.edges.map((e: { node: { code: string } }) => e.node.code));
      if (!units.pageInfo.hasNextPage) break;
      after = units.pageInfo.endCursor;
    }
    expect(seen).toEqual(whole);
    expect(whole.length).toBe(listed.length + 1);
  });

  it('needs a year to sort by a figure', async () => {
    const { errors } = await graphqlClient(db)(
      '{ units(first: 5, orderBy: { field: TOTAL }) { totalCount } }',
    );
    expect(errors?.map((e) => e.message)).toEqual(['orderBy total needs a year']);
  });
});

describe('statements per list request', () => {
  it('stay the same from 10 to 300 units', async () => {
    const query =
      '{ units(first: 100, filter: { year: 2024 }, orderBy: { field: TOTAL_CHANGE, year: 2024, direction: DESC }) { totalCount edges { node { code name parent { name } budget(year: 2024) { total { value } } } } } }';
    const counts: number[] = [];
    for (const extra of [9, 299]) {
      const { data, errors, statements } = await statementsOfQuery(extra, query);
      expect(errors).toBeUndefined();
      expect(data.units.totalCount).toBe(extra + 1);
      counts.push(statements.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('the issue’s dashboard query takes the same statements at 10 and 500 units', async () => {
    const query = `{ region(code: "410800") { budget(year: 2024) { total { value } unitCount
        subjects(scheme: FUNCTIONAL, level: 1) { code total { value share } } } }
      department(region: "410800", code: "901") { name budget(year: 2024) { total { value }
          threePublicCosts { total { value } } }
        units(first: 50, orderBy: { field: TOTAL, year: 2024, direction: DESC }) { totalCount
          edges { node { code name budget(year: 2024) { total { value } } } } } }
      trigram: units(first: 20, filter: { region: "410800", nameContains: "合成单位" }) { totalCount
        edges { node { code name region { code } } } }
      short: units(first: 20, filter: { nameContains: "合" }) { totalCount } }`;
    const counts: number[] = [];
    for (const extra of [9, 499]) {
      const { data, errors, statements } = await statementsOfQuery(extra, query);
      expect(errors).toBeUndefined();
      const departments = Math.ceil(extra / 50);
      expect([
        data.region.budget.unitCount,
        data.department.units.totalCount,
        data.trigram.totalCount,
        data.short.totalCount,
      ]).toEqual([extra + 1, Math.min(extra, 50), extra, extra + departments]);
      counts.push(statements.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
