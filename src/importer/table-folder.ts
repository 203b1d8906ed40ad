import fs from 'node:fs';
import path from 'node:path';
import type { Disclosure } from '../disclosure/facts.js';
import { renderDisclosure } from '../disclosure/render.js';
import type { SubjectCatalog } from '../disclosure/subjects.js';
import { tableToCsv } from '../formats/csv.js';
import { MANIFEST_FILE, tableFileName } from '../formats/table-files.js';
import { manifestOf } from './manifest.js';

/**
 * Writes a stored disclosure as the folder `yusuan import` reads: manifest.json and 01.csv …
 * 14.csv in the published layout. Reading it back and writing it again gives the same bytes.
 */
export function writeTableFolder(d: Disclosure, catalog: SubjectCatalog, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = [MANIFEST_FILE];
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), manifestOf(d, d.declaredSubjects));
  for (const table of renderDisclosure(d, catalog)) {
    const file = tableFileName(table.no);
    fs.writeFileSync(path.join(dir, file), tableToCsv(table));
    files.push(file);
  }
  return files;
}
