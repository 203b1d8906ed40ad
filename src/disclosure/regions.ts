import fs from 'node:fs';
import { parse } from 'csv-parse/sync';

/** A 行政区划 (GB/T 2260: 410000 河南省, 410800 焦作市). */
export interface Region {
  code: string;
  name: string;
  parentCode: string | null;
  /** the name was checked against a published source */
  verified: boolean;
}

/** Reads the reference region list (code,name,parent_code,verified). */
export function readRegions(file: string): Region[] {
  const records: Record<string, string>[] = parse(fs.readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  });
  return records.map((r, i) => {
    if (!/^\d{6}$/.test(r.code ?? ''))
      throw new Error(`${file} row ${i + 2}: a 6-digit region code, found "${r.code}"`);
    return {
      code: r.code!,
      name: r.name ?? '',
      parentCode: r.parent_code || null,
      verified: r.verified === 'yes',
    };
  });
}

/** A region and every region under it. */
export function regionAndBelow(regions: readonly Region[], code: string): string[] {
  const out = [code];
  for (let i = 0; i < out.length; i++)
    for (const r of regions) if (r.parentCode === out[i] && !out.includes(r.code)) out.push(r.code);
  return out;
}
