import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from './config.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { AmbiguousUnit, findBudget, loadCatalog, loadDisclosures } from './db/disclosures.js';
import { prepareDatabase } from './db/prepare.js';
import { ROUNDING_RULE, runChecks } from './disclosure/checks.js';
import { diffTables } from './disclosure/diff.js';
import { LAYOUTS } from './disclosure/layouts.js';
import { renderDisclosure } from './disclosure/render.js';
import { disclosuresUnder, importDisclosure, seedDatabase } from './importer/index.js';
import { formatProblem, ImportFailed } from './importer/problems.js';
import { writeTableFolder } from './importer/table-folder.js';
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
function storedDisclosure(unit: string, region: string | undefined, year: number, revision?: number) {
  // read-only commands never migrate, seed or create a database: a wrong path is an error
  if (!fs.existsSync(config.databasePath)) {
    process.stderr.write(
      `yusuan: no database at ${config.databasePath} (YUSUAN_DB); \`npm start\` or \`yusuan seed\` creates it\n`,
    );
    process.exit(2);
  }
  const db = openDatabase(config.databasePath, { readonly: true });
  let budget: ReturnType<typeof findBudget>;
  try {
    budget = findBudget(db, { code: unit, regionCode: region }, year, revision);
  } catch (error) {
    if (!(error instanceof AmbiguousUnit)) throw error;
    process.stderr.write(`yusuan: ${error.message} with --region\n`);
    process.exit(2);
  }
  if (!budget) {
    const which = revision === undefined ? '' : ` revision ${revision}`;
    process.stderr.write(`yusuan: no budget${which} of unit ${unit} for ${year} in ${config.databasePath}\n`);
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
    .description(
      'print one disclosure table in the published layout (figures in 万元), or with --out write the whole disclosure as the folder `yusuan import` reads',
    )
    .requiredOption('--unit <code>', 'unit code, e.g. 122201')
    .option('--region <code>', 'the unit’s 行政区划 (410800), where its code is in more than one region')
    .requiredOption('--year <year>', 'budget year, e.g. 2024', integer('--year'))
    .option('--table <no>', 'table number 01…14', tableNumber)
    .option('--out <dir>', 'write manifest.json and 01.csv … 14.csv into this folder')
    .option('--revision <n>', 'a stored revision (default: the latest)', integer('--revision'))
    .addOption(new Option('--format <format>', 'output format').choices(['csv']).default('csv'))
    .option('--bom', 'prepend a UTF-8 byte order mark (for Excel)')
    .action(
      (options: {
        unit: string;
        year: number;
        region?: string;
        table?: number;
        out?: string;
        revision?: number;
        bom?: boolean;
      }) => {
        if ((options.table === undefined) === (options.out === undefined)) {
          throw new InvalidArgumentError('give either --table <no> or --out <dir>');
        }
        const { db, disclosure, catalog } = storedDisclosure(
          options.unit,
          options.region,
          options.year,
          options.revision,
        );
        db.$client.close();
        if (options.out) {
          const files = writeTableFolder(disclosure, catalog.with(disclosure.declaredSubjects), options.out);
          process.stdout.write(`wrote ${files.length} files to ${options.out}\n`);
          return;
        }
        const table = renderDisclosure(disclosure, catalog).find((t) => t.no === options.table)!;
        process.stdout.write(tableToCsv(table, { bom: options.bom }));
      },
    );

  program
    .command('import')
    .description(
      'import disclosures: a published document (.txt: narrative and the 14 tables, cells separated by tabs), a table folder (manifest.json + 01.csv … 14.csv, as `export --out` writes), an .xlsx workbook, or a folder of them; each is validated in full and written in one transaction as a new revision',
    )
    .argument('<paths...>', 'documents, table folders or workbooks, or folders holding them')
    .option(
      '--allow-rounding',
      'accept published totals that differ from the computed ones within the rounding tolerance, and record them',
    )
    .option('--manifest <file>', 'manifest for a workbook (unit profile, prior-year and narrative figures)')
    .option(
      '--region <code>',
      '行政区划 of the units (GB/T 2260, e.g. 410800); by default the first 6 digits of their project codes',
    )
    .option('--region-name <name>', 'declares a region the region list lacks: its name (with --region)')
    .option('--region-parent <code>', 'the parent of a region declared with --region-name')
    .action(
      async (
        paths: string[],
        options: {
          allowRounding?: boolean;
          manifest?: string;
          region?: string;
          regionName?: string;
          regionParent?: string;
        },
      ) => {
        prepareDatabase(config);
        const db = openDatabase(config.databasePath);
        const targets = paths.flatMap((p) => disclosuresUnder(p));
        const summary = {
          units: new Set<string>(),
          budgets: 0,
          unchanged: 0,
          facts: 0,
          checks: 0,
          warnings: 0,
          failed: 0,
        };
        for (const [i, target] of targets.entries()) {
          const prefix = `[${i + 1}/${targets.length}] ${target}`;
          try {
            const r = await importDisclosure(db, target, options);
            summary.units.add(r.unitCode);
            if (r.created) summary.budgets++;
            else summary.unchanged++;
            summary.facts += r.facts;
            summary.checks += r.checks.passed;
            summary.warnings += r.notes.length;
            const what = r.created
              ? `stored as revision ${r.revision}`
              : `unchanged (revision ${r.revision})`;
            process.stderr.write(
              `${prefix}: ${r.unitCode} ${r.unitName} ${r.year} ${what}, ${r.facts} facts, ${r.checks.passed} checks passed\n`,
            );
            for (const w of r.notes) process.stderr.write(`  noted: ${formatProblem(w)}\n`);
          } catch (error) {
            if (!(error instanceof ImportFailed)) throw error;
            summary.failed++;
            process.stderr.write(
              `${prefix}: refused, nothing stored\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`,
            );
          }
        }
        db.$client.close();
        process.stdout.write(
          `units: ${summary.units.size}, budgets stored: ${summary.budgets}, unchanged: ${summary.unchanged}, refused: ${summary.failed}, facts: ${summary.facts}, checks passed: ${summary.checks}, warnings: ${summary.warnings}\n`,
        );
        process.exitCode = summary.failed ? 1 : 0;
      },
    );

  program
    .command('diff')
    .description('list the table cells that changed between two revisions of a budget')
    .requiredOption('--unit <code>', 'unit code, e.g. 122201')
    .option('--region <code>', 'the unit’s 行政区划 (410800), where its code is in more than one region')
    .requiredOption('--year <year>', 'budget year, e.g. 2024', integer('--year'))
    .requiredOption('--from <n>', 'the earlier revision', integer('--from'))
    .option('--to <n>', 'the later revision (default: the latest)', integer('--to'))
    .option('--json', 'print the changes as JSON')
    .action(
      (options: {
        unit: string;
        year: number;
        region?: string;
        from: number;
        to?: number;
        json?: boolean;
      }) => {
        const before = storedDisclosure(options.unit, options.region, options.year, options.from);
        const after = storedDisclosure(options.unit, options.region, options.year, options.to);
        const changes = diffTables(
          renderDisclosure(before.disclosure, before.catalog),
          renderDisclosure(after.disclosure, after.catalog),
        );
        before.db.$client.close();
        after.db.$client.close();
        if (options.json) {
          process.stdout.write(`${JSON.stringify(changes, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `revision ${before.budget.revision} → ${after.budget.revision}: ${changes.length} cell(s) changed\n`,
        );
        for (const c of changes) {
          process.stdout.write(
            `${String(c.table).padStart(2, '0')} ${c.row} | ${c.column}: ${c.before || '(blank)'} → ${c.after || '(blank)'}\n`,
          );
        }
      },
    );

  program
    .command('check')
    .description('run every consistency check on a stored budget; exits 1 when any fails')
    .requiredOption('--unit <code>', 'unit code, e.g. 122201')
    .option('--region <code>', 'the unit’s 行政区划 (410800), where its code is in more than one region')
    .requiredOption('--year <year>', 'budget year, e.g. 2024', integer('--year'))
    .option('--json', 'print the report as JSON')
    .action((options: { unit: string; year: number; region?: string; json?: boolean }) => {
      const { db, budget, disclosure, catalog } = storedDisclosure(
        options.unit,
        options.region,
        options.year,
      );
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
