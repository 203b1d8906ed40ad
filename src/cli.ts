import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type Config, ConfigError, loadConfig, ROOT } from './config.js';

// Only commander and the settings load before the arguments are parsed: every command imports
// what it needs when it runs (`yusuan --help` loads no database driver, no XLSX library).

/** Where the CLI writes, and the environment it reads its settings from. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
}

/** Ends a command with an exit code and a message for stderr. */
class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function integer(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value))
      throw new InvalidArgumentError(`${name} must be a whole number, found "${value}"`);
    return Number.parseInt(value, 10);
  };
}

/** Read-only commands never migrate, seed or create a database: a wrong path is an error. */
function mustExist(databasePath: string): void {
  if (!fs.existsSync(databasePath))
    throw new CliExit(
      2,
      `no database at ${databasePath} (YUSUAN_DB); \`npm start\` or \`yusuan seed\` creates it`,
    );
}

/** Opens the prepared database read-only and finds a stored disclosure, or ends with exit 2. */
async function storedDisclosure(
  config: Config,
  unit: string,
  region: string | undefined,
  year: number,
  revision?: number,
) {
  mustExist(config.databasePath);
  const { openDatabase } = await import('./db/client.js');
  const { AmbiguousUnit, findBudget, loadCatalog, loadDisclosures } = await import('./db/disclosures.js');
  const db = openDatabase(config.databasePath, { readonly: true });
  try {
    let budget: ReturnType<typeof findBudget>;
    try {
      budget = findBudget(db, { code: unit, regionCode: region }, year, revision);
    } catch (error) {
      if (!(error instanceof AmbiguousUnit)) throw error;
      throw new CliExit(2, `${error.message} with --region`);
    }
    if (!budget) {
      const which = revision === undefined ? '' : ` revision ${revision}`;
      throw new CliExit(2, `no budget${which} of unit ${unit} for ${year} in ${config.databasePath}`);
    }
    const disclosure = loadDisclosures(db, [budget.id]).get(budget.id)!;
    return { budget, disclosure, catalog: loadCatalog(db) };
  } finally {
    db.$client.close();
  }
}

interface CheckOptions {
  unit?: string;
  year?: number;
  region?: string;
  json?: boolean;
  list?: boolean;
}

