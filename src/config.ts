import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (one level above src/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Setting<T> {
  default: T;
  env: string;
  description: string;
}

/** Every setting Yusuan reads, with its default and a one-line description. */
export const SETTINGS = {
  port: { default: 4000, env: 'PORT', description: 'TCP port the server listens on.' },
  databasePath: {
    default: path.join(ROOT, 'db', 'yusuan.sqlite'),
    env: 'YUSUAN_DB',
    description: 'SQLite database file; the server opens it read-only.',
  },
  seedsPath: {
    default: path.join(ROOT, 'seeds'),
    env: 'YUSUAN_SEEDS',
    description: 'Folder of seed disclosures loaded on first start and by `npm run db:seed`.',
  },
  faultPauseAfter: {
    default: '' as string,
    env: 'YUSUAN_FAULT_PAUSE_AFTER',
    description:
      'Fault injection for tests: an import pauses inside its transaction after writing this fact table (e.g. "functional_expenditures"), so a test can kill it there.',
  },
} satisfies Record<string, Setting<unknown>>;

export type Config = { [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['default'] };

/** Reads the settings from an environment, falling back to the defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env[SETTINGS.port.env];
  return {
    port: port ? Number.parseInt(port, 10) : SETTINGS.port.default,
    databasePath: env[SETTINGS.databasePath.env] ?? SETTINGS.databasePath.default,
    seedsPath: env[SETTINGS.seedsPath.env] ?? SETTINGS.seedsPath.default,
    faultPauseAfter: env[SETTINGS.faultPauseAfter.env] ?? SETTINGS.faultPauseAfter.default,
  };
}
