import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { createImportSession } from '../src/importer/index.js';
import { seededDatabaseFile, tempDir } from './support/database.js';
import { copyDocument, SOURCE_DOCUMENTS } from './support/documents.js';

const pragma = (db: ReturnType<typeof openDatabase>, name: string) =>
  db.$client.pragma(name, { simple: true });

describe('an import session’s write settings', () => {
  it('commits without fsync, checkpoints every 16,384 pages, and restores and checkpoints at close', async () => {
    const file = seededDatabaseFile();
    const dir = tempDir('yusuan-session-');
    const files = SOURCE_DOCUMENTS.map((source, i) => {
      const code = `${source.code.slice(0, 3)}${String(800 + i).padStart(3, '0')}`;
      const document = path.join(dir, `2024-${code}.txt`);
      fs.writeFileSync(document, copyDocument(source, code));
      return document;
    });
    const db = openDatabase(file);
    const settings = () => [pragma(db, 'synchronous'), pragma(db, 'wal_autocheckpoint')];
    /** the WAL's frames, and how many of them are in the database file (a checkpoint that waits for nothing) */
    const wal = () =>
      (
        db.$client.pragma('wal_checkpoint(NOOP)') as { busy: number; log: number; checkpointed: number }[]
      )[0]!;
    try {
      const before = settings();
      expect(before[1]).toBe(1000);
      const session = createImportSession(db);
      // synchronous = NORMAL (1)
      expect(settings()).toEqual([1, 16_384]);
      const stored: number[] = [];
      for await (const each of session.importEach(files)) {
        if ('error' in each) throw each.error;
        stored.push(each.result.facts);
      }
      expect(stored).toHaveLength(SOURCE_DOCUMENTS.length);
      // the documents' pages are still in the WAL: fewer than a checkpoint's worth were written
      const during = wal();
      expect(during.busy).toBe(0);
      expect(during.checkpointed).toBeLessThan(during.log);
      session.close();
      expect(settings()).toEqual(before);
      expect(wal()).toEqual({ busy: 0, log: during.log, checkpointed: during.log });
    } finally {
      db.$client.close();
    }
  });
});
