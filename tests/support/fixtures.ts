import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type Db, migrateDatabase, openDatabase } from '../../src/db/client.js';
import { seedDatabase } from '../../src/importer/index.js';
import { writeDisclosure } from '../../src/importer/write.js';
import { SEEDS } from './database.js';
import { graphqlClient } from './graphql.js';
import { seedDisclosure } from './seed.js';

/**
 * A database holding the seed disclosure and `extra` synthetic units (codes 900001…), each a
 * copy of the seed under its own code and a department of its own every 50 units.
 */
export function manyUnitsDatabase(extra: number, onStatement?: (sql: string) => void): Db {
  const db = openDatabase(':memory:', { onStatement });
  migrateDatabase(db);
  seedDatabase(db, SEEDS);
  const template = seedDisclosure();
  for (let i = 1; i <= extra; i++) {
    const code = String(900_000 + i);
    const department = String(900 + Math.ceil(i / 50));
    writeDisclosure(db, {
      ...template,
      department: { code: department, name: `合成部门${department}` },
      unit: { ...template.unit, code, name: `合成单位${code}` },
    });
  }
  return db;
}

/**
 * Runs one GraphQL query against the seed plus `extra` synthetic units and returns its answer and
 * the SQL statements the driver prepared for it (only those of the request).
 */
export async function statementsOfQuery(extra: number, query: string) {
  const statements: string[] = [];
  let recording = false;
  const db = manyUnitsDatabase(extra, (sql) => {
    if (recording) statements.push(sql);
  });
  const graphql = graphqlClient(db);
  recording = true;
  const result = await graphql(query);
  recording = false;
  return { ...result, statements };
}

/** An app over a seeded in-memory database whose SQL statements are recorded while `log.on` is set. */
/** The seeded app on an in-memory database whose statements are logged while `log.on`; `env` sets settings. */
export function recordedApp(env: NodeJS.ProcessEnv = {}) {
  const log = { on: false, statements: [] as string[] };
  const db = openDatabase(':memory:', { onStatement: (sql) => log.on && log.statements.push(sql) });
  migrateDatabase(db);
  seedDatabase(db, SEEDS);
  return { db, log, app: createApp({ db, config: loadConfig(env) }) };
}
