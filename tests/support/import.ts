import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { ROOT } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import * as t from '../../src/db/schema.js';

export const SYNTHETIC_FOLDER = path.join(ROOT, 'tests', 'fixtures', 'disclosures', '2024-900101');

const COUNTED = {
  budgets: t.budgets,
  units: t.units,
  subjects: t.subjects,
  functional: t.functionalExpenditures,
  economic: t.economicExpenditures,
  basicItems: t.basicItems,
  projects: t.projects,
  projectAmounts: t.projectAmounts,
  indicators: t.performanceIndicators,
  incomes: t.incomes,
  labels: t.subjectLabels,
  notes: t.importNotes,
};

/** Row counts of every table that holds budget facts: equal before and after means nothing was written. */
export function databaseCounts(db: Db): Record<keyof typeof COUNTED, number> {
  return Object.fromEntries(
    Object.entries(COUNTED).map(([name, table]) => [name, db.select({ n: count() }).from(table).get()!.n]),
  ) as Record<keyof typeof COUNTED, number>;
}

/** Reads every file of a folder into a map, for byte-for-byte comparison. */
export function folderBytes(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]),
  );
}

/**
 * A digest of every row of every table: equal before and after means the database holds exactly
 * what it held (not only as many rows). A full-text index and its shadow tables are left out:
 * they are derived from the table they index, which is in.
 */
export function databaseState(db: Db): Record<string, string> {
  const tables = db.$client
    .prepare(
      `select name from sqlite_master m where type = 'table' and name not like 'sqlite_%'
       and not exists (select 1 from sqlite_master v where v.sql like 'CREATE VIRTUAL TABLE%'
         and (m.name = v.name or m.name like v.name || '!_%' escape '!'))
       order by name`,
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => {
      const rows = db.$client.prepare(`select * from "${name}" order by rowid`).all();
      return [name, crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)];
    }),
  );
}

/**
 * Edits the seed's exported table folder into a consistent revision: two projects' amounts move
 * (信息采集加工费 0.80 → 0.90, 政府信息公开工作经费 1.30 → 1.20), in both tables that print them
 * (12 and 14), so the totals still hold.
 */
export function reviseTwoProjects(folder: string): void {
  for (const no of ['12', '14']) {
    const file = path.join(folder, `${no}.csv`);
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace(/信息采集加工费,(焦作市政务大数据中心,)?0\.80,0\.80/, (m) => m.replaceAll('0.80', '0.90'))
        .replace(/政府信息公开工作经费,(焦作市政务大数据中心,)?1\.30,1\.30/, (m) =>
          m.replaceAll('1.30', '1.20'),
        ),
    );
  }
}