/** The program for one run: commands write to `io`, and set `status.code`. */
export function buildProgram(io: CliIo, config: () => Config, status: { code: number }): Command {
  const out = (text: string) => io.stdout.write(text);
  const err = (text: string) => io.stderr.write(text);
  const program = new Command('yusuan')
    .description(
      'Yusuan 预算: Chinese government budget disclosures as data you can query, download and trust',
    )
    .version(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError();

  program
    .command('migrate')
    .description('apply database migrations (creates the database file if needed)')
    .action(async () => {
      const { migrateDatabase } = await import('./db/client.js');
      const { withWritableDatabase } = await import('./db/writable.js');
      const settings = config();
      withWritableDatabase(settings, migrateDatabase);
      out(`migrated ${settings.databasePath}\n`);
    });

  program
    .command('seed')
    .description(
      'load seeds/ (code list and disclosures) in one transaction; unchanged disclosures are skipped',
    )
    .action(async () => {
      const { migrateDatabase } = await import('./db/client.js');
      const { withWritableDatabase } = await import('./db/writable.js');
      const { seedDatabase } = await import('./importer/index.js');
      const settings = config();
      const results = withWritableDatabase(settings, (db) => {
        migrateDatabase(db);
        return seedDatabase(db, settings.seedsPath);
      });
      for (const r of results) {
        out(
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
    .option('--table <no>', 'table number 01…14', integer('--table'))
    .option('--out <dir>', 'write manifest.json and 01.csv … 14.csv into this folder')
    .option('--revision <n>', 'a stored revision (default: the latest)', integer('--revision'))
    .addOption(new Option('--format <format>', 'output format').choices(['csv']).default('csv'))
    .option('--bom', 'prepend a UTF-8 byte order mark (for Excel)')
    .action(
      async (
        options: {
          unit: string;
          year: number;
          region?: string;
          table?: number;
          out?: string;
          revision?: number;
          bom?: boolean;
        },
        command: Command,
      ) => {
        if ((options.table === undefined) === (options.out === undefined)) {
          command.error('error: give either --table <no> or --out <dir>', { exitCode: 2 });
        }
        const { LAYOUTS } = await import('./disclosure/layouts.js');
        if (options.table !== undefined && !LAYOUTS.some((l) => l.no === options.table)) {
          const [first, last] = [LAYOUTS[0]!, LAYOUTS.at(-1)!].map((l) => String(l.no).padStart(2, '0'));
          command.error(`error: --table must be ${first}…${last}, found "${options.table}"`, { exitCode: 2 });
        }
        const { disclosure, catalog } = await storedDisclosure(
          config(),
          options.unit,
          options.region,
          options.year,
          options.revision,
        );
        if (options.out) {
          const { writeTableFolder } = await import('./importer/table-folder.js');
          const files = writeTableFolder(disclosure, catalog.with(disclosure.declaredSubjects), options.out);
          out(`wrote ${files.length} files to ${options.out}\n`);
          return;
        }
        const { renderDisclosure } = await import('./disclosure/render.js');
        const { tableToCsv } = await import('./formats/csv.js');
        const table = renderDisclosure(disclosure, catalog).find((t) => t.no === options.table)!;
        out(tableToCsv(table, { bom: options.bom }));
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
        const { openDatabase } = await import('./db/client.js');
        const { prepareDatabase } = await import('./importer/prepare.js');
        const { createImportSession, disclosuresUnder } = await import('./importer/index.js');
        const { formatProblem, ImportFailed, moreLine } = await import('./importer/problems.js');
        const { limitsOf } = await import('./importer/limits.js');
        const { databaseProblem, sqliteCode } = await import('./db/errors.js');
        const settings = config();
        prepareDatabase(settings);
        const db = openDatabase(settings.databasePath, {
          maxPageCount: settings.testMaxPageCount || undefined,
        });
        const summary = {
          units: new Set<string>(),
          budgets: 0,
          unchanged: 0,
          facts: 0,
          checks: 0,
          warnings: 0,
          failed: 0,
        };
        // one session for every document: the code list, regions and statements are shared
        // (the next documents are read and checked in worker threads while one is stored)
        const session = createImportSession(db, {
          ...options,
          limits: limitsOf(settings),
          readers: settings.importReaders,
        });
        try {
          const targets = paths.flatMap((p) => disclosuresUnder(p));
          let i = 0;
          for await (const each of session.importEach(targets)) {
            const prefix = `[${++i}/${targets.length}] ${each.target}`;
            try {
              if ('error' in each) throw each.error;
              const r = each.result;
              summary.units.add(r.unitCode);
              if (r.created) summary.budgets++;
              else summary.unchanged++;
              summary.facts += r.facts;
              summary.checks += r.checks.passed;
              summary.warnings += r.notes.length;
              const what = r.created
                ? `stored as revision ${r.revision}`
                : `unchanged (revision ${r.revision})`;
              err(
                `${prefix}: ${r.unitCode} ${r.unitName} ${r.year} ${what}, ${r.facts} facts, ${r.checks.passed} checks passed\n`,
              );
              if (r.detailsFrom)
                err(`  the unit's details (what a manifest holds) read from ${r.detailsFrom}\n`);
              for (const w of r.notes) err(`  noted: ${formatProblem(w)}\n`);
            } catch (error) {
              // a database that cannot be written (a full disk) ends the run: the transaction of
              // this disclosure is rolled back, and the next ones would fail alike
              if (sqliteCode(error))
                throw new CliExit(
                  3,
                  `${prefix}: ${databaseProblem(error, settings.databasePath)} (this disclosure was not stored)`,
                );
              if (!(error instanceof ImportFailed)) throw error;
              summary.failed++;
              const lines = error.problems.map((p) => `  ${formatProblem(p)}`);
              if (error.omitted) lines.push(`  ${moreLine(error.omitted)}`);
              err(`${prefix}: refused, nothing stored\n${lines.join('\n')}\n`);
            }
          }
        } finally {
          session.close();
          db.$client.close();
        }
        out(
          `units: ${summary.units.size}, budgets stored: ${summary.budgets}, unchanged: ${summary.unchanged}, refused: ${summary.failed}, facts: ${summary.facts}, checks passed: ${summary.checks}, warnings: ${summary.warnings}\n`,
        );
        status.code = summary.failed ? 1 : 0;
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
      async (options: {
        unit: string;
        year: number;
        region?: string;
        from: number;
        to?: number;
        json?: boolean;
      }) => {
        const settings = config();
        const before = await storedDisclosure(
          settings,
          options.unit,
          options.region,
          options.year,
          options.from,
        );
        const after = await storedDisclosure(
          settings,
          options.unit,
          options.region,
          options.year,
          options.to,
        );
        const { diffTables } = await import('./disclosure/diff.js');
        const { renderDisclosure } = await import('./disclosure/render.js');
        const changes = diffTables(
          renderDisclosure(before.disclosure, before.catalog),
          renderDisclosure(after.disclosure, after.catalog),
        );
        if (options.json) {
          out(`${JSON.stringify(changes, null, 2)}\n`);
          return;
        }
        out(
          `revision ${before.budget.revision} → ${after.budget.revision}: ${changes.length} cell(s) changed\n`,
        );
        for (const c of changes) {
          out(
            `${String(c.table).padStart(2, '0')} ${c.row} | ${c.column}: ${c.before || '(blank)'} → ${c.after || '(blank)'}\n`,
          );
        }
      },
    );

  program
    .command('snapshot')
    .description(
      'write a consistent copy of the database (VACUUM INTO) while servers and imports go on: what replicas serve',
    )
    .argument('<file>', 'the new database file (must not exist)')
    .action(async (file: string) => {
      const { databasePath } = config();
      mustExist(databasePath);
      if (fs.existsSync(file)) throw new CliExit(2, `${file} exists: a snapshot is written to a new file`);
      const { openDatabase } = await import('./db/client.js');
      const db = openDatabase(databasePath, { readonly: true });
      try {
        db.$client.prepare('vacuum into ?').run(path.resolve(file));
      } finally {
        db.$client.close();
      }
      out(`wrote ${file} (${fs.statSync(file).size} bytes), a snapshot of ${databasePath}\n`);
    });

  program
    .command('check')
    .description(
      'run every consistency check on a stored budget; exits 1 when any fails (--list: print the checks)',
    )
    .option('--unit <code>', 'unit code, e.g. 122201 (required unless --list)')
    .option('--region <code>', 'the unit’s 行政区划 (410800), where its code is in more than one region')
    .option('--year <year>', 'budget year, e.g. 2024 (required unless --list)', integer('--year'))
    .option('--json', 'print the report (or, with --list, the checks) as JSON')
    .option('--list', 'print every check: its id, the tables it reads, what it asserts; no database needed')
    .action(async (options: CheckOptions, command: Command) => {
      if (options.list) {
        const { CHECK_RULES } = await import('./disclosure/checks/index.js');
        const { ruleTable } = await import('./disclosure/checks/print-rules.js');
        const rules = CHECK_RULES.map(({ id, tables, description }) => ({ id, tables, description }));
        out(options.json ? `${JSON.stringify(rules, null, 2)}\n` : ruleTable());
        return;
      }
      // required unless --list: reported as commander reports a missing required option
      if (options.unit === undefined) command.error("error: required option '--unit <code>' not specified");
      if (options.year === undefined) command.error("error: required option '--year <year>' not specified");
      const { budget, disclosure, catalog } = await storedDisclosure(
        config(),
        options.unit,
        options.region,
        options.year,
      );
      const { ROUNDING_RULE, runChecks } = await import('./disclosure/checks/index.js');
      const results = runChecks(disclosure, catalog);
      const failed = results.filter((r) => !r.passed);
      if (options.json) {
        out(`${JSON.stringify({ rule: ROUNDING_RULE, results }, null, 2)}\n`);
      } else {
        out(`${disclosure.unit.name} ${budget.year} (revision ${budget.revision})\n`);
        out(`tolerance: ${ROUNDING_RULE}\n\n`);
        for (const r of results) {
          const mark = r.passed ? 'PASS' : 'FAIL';
          const where = r.detail ? ` [${r.detail}]` : '';
          out(`${mark}  ${r.id}  ${r.description}${where}\n      expected ${r.expected}, found ${r.found}\n`);
        }
        out(`\n${results.length - failed.length} passed, ${failed.length} failed\n`);
      }
      status.code = failed.length ? 1 : 0;
    });

  return program;
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns its exit code:
 * 0 done, 1 an import refused or a check failed, 2 a usage or lookup error, 3 the database cannot
 * be opened, migrated or written (a full disk). Only a bug throws.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const status = { code: 0 };
  let settings: Config | undefined;
  const config = () => {
    settings ??= loadConfig(io.env ?? process.env);
    return settings;
  };
  try {
    await buildProgram(io, config, status).parseAsync(argv, { from: 'user' });
    return status.code;
  } catch (error) {
    // help and --version end with 0; every argument error (already printed, with usage) with 2
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliExit) {
      io.stderr.write(`yusuan: ${error.message}\n`);
      return error.code;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`yusuan: ${error.message}\n`);
      return 2;
    }
    const { ImportFailed } = await import('./importer/problems.js');
    if (error instanceof ImportFailed) {
      io.stderr.write(`yusuan: ${error.message}\n`);
      return 1;
    }
    // a database that cannot be opened, migrated or written (a full disk): one line, exit 3
    const { databaseProblem, sqliteCode } = await import('./db/errors.js');
    if (sqliteCode(error)) {
      io.stderr.write(`yusuan: ${databaseProblem(error, settings?.databasePath ?? 'the database')}\n`);
      return 3;
    }
    throw error;
  }
}
