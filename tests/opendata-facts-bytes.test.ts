import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { importDisclosure } from '../src/importer/index.js';
import { seededMemoryDatabase } from './support/database.js';
import { SOURCE_DOCUMENTS } from './support/documents.js';

/**
 * The bytes of the long facts files, pinned: the seed and the two multi-fund documents (every
 * kind of fact, of-which incomes, unsplit funds, blank groups), imported as a user would. A change
 * to how facts are read or written that moves a byte of facts.csv or facts.parquet fails here;
 * a deliberate change of the format updates these digests in the same commit.
 */
describe('the bytes of facts.csv and facts.parquet', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const db = seededMemoryDatabase();
    for (const source of SOURCE_DOCUMENTS.slice(1)) await importDisclosure(db, source.file);
    app = createApp({ db, config: loadConfig({}) });
  });

  const digest = async (url: string) => {
    const response = await app.fetch(new Request(`http://yusuan${url}`));
    expect(response.status, url).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return `${bytes.length} ${crypto.createHash('sha256').update(bytes).digest('hex')}`;
  };

  it('are those of the pinned files', async () => {
    expect({
      csv: await digest('/opendata/2024/facts.csv'),
      parquet: await digest('/opendata/2024/facts.parquet'),
    }).toMatchInlineSnapshot(`
      {
        "csv": "99876 534976e15213a602f103b3f5e785c4cd9809ecb52dd1224ba197e3e093842cfe",
        "parquet": "13286 950b5e6c38c90e1829d1fa2a143f4dd3d86b70eed5d3b43de11d1307bb4007ad",
      }
    `);
  });
});
