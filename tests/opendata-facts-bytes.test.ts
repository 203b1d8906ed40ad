import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { importDisclosure } from '../src/importer/index.js';
import { FILE_STATEMENTS } from '../src/opendata/facts.js';
import { seededMemoryDatabase } from './support/database.js';
import { SOURCE_DOCUMENTS } from './support/documents.js';

/**
 * The bytes of the long facts files, pinned: the seed and the two multi-fund documents (every
 * kind of fact, of-which incomes, unsplit funds, blank groups), imported as a user would. A change
 * to how facts are read or written that moves a byte of facts.csv or facts.parquet fails here;
 * a deliberate change of the format updates these digests in the same commit.
 */
describe('the bytes of facts.csv and facts.parquet', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const db = seededMemoryDatabase();
    for (const source of SOURCE_DOCUMENTS.slice(1)) await importDisclosure(db, source.file);
    app = createApp({ db, config: loadConfig({}) });
  });

  const digest = async (url: string) => {
    const response = await app.fetch(new Request(`http://yusuan${url}`));
    expect(response.status, url).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return `${bytes.length} ${crypto.createHash('sha256').update(bytes).digest('hex')}`;
  };

  it('are those of the pinned files', async () => {
    expect({
      csv: await digest('/opendata/2024/facts.csv'),
      parquet: await digest('/opendata/2024/facts.parquet'),
    }).toMatchInlineSnapshot(`
      {
        "csv": "99876 534976e15213a602f103b3f5e785c4cd9809ecb52dd1224ba197e3e093842cfe",
        "parquet": "13286 950b5e6c38c90e1829d1fa2a143f4dd3d86b70eed5d3b43de11d1307bb4007ad",
      }
    `);
  });
});

describe('the statements of facts.csv', () => {
  it('read each kind in the order it was imported (rowid, or the budget index), pinned with their plans', () => {
    const db = seededMemoryDatabase();
    const plans = FILE_STATEMENTS.map(({ fact, sql }) => ({
      fact,
      sql: sql.replace(/\s+/g, ' '),
      plan: (db.$client.prepare(`explain query plan ${sql}`).all('[1]') as { detail: string }[]).map(
        (r) => r.detail,
      ),
    }));
    expect(plans).toMatchInlineSnapshot(`
      [
        {
          "fact": "income",
          "plan": [
            "SCAN incomes",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "CREATE BLOOM FILTER",
          ],
          "sql": "select "budget_id", "source", "amount" from "incomes" where +"budget_id" in (select value from json_each(?)) order by rowid",
        },
        {
          "fact": "functional_expenditure",
          "plan": [
            "SCAN functional_expenditures",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "CREATE BLOOM FILTER",
          ],
          "sql": "select "budget_id", "subject_code", "category", "fund", "amount" from "functional_expenditures" where +"budget_id" in (select value from json_each(?)) order by rowid",
        },
        {
          "fact": "economic_expenditure",
          "plan": [
            "SCAN economic_expenditures",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "CREATE BLOOM FILTER",
          ],
          "sql": "select "budget_id", "department_code", "government_code", "category_group", "fund", "amount" from "economic_expenditures" where +"budget_id" in (select value from json_each(?)) order by rowid",
        },
        {
          "fact": "basic_item",
          "plan": [
            "SEARCH basic_items USING INDEX basic_items_budget (budget_id=?)",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
          ],
          "sql": "select "budget_id", "type", "fund", "name", "amount" from "basic_items" where "budget_id" in (select value from json_each(?)) order by "budget_id", "seq"",
        },
        {
          "fact": "project",
          "plan": [
            "SEARCH p USING INDEX projects_budget (budget_id=?)",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "SEARCH a USING INDEX sqlite_autoindex_project_amounts_1 (project_id=?)",
            "USE TEMP B-TREE FOR LAST TERM OF ORDER BY",
          ],
          "sql": "select p."budget_id", p."functional_subject_code", p."category", a."fund", p."code", p."name", a."amount" from "project_amounts" a join "projects" p on p."id" = a."project_id" where p."budget_id" in (select value from json_each(?)) order by p."budget_id", p."seq", a.rowid",
        },
        {
          "fact": "three_public_cost",
          "plan": [
            "SCAN three_public_costs",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "CREATE BLOOM FILTER",
          ],
          "sql": "select "budget_id", "item", "amount" from "three_public_costs" where +"budget_id" in (select value from json_each(?)) order by rowid",
        },
        {
          "fact": "operating_cost",
          "plan": [
            "SCAN operating_costs",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "CREATE BLOOM FILTER",
          ],
          "sql": "select "budget_id", "department_code", "amount" from "operating_costs" where +"budget_id" in (select value from json_each(?)) order by rowid",
        },
        {
          "fact": "procurement",
          "plan": [
            "SCAN procurements",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "CREATE BLOOM FILTER",
          ],
          "sql": "select "budget_id", "kind", "amount" from "procurements" where +"budget_id" in (select value from json_each(?)) order by rowid",
        },
        {
          "fact": "prior_year_figure",
          "plan": [
            "SCAN prior_year_figures",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "CREATE BLOOM FILTER",
          ],
          "sql": "select "budget_id", "metric", "metric", "entity", "amount" from "prior_year_figures" where +"budget_id" in (select value from json_each(?)) order by rowid",
        },
        {
          "fact": "asset",
          "plan": [
            "SCAN assets",
            "LIST SUBQUERY 1",
            "SCAN json_each VIRTUAL TABLE INDEX 1:",
            "CREATE BLOOM FILTER",
          ],
          "sql": "select "budget_id", "item", "label", "amount" from "assets" where +"budget_id" in (select value from json_each(?)) and "amount" is not null order by rowid",
        },
      ]
    `);
  });
});
