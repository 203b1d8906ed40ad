import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { leafColumns } from '../src/disclosure/columns.js';
import { LAYOUTS } from '../src/disclosure/layouts.js';
import { seededMemoryDatabase } from './support/database.js';

import { catalogValidator, errorsOf, readSchema, SCHEMA_FILES, validator } from './support/schemas.js';

const SHARED_SCHEMAS = path.resolve(import.meta.dirname, '../../shared/reference/schemas');

let app: ReturnType<typeof createApp>;
beforeAll(() => {
  app = createApp({ db: seededMemoryDatabase(), config: loadConfig({ YUSUAN_PUBLIC_URL: 'http://yusuan' }) });
});
const get = (url: string) => app.fetch(new Request(url.startsWith('http') ? url : `http://yusuan${url}`));
const json = async (url: string) => (await get(url)).json() as Promise<any>;

describe('the schema copies in tests/fixtures', () => {
  it.skipIf(!fs.existsSync(SHARED_SCHEMAS))('equal ../shared/reference/schemas as JSON', () => {
    for (const file of SCHEMA_FILES) {
      expect(readSchema(file), file).toEqual(
        JSON.parse(fs.readFileSync(path.join(SHARED_SCHEMAS, file), 'utf8')),
      );
    }
  });
});

describe('datapackage.json', () => {
  it('is a valid Data Package, against the v2 profile and the v1 profile', async () => {
    const descriptor = await json('/opendata/410800/2024/122201/datapackage.json');
    expect(errorsOf(validator([readSchema('frictionless-v2/datapackage.json')]), descriptor)).toEqual([]);
    expect(errorsOf(validator([readSchema('frictionless-v1/datapackage.json')]), descriptor)).toEqual([]);
  });

  it('the validators do reject what the profiles forbid', async () => {
    const descriptor = await json('/opendata/410800/2024/122201/datapackage.json');
    const broken = {
      ...descriptor,
      resources: [
        { ...descriptor.resources[0], path: '../01.csv', schema: { fields: [{ name: 'x', type: 'money' }] } },
      ],
    };
    expect(
      errorsOf(validator([readSchema('frictionless-v2/datapackage.json')]), broken).length,
    ).toBeGreaterThan(0);
    expect(
      errorsOf(validator([readSchema('frictionless-v1/datapackage.json')]), broken).length,
    ).toBeGreaterThan(0);
  });

  it('describes each CSV: its path, byte count and hash, header rows, and a Table Schema from the layout', async () => {
    const descriptor = await json('/opendata/410800/2024/122201/datapackage.json');
    expect(descriptor.resources.map((r: any) => r.path)).toEqual([
      ...LAYOUTS.map((l) => `${String(l.no).padStart(2, '0')}.csv`),
      // the 情况说明 written from the same facts (tests/explanation.test.ts checks them)
      'narrative.json',
      'narrative.md',
    ]);
    for (const [i, layout] of LAYOUTS.entries()) {
      const resource = descriptor.resources[i];
      const csv = new Uint8Array(
        await (await get(`/opendata/410800/2024/122201/${resource.path}`)).arrayBuffer(),
      );
      expect([resource.bytes, resource.hash]).toEqual([
        csv.byteLength,
        `sha256:${crypto.createHash('sha256').update(csv).digest('hex')}`,
      ]);
      const leaves = leafColumns(layout.columns);
      expect(resource.schema.fields).toEqual(
        leaves.map((leaf) =>
          leaf.type === 'amount'
            ? {
                name: leaf.path,
                title: leaf.labels.join(' / '),
                type: 'number',
                decimalChar: '.',
                bareNumber: true,
                description: '万元，两位小数；空白为零或不适用',
              }
            : { name: leaf.path, title: leaf.labels.join(' / '), type: 'string' },
        ),
      );
      expect(resource.schema.primaryKey).toEqual(layout.primaryKey);
      const headerLines = Math.max(...leaves.map((l) => l.labels.length));
      expect(resource.dialect.headerRows.length).toBeGreaterThanOrEqual(headerLines);
    }
  });

  it('names fields by stable leaf paths and titles them with the Chinese header labels (table 02)', async () => {
    const descriptor = await json('/opendata/410800/2024/122201/datapackage.json');
    const income = descriptor.resources[1];
    expect(
      income.schema.fields.slice(0, 10).map((f: any) => `${f.name} | ${f.title} | ${f.type}`),
    ).toMatchInlineSnapshot(`
      [
        "unitCode | 单位代码 | string",
        "unitName | 单位名称 | string",
        "total | 总计 | number",
        "all.generalPublic | 合计 / 一般公共预算 | number",
        "all.governmentFund | 合计 / 政府性基金 | number",
        "all.stateCapital | 合计 / 国有资本经营预算 | number",
        "all.specialAccount | 合计 / 财政专户管理资金 | number",
        "current.total | 本年收入 / 合计 | number",
        "current.generalPublic.subtotal | 本年收入 / 一般公共预算 / 小计 | number",
        "current.generalPublic.appropriation | 本年收入 / 一般公共预算 / 其中：财政拨款 | number",
      ]
    `);
    expect({ name: income.name, primaryKey: income.schema.primaryKey, dialect: income.dialect }).toEqual({
      name: '02-income',
      primaryKey: ['unitCode'],
      dialect: {
        header: true,
        headerRows: [1, 2, 3],
        headerJoin: ' / ',
        delimiter: ',',
        lineTerminator: '\r\n',
        quoteChar: '"',
        doubleQuote: true,
      },
    });
  });
});

