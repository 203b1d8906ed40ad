import { createServer } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { prepareDatabase } from './db/prepare.js';

const config = loadConfig();
const { seeded } = prepareDatabase(config);
if (seeded) process.stdout.write(`seeded ${seeded} disclosure(s) into ${config.databasePath}\n`);
const db = openDatabase(config.databasePath, { readonly: true });
const server = createServer(createApp({ db, config }));
server.listen(config.port, () => {
  process.stdout.write(
    `Yusuan serving GraphQL at http://localhost:${config.port}/graphql and downloads at /opendata\n`,
  );
  process.stdout.write(`database: ${config.databasePath} (read-only)\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => db.$client.close()));
}
