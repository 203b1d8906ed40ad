import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { csvRecords, neutraliseFormula } from '../src/formats/csv.js';
import { formatWan } from '../src/money.js';
import { csvCell, wanText } from '../src/opendata/facts.js';
import { seededMemoryDatabase } from './support/database.js';

/**
 * facts.csv formats its rows itself (no CSV library, no Decimal): these pin that it writes what
 * csv-stringify (csvRecords) and formatWan write, cell for cell and byte for byte.
 */
describe('facts.csv cell formatting', () => {
  it('quotes and neutralises a cell as csvRecords does', () => {
    const cells = [
      '',
      'plain',
      '焦作市政务大数据中心',
      'a,b',
      'say "hi"',
      '"',
      'line\nbreak',
      'cr\rhere',
      'crlf\r\nhere',
      '=SUM(A1)',
      '+1 phone',
      '-minus',
      '-12.50',
      '@home',
      '\ttab',
      '＝全角',
      "'already",
      '=a,"b"',
      ' spaced ',
    ];
    for (const cell of cells) {
      const expected = csvRecords([[neutraliseFormula(cell)]]).replace(/\r\n$/, '');
      expect(csvCell(cell), JSON.stringify(cell)).toBe(expected);
    }
  });

  it('prints yuan as 万元 exactly as formatWan does, rounding half away from zero', () => {
    const amounts = [0, 1, 49, 50, 51, 99, 100, 149, 150, 5_120_200, 12_345_678, 99_994_999, 99_995_000];
    for (let i = 0; i < 2000; i++) amounts.push((i * 2_654_435_761) % 1_000_000_007);
    amounts.push(Number.MAX_SAFE_INTEGER - 1, 2 ** 40 + 51);
    for (const yuan of amounts) {
      expect(wanText(yuan), String(yuan)).toBe(formatWan(yuan));
      expect(wanText(-yuan), String(-yuan)).toBe(formatWan(-yuan));
    }
  });
});

describe('facts.csv with names that need quoting or neutralising', () => {
  it('writes every record as csvRecords writes it', async () => {
    const db = seededMemoryDatabase();
    db.$client
      .prepare("update units set name = ? where kind = 'unit'")
      .run('=HYPERLINK("http://x"),"单位"\n第二行');
    db.$client.prepare("update units set name = ? where kind = 'department'").run('-部门, "甲"');
    db.$client.prepare("update basic_items set name = '+' || name || ',\"乙\"' where seq % 2 = 0").run();
    const app = createApp({ db, config: loadConfig({}) });
    const text = await (await app.fetch(new Request('http://yusuan/opendata/2024/facts.csv'))).text();
    const records = parse(text) as string[][];
    expect(records.length).toBeGreaterThan(100);
    expect(text).toBe(csvRecords(records));
    expect(records[1]![9]).toBe('\'=HYPERLINK("http://x"),"单位"\n第二行');
    expect(records[1]![7]).toBe('\'-部门, "甲"');
    expect(records.some((r) => r[10] === 'basic_item' && r[29]!.startsWith("'+"))).toBe(true);
  });
});