describe('catalog.json', () => {
  it('the root catalog, each region’s and each facts package are valid against the schemas', async () => {
    const root = await json('/opendata/catalog.json');
    expect(errorsOf(catalogValidator(), root)).toEqual([]);
    const regional = root.dataset.flatMap((d: any) =>
      d.distribution
        .filter((x: any) => x.downloadURL.endsWith('/catalog.json'))
        .map((x: any) => x.downloadURL),
    );
    expect(regional).toEqual(['http://yusuan/opendata/410800/catalog.json']);
    for (const url of regional) expect(errorsOf(catalogValidator(), await json(url)), url).toEqual([]);
    for (const url of ['/opendata/2024/datapackage.json', '/opendata/410800/2024/datapackage.json']) {
      const descriptor = await json(url);
      expect(errorsOf(validator([readSchema('frictionless-v2/datapackage.json')]), descriptor), url).toEqual(
        [],
      );
      expect(errorsOf(validator([readSchema('frictionless-v1/datapackage.json')]), descriptor), url).toEqual(
        [],
      );
    }
  });

  it('the validator does reject what the schema forbids', () => {
    const invalid = {
      conformsTo: 'https://project-open-data.cio.gov/v1.1/schema',
      dataset: [{ title: 'x' }],
    };
    expect(errorsOf(catalogValidator(), invalid).length).toBeGreaterThan(0);
  });

  it('the root lists each region and each year’s facts; a region lists its unit-years and its facts; URLs are on YUSUAN_PUBLIC_URL, never the Host', async () => {
    const here = await json('http://yusuan/opendata/catalog.json');
    const region = await json('http://yusuan/opendata/410800/catalog.json');
    const elsewhere = createApp({
      db: seededMemoryDatabase(),
      config: loadConfig({ YUSUAN_PUBLIC_URL: 'https://data.example.org/' }),
    });
    const asked = (on: typeof app) =>
      on.fetch(
        new Request('http://evil.example/opendata/410800/catalog.json', {
          headers: { host: 'evil.example' },
        }),
      );
    const there = await (await asked(elsewhere)).json();
    // without the setting: the address the server listens on, whatever the Host says
    const local = await (
      await asked(createApp({ db: seededMemoryDatabase(), config: loadConfig({ PORT: '4321' }) }))
    ).json();
    expect(local.dataset[0].distribution[0].downloadURL).toBe(
      'http://localhost:4321/opendata/410800/2024/122201/01.csv',
    );
    expect(JSON.stringify([there, local])).not.toContain('evil.example');
    expect(() => loadConfig({ YUSUAN_PUBLIC_URL: 'data.example.org' })).toThrow(
      'YUSUAN_PUBLIC_URL must be an http or https URL such as https://data.example.gov.cn, found "data.example.org"',
    );
    expect(here.dataset.map((d: any) => d.identifier)).toEqual(['yusuan-region-410800', 'yusuan-facts-2024']);
    expect(region.dataset.map((d: any) => d.identifier)).toEqual([
      'yusuan-budget-410800-2024-122201',
      'yusuan-facts-410800-2024',
    ]);
    expect(there.dataset.map((d: any) => d.identifier)).toEqual(region.dataset.map((d: any) => d.identifier));
    expect(there.dataset[0].distribution[0].downloadURL).toBe(
      'https://data.example.org/opendata/410800/2024/122201/01.csv',
    );
  });

  it('has one distribution per file, each downloadable with the media type it declares', async () => {
    const root = await json('/opendata/catalog.json');
    const region = await json('/opendata/410800/catalog.json');
    const urls = [...root.dataset, ...region.dataset].flatMap((d: any) =>
      d.distribution.map((x: any) => x.downloadURL),
    );
    // root: the region's catalog, the year's facts.csv and Parquet;
    // region: a CSV per table, the workbook and the package, then the region's facts.csv
    expect(urls.length).toBe(1 + 2 + LAYOUTS.length + 2 + 1);
    expect(new Set(urls).size).toBe(urls.length);
    for (const distribution of [...root.dataset, ...region.dataset].flatMap((d: any) => d.distribution)) {
      const response = await get(distribution.downloadURL);
      expect(response.status, distribution.downloadURL).toBe(200);
      expect(response.headers.get('content-type')!.split(';')[0]).toBe(distribution.mediaType);
      await response.body?.cancel();
    }
  });

  it('states the dataset as DCAT harvesters read it', async () => {
    const [budget] = (await json('/opendata/410800/catalog.json')).dataset;
    const { distribution, modified, description, ...rest } = budget;
    expect(modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(description).toContain('焦作市政务大数据中心2024年单位预算公开的全部14张表');
    expect(rest).toEqual({
      '@type': 'dcat:Dataset',
      identifier: 'yusuan-budget-410800-2024-122201',
      title: '焦作市政务大数据中心2024年度单位预算',
      keyword: ['预算公开', '单位预算', '2024年', '焦作市政务大数据中心', '政务服务和大数据局'],
      issued: '2024-02',
      temporal: '2024-01-01/2024-12-31',
      accrualPeriodicity: 'R/P1Y',
      language: ['zh-CN'],
      spatial: '410800',
      publisher: {
        '@type': 'org:Organization',
        name: '焦作市政务大数据中心',
        subOrganizationOf: { '@type': 'org:Organization', name: '政务服务和大数据局' },
      },
      contactPoint: { '@type': 'vcard:Contact', fn: '焦作市政务大数据中心' },
      accessLevel: 'public',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      landingPage: 'http://yusuan/opendata/410800/unit/122201/#yusuan-budget-410800-2024-122201',
    });
    expect(distribution.slice(0, 2)).toEqual([
      {
        '@type': 'dcat:Distribution',
        title: '01 2024年单位收支预算表（CSV）',
        downloadURL: 'http://yusuan/opendata/410800/2024/122201/01.csv',
        mediaType: 'text/csv',
        format: 'CSV',
        conformsTo: 'https://www.rfc-editor.org/rfc/rfc4180',
        describedBy: 'http://yusuan/opendata/410800/2024/122201/datapackage.json',
        describedByType: 'application/json',
      },
      {
        '@type': 'dcat:Distribution',
        title: '02 2024年单位收入预算表（CSV）',
        downloadURL: 'http://yusuan/opendata/410800/2024/122201/02.csv',
        mediaType: 'text/csv',
        format: 'CSV',
        conformsTo: 'https://www.rfc-editor.org/rfc/rfc4180',
        describedBy: 'http://yusuan/opendata/410800/2024/122201/datapackage.json',
        describedByType: 'application/json',
      },
    ]);
  });
});
