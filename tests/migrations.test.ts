import fs from 'node:fs';
import path from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, migrateDatabase, openDatabase } from '../src/db/client.js';
import { tempDir } from './support/database.js';

/** A copy of the migrations folder that ends at migration `last` (its journal cut there). */
function migrationsUpTo(last: number): string {
  const dir = tempDir('yusuan-migrations-');
  fs.cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= last);
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

describe('migrations', () => {
  it('0004 rebuilds tables without losing a child row, and marks the verified codes of an older database', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const db = openDatabase(file);
    migrate(db, { migrationsFolder: migrationsUpTo(3) });
    const sql = db.$client;
    sql.exec(`
      insert into subjects (scheme, code, name, level, parent_code) values
        ('functional', '2010301', '行政运行', 3, '20103'), ('functional', '2010399', '其他', 3, '20103');
      insert into units (code, name, kind, parent_code) values ('122', '政务服务和大数据局', 'department', null),
        ('122201', '焦作市政务大数据中心', 'unit', '122');
      insert into budgets (unit_code, year, stage, revision, title, source, content_hash)
        values ('122201', 2024, 'budget', 1, 't', 's', 'h');
      insert into projects (budget_id, seq, code, name, category, functional_subject_code)
        values (1, 1, 'p1', '项目', 'operation', '2010302');
      insert into project_amounts (project_id, fund, amount) values (1, 'generalPublic', 344000);
      insert into performance_indicators (project_id, kind, seq, name, value) values (1, 'output', 1, '指标', '≥1');
      insert into economic_expenditures (budget_id, department_code, government_code, category_group, fund, amount, seq)
        values (1, '30201', '50201', 'public', 'generalPublic', 10000, 1);
    `);
    migrateDatabase(db);
    const rows = (table: string) => sql.prepare(`select * from ${table} order by rowid`).all();
    expect({
      projects: rows('projects'),
      amounts: rows('project_amounts'),
      indicators: (rows('performance_indicators') as { name: string }[]).map((i) => i.name),
      economic: rows('economic_expenditures'),
      subjects: sql.prepare('select code, verified from subjects order by code').all(),
      broken: sql.pragma('foreign_key_check'),
    }).toEqual({
      projects: [
        {
          id: 1,
          budget_id: 1,
          seq: 1,
          code: 'p1',
          name: '项目',
          performance_name: null,
          category: 'operation',
          functional_subject_code: '2010302',
        },
      ],
      amounts: [{ project_id: 1, fund: 'generalPublic', amount: 344000 }],
      indicators: ['指标'],
      economic: [
        {
          budget_id: 1,
          department_code: '30201',
          government_code: '50201',
          category_group: 'public',
          fund: 'generalPublic',
          amount: 10000,
          seq: 1,
        },
      ],
      subjects: [
        { code: '2010301', verified: 1 },
        { code: '2010399', verified: 0 },
      ],
      broken: [],
    });
    // foreign keys are enforced again afterwards
    expect(sql.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('0009 gives a budget stored before profiles existed the profile readers showed for it', () => {
    const db = openDatabase(path.join(tempDir(), 'old.sqlite'));
    migrate(db, { migrationsFolder: migrationsUpTo(2) });
    const sql = db.$client;
    sql.exec(`
      insert into units (code, name, kind, parent_code) values ('122', '政务服务和大数据局', 'department', null);
      insert into units (code, name, kind, parent_code, nature, rank, staffing_quota, staff_count, internal_divisions, duties)
        values ('122201', '焦作市政务大数据中心', 'unit', '122', '公益一类事业单位', '副处级', 30, 28, '["综合科"]', '["统筹"]');
      insert into units (code, name, kind, parent_code) values ('122202', '没有部门的单位', 'unit', '999');
      insert into budgets (unit_code, year, stage, revision, title, source, content_hash)
        values ('122201', 2024, 'budget', 1, 't', 's', 'h'), ('122202', 2024, 'budget', 1, 't', 's', 'h2');
    `);
    migrateDatabase(db);
    expect(sql.prepare('select * from budget_profiles order by budget_id').all()).toEqual([
      {
        budget_id: 1,
        unit_name: '焦作市政务大数据中心',
        department_code: '122',
        department_name: '政务服务和大数据局',
        nature: '公益一类事业单位',
        rank: '副处级',
        staffing_quota: 30,
        staff_count: 28,
        internal_divisions: '["综合科"]',
        duties: '["统筹"]',
        formation: null,
      },
      {
        budget_id: 2,
        unit_name: '没有部门的单位',
        department_code: '',
        department_name: '',
        nature: null,
        rank: null,
        staffing_quota: null,
        staff_count: null,
        internal_divisions: null,
        duties: null,
        formation: null,
      },
    ]);
    // a budget that has its profile keeps it: running the backfill again adds nothing
    const again = sql.prepare('select count(*) from budget_profiles').pluck();
    sql.exec(fs.readFileSync(path.join(MIGRATIONS_FOLDER, '0009_backfill_budget_profiles.sql'), 'utf8'));
    expect(again.get()).toBe(2);
  });
});
