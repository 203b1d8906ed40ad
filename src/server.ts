import './graphql-production.js';
import { createApp } from './app.js';
import { type Config, loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { databaseProblem } from './db/errors.js';
import { createHttpServer } from './http-server.js';
import { prepareDatabase } from './importer/prepare.js';
import { checkIntegrityInBackground } from './integrity.js';

/** Exit codes of `npm start`: a setting is wrong, the database cannot be used, the port is taken. */
export const EXIT = { config: 2, database: 3, listen: 4 } as const;

function fail(code: number, message: string): never {
  process.stderr.write(`yusuan: cannot start: ${message}\n`);
  process.exit(code);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  fail(EXIT.config, (error as Error).message);
}

let db: ReturnType<typeof openDatabase>;
try {
  const { seeded } = prepareDatabase(config);
  if (seeded) process.stdout.write(`seeded ${seeded} disclosure(s) into ${config.databasePath}\n`);
  db = openDatabase(config.databasePath, { readonly: true });
  // reads the schema: a file that is not a database fails here (the full check runs after start)
  db.$client.prepare('select count(*) from sqlite_schema').get();
} catch (error) {
  fail(EXIT.database, databaseProblem(error, config.databasePath));
}

const server = createHttpServer(createApp({ db, config }), config);
server.on('error', (error: NodeJS.ErrnoException) =>
  fail(
    EXIT.listen,
    error.code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT)` : error.message,
  ),
);
server.listen(config.port, () => {
  process.stdout.write(
    `Yusuan serving GraphQL at http://localhost:${config.port}/graphql and downloads at /opendata\n`,
  );
  process.stdout.write(`database: ${config.databasePath} (read-only)\n`);
  checkIntegrityInBackground(config.databasePath).then((found) => {
    if (found)
      process.stderr.write(
        `yusuan: ${config.databasePath} fails SQLite's integrity check (${found.slice(0, 500)}): restore it from a backup\n`,
      );
  });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => db.$client.close()));
}
