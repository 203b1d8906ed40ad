import fs from 'node:fs';
import path from 'node:path';
import { documentPath, documentText, SYNTHETIC_UNITS, syntheticCatalog } from './synthetic.js';

/**
 * Writes tests/fixtures/documents/<year>-<unit>.txt for each synthetic unit, with the extraction
 * artefacts on. Run it after changing a fact, a sentence or the renderer:
 *   npx tsx tests/support/write-synthetic.ts
 */
const catalog = syntheticCatalog();
for (const d of SYNTHETIC_UNITS) {
  const file = documentPath(d);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, documentText(d, catalog, true));
  console.log(path.relative(process.cwd(), file));
}
