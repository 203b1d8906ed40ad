import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { findBudget, loadDisclosures } from '../src/db/disclosures.js';
import { units } from '../src/db/schema.js';
import { importDisclosure } from '../src/importer/index.js';
import { ImportFailed } from '../src/importer/problems.js';
import { seededMemoryDatabase, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';
import { graphqlClient } from './support/graphql.js';
import { databaseState } from './support/import.js';

/**
 * Regions (行政区划, GB/T 2260) are reference data beside the code list; a unit's region is the
 * first 6 digits of its project codes, or what the import says; a region the list lacks is
 * declared by the import.
 */
const write = (name: string, text: string) => {
  const file = path.join(tempDir('yusuan-regions-'), name);
  fs.writeFileSync(file, text);
  return file;
};

/** The seed's document as a unit of another city's department 922: its project codes start with that city's code. */
const elsewhere = (code: string, unit: string, name: string) =>
  copyDocument(SOURCE_DOCUMENTS[0], unit, name)
    .replaceAll('410800', code)
    .replace(/(^|\t)122(\t)/gm, '$1922$2');

describe('regions', () => {
  let db: Db;
  beforeAll(async () => {
    db = seededMemoryDatabase();
    await importDisclosure(
      db,
      write('2024-122702.txt', copyDocument(SOURCE_DOCUMENTS[0], '122702', '焦作市数据二中心')),
    );
    await importDisclosure(db, write('2024-122801.txt', elsewhere('419900', '122801', '示例市数据中心')), {
      regionName: '示例市',
      regionParent: '410000',
    });
  });

  it('gives each unit the region its project codes name, with the regions above it', async () => {
    const { data, errors } = await graphqlClient(db)(`{
      seed: unit(code: "122201") { region { code name verified parent { code name } } }
      declared: unit(code: "122801") { region { code name verified parent { code } } }
      regions { code name }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      seed: {
        region: {
          code: '410800',
          name: '焦作市',
          verified: true,
          parent: { code: '410000', name: '河南省' },
        },
      },
      declared: { region: { code: '419900', name: '示例市', verified: false, parent: { code: '410000' } } },
      regions: [
        { code: '410000', name: '河南省' },
        { code: '410800', name: '焦作市' },
        { code: '419900', name: '示例市' },
      ],
    });
  });

  it('a region’s budget adds up its units and the regions under it', async () => {
    const { data, errors } = await graphqlClient(db)(`{
      city: region(code: "410800") { budget(year: 2024) { unitCount total { value } } }
      other: region(code: "419900") { budget(year: 2024) { unitCount total { value } } }
      province: region(code: "410000") { children { code } budget(year: 2024) { unitCount total { value } } }
      units(first: 10, filter: { region: "410800" }) { totalCount edges { node { code } } }
    }`);
    expect(errors).toBeUndefined();
    // three copies of the seed's figures (512.02 each): two in 焦作市, one in 示例市
    expect(data).toEqual({
      city: { budget: { unitCount: 2, total: { value: '1024.04' } } },
      other: { budget: { unitCount: 1, total: { value: '512.02' } } },
      province: {
        children: [{ code: '410800' }, { code: '419900' }],
        budget: { unitCount: 3, total: { value: '1536.06' } },
      },
      units: {
        totalCount: 3,
        edges: [{ node: { code: '122' } }, { node: { code: '122201' } }, { node: { code: '122702' } }],
      },
    });
  });

  it('refuses a region that contradicts the project codes, and stores nothing', async () => {
    const before = databaseState(db);
    const error = await importDisclosure(
      db,
      write('2024-122703.txt', copyDocument(SOURCE_DOCUMENTS[0], '122703', '焦作市数据三中心')),
      { region: '419900' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFailed);
    const lines = fs.readFileSync(SOURCE_DOCUMENTS[0].file, 'utf8').split('\n');
    expect((error as ImportFailed).problems).toEqual([
      {
        file: '2024-122703.txt › 14 2024年单位预算项目绩效目标表',
        row: lines.findIndex((l) => l.startsWith('4108002200 0000003586 9')) + 1,
        column: '单位编码(项目编码)',
        expected: 'project codes of region 419900 (as the import says)',
        found: 'codes of 410800',
      },
    ]);
    expect(databaseState(db)).toEqual(before);
  });

  it('another unit’s disclosure never renames its department; each disclosure keeps the name it printed', async () => {
    const text = copyDocument(SOURCE_DOCUMENTS[0], '122705', '焦作市数据五中心').replaceAll(
      '政务服务和大数据局',
      '政务服务和大数据管理局',
    );
    await importDisclosure(db, write('2024-122705.txt', text));
    const budget = findBudget(db, '122705', 2024)!;
    expect([
      db.select().from(units).where(eq(units.code, '122')).get()?.name,
      loadDisclosures(db, [budget.id]).get(budget.id)?.department,
    ]).toEqual(['政务服务和大数据局', { code: '122', name: '政务服务和大数据管理局' }]);
  });

  it('refuses a different name for a region the list has', async () => {
    const error = await importDisclosure(
      db,
      write('2024-122704.txt', copyDocument(SOURCE_DOCUMENTS[0], '122704', '焦作市数据四中心')),
      { regionName: '焦作' },
    ).catch((e: unknown) => e);
    expect((error as ImportFailed).problems).toEqual([
      {
        file: '2024-122704.txt',
        row: null,
        column: 'region',
        expected: 'the name of 410800 in the region list, "焦作市"',
        found: '"焦作"',
      },
    ]);
  });
});
