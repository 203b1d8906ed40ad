import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../src/config.js';

/** The published documents the tests and the benchmark build on: the seed and two multi-fund units. */
export const SOURCE_DOCUMENTS = [
  {
    file: path.join(ROOT, 'seeds', 'disclosures', '2024-122201.txt'),
    code: '122201',
    name: '焦作市政务大数据中心',
  },
  {
    file: path.join(ROOT, 'tests', 'fixtures', 'documents', '2024-201003.txt'),
    code: '201003',
    name: '焦作市乡村建设技术服务中心',
  },
  {
    file: path.join(ROOT, 'tests', 'fixtures', 'documents', '2024-207105.txt'),
    code: '207105',
    name: '焦作市云台文化艺术服务中心',
  },
] as const;

/**
 * A document of another unit of the same department: the source's text with the unit's code
 * (in the tables' code cells) and, when given, its name replaced everywhere. Its figures stay.
 */
export function copyDocument(
  source: (typeof SOURCE_DOCUMENTS)[number],
  code: string,
  name: string = source.name,
): string {
  const text = fs.readFileSync(source.file, 'utf8');
  return text
    .replace(new RegExp(`(^|\\t)${source.code}(\\t)`, 'gm'), `$1${code}$2`)
    .replaceAll(source.name, name);
}
