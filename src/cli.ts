import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from './config.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { findBudget, loadCatalog, loadDisclosures } from './db/disclosures.js';
import { prepareDatabase } from './db/prepare.js';
import { ROUNDING_RULE, runChecks } from './disclosure/checks.js';
import { LAYOUTS } from './disclosure/layouts.js';
import { renderDisclosure } from './disclosure/render.js';
import { seedDatabase } from './importer/index.js';
import { ImportFailed } from './importer/problems.js';
import { tableToCsv } from './opendata/csv.js';

const config = loadConfig();

function integer(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value))
      throw new InvalidArgumentError(`${name} must be a whole number, found "${value}"`);
    return Number.parseInt(value, 10);
  };
}

function tableNumber(value: string): number {
  const no = integer('--table')(value);
  if (!LAYOUTS.some((l) => l.no === no))
    throw new InvalidArgumentError(`--table must be 01…14, found "${value}"`);
  return no;
}

/** Opens the prepared database read-only and finds a stored disclosure, or exits with a message. */
function storedDisclosure(unit: string, year: number) {
  prepareDatabase(config);
  const db = openDatabase(config.databasePath, { readonly: true });
  const budget = findBudget(db, unit, year);
  if (!budget) {
    process.stderr.write(`yusuan: no budget of unit ${unit} for ${year} in ${config.databasePath}\n`);
    process.exit(2);
  }
  const disclosure = loadDisclosures(db, [budget.id]).get(budget.id)!;
  return { db, budget, disclosure, catalog: loadCatalog(db) };
}

export function buildProgram(): Command {
  const program = new Command('yusuan')
    .description(
      'Yusuan 预算: Chinese government budget disclosures as data you can query, download and trust',
    )
    .showHelpAfterError();

  program
    .command('migrate')
    .description('apply database migrations (creates the database file if needed)')
    .action(() => {
      const db = openDatabase(config.databasePath);
      migrateDatabase(db);
      db.$client.close();
      process.stdout.write(`migrated ${config.databasePath}\n`);
    });

  program
    .command('seed')
    .description(
      'load seeds/ (code list and disclosures) in one transaction; unchanged disclosures are skipped',
    )
    .action(() => {
      const db = openDatabase(config.databasePath);
      migrateDatabase(db);
      const results = seedDatabase(db, config.seedsPath);
      db.$client.close();
      for (const r of results) {
        process.stdout.write(
          `${r.unitCode} ${r.year}: ${r.created ? `revision ${r.revision} stored` : `unchanged (revision ${r.revision})`}, ${r.checks.passed} checks passed\n`,
        );
      }
    });

  program
    .command('export')
    .description('print one disclosure table in the published layout (figures in 万元)')
    .requiredOption('--unit <code>', 'unit code, e.g. 122201')
    .requiredOption('--year <year>', 'budget year, e.g. 2024', integer('--year'))
    .requiredOption('--table <no>', 'table number 01…14', tableNumber)
    .addOption(new Option('--format <format>', 'output format').choices(['csv']).default('csv'))
    .option('--bom', 'prepend a UTF-8 byte order mark (for Excel)')
    .action((options: { unit: string; year: number; table: number; bom?: boolean }) => {
      const { db, disclosure, catalog } = storedDisclosure(options.unit, options.year);
      const table = renderDisclosure(disclosure, catalog).find((t) => t.no === options.table)!;
      process.stdout.write(tableToCsv(table, { bom: options.bom }));
      db.$client.close();
    });

  program
    .command('check')
    .description('run every consistency check on a stored budget; exits 1 when any fails')
    .requiredOption('--unit <code>', 'unit code, e.g. 122201')
    .requiredOption('--year <year>', 'budget year, e.g. 2024', integer('--year'))
    .option('--json', 'print the report as JSON')
    .action((options: { unit: string; year: number; json?: boolean }) => {
      const { db, budget, disclosure, catalog } = storedDisclosure(options.unit, options.year);
      const results = runChecks(disclosure, catalog);
      db.$client.close();
      const failed = results.filter((r) => !r.passed);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ rule: ROUNDING_RULE, results }, null, 2)}\n`);
      } else {
        process.stdout.write(`${disclosure.unit.name} ${budget.year} (revision ${budget.revision})\n`);
        process.stdout.write(`tolerance: ${ROUNDING_RULE}\n\n`);
        for (const r of results) {
          const mark = r.passed ? 'PASS' : 'FAIL';
          const where = r.detail ? ` [${r.detail}]` : '';
          process.stdout.write(
            `${mark}  ${r.id}  ${r.description}${where}\n      expected ${r.expected}, found ${r.found}\n`,
          );
        }
        process.stdout.write(`\n${results.length - failed.length} passed, ${failed.length} failed\n`);
      }
      process.exitCode = failed.length ? 1 : 0;
    });

  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ImportFailed) {
    process.stderr.write(`yusuan: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
