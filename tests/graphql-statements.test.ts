import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { manyUnitsDatabase } from './support/fixtures.js';
import { graphqlClient } from './support/graphql.js';

/** Runs a query against a database and returns the SQL statements the driver prepared for it. */
async function statementsOf(
  extraUnits: number,
  query: string,
  variables: (codes: string[]) => Record<string, unknown>,
) {
  const statements: string[] = [];
  let recording = false;
  const db = manyUnitsDatabase(extraUnits, (sql) => {
    if (recording) statements.push(sql);
  });
  const codes = ['122201', ...Array.from({ length: extraUnits }, (_, i) => String(900_001 + i))];
  // This query costs more than a public request may (it asks for 200 units' trees, by 200 ids):
  // raise the limits.
  const graphql = graphqlClient(db, { maxCost: 100_000_000, maxPageSize: 200 });
  recording = true;
  const result = await graphql(query, variables(codes));
  recording = false;
  expect(result.errors).toBeUndefined();
  return { statements, data: result.data };
}

const BREADTH = /* GraphQL */ `
  query Breadth($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Unit {
        code
        budget(year: 2024) {
          total { value change { percent } }
          subjects(scheme: FUNCTIONAL) {
            code name total { value share }
            children { code total { value } children { code items { name amount { value } } } }
          }
        }
      }
    }
  }
`;

describe('SQL statements per GraphQL request', () => {
  it('do not grow with breadth: 10 units and 200 units take the same statements, one per relation', async () => {
    const ids = (codes: string[]) => ({ ids: codes.map((c) => encodeGlobalID('Unit', `410800/${c}`)) });
    const ten = await statementsOf(9, BREADTH, ids);
    const twoHundred = await statementsOf(199, BREADTH, ids);
    expect(ten.data.nodes).toHaveLength(10);
    expect(twoHundred.data.nodes).toHaveLength(200);
    expect(twoHundred.data.nodes[199].budget.total.value).toBe('512.02');
    expect(twoHundred.statements.length).toBe(ten.statements.length);
    // One statement per relation, whatever the breadth: units, budgets, functional facts, the code
    // list (names), prior-year figures (for change), projects (for items): within 1 + the five
    // nested list levels (nodes, subjects, children, children, items).
    expect(twoHundred.statements.map((s) => /from "(\w+)"/.exec(s)?.[1])).toEqual([
      'units',
      'budgets',
      'functional_expenditures',
      'prior_year_figures',
      'subjects',
      'projects',
    ]);
    expect(twoHundred.statements.length).toBeLessThanOrEqual(1 + 5);
  });

  it('pins the SQL of the contract query', async () => {
    const { statements } = await statementsOf(
      0,
      /* GraphQL */ `{
        unit(code: "122201") {
          name parent { code name }
          budget(year: 2024) {
            total { value change { previous delta percent } }
            basic { value share } project { value share } personnel { value } publicExpense { value }
            subjects(scheme: FUNCTIONAL, level: 1) {
              code name total { value share }
              children { code name total { value } children { code name total { value } items { name amount { value } } } }
            }
            threePublicCosts { total { value change { previous delta percent } } }
            operatingCosts { value change { previous delta percent } }
            table(no: 5) { title rows { cells } }
            checks { id passed }
          }
        }
      }`,
      () => ({}),
    );
    expect(statements.map((s) => s.replace(/\s+/g, ' '))).toMatchInlineSnapshot(`
      [
        "select "region_code", "code", "name", "kind", "parent_code", "nature", "rank", "staffing_quota", "staff_count", "internal_divisions", "duties", "formation" from "units" where "units"."code" = ?",
        "select "region_code", "code", "name", "kind", "parent_code", "nature", "rank", "staffing_quota", "staff_count", "internal_divisions", "duties", "formation" from "units" where ("units"."region_code", "units"."code") in (values (?, ?))",
        "select "id", "region_code", "unit_code", "year", "stage", "revision", "title", "published_on", "source", "content_hash", "imported_at" from "budgets" where ("budgets"."region_code", "budgets"."unit_code") in (values (?, ?)) order by "budgets"."year" asc, "budgets"."stage" asc, "budgets"."revision" asc",
        "select "budget_id" as "budgetId", "subject_code" as "subjectCode", "category" as "category", "fund" as "fund", "amount" as "amount" from "functional_expenditures" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "item" as "item", "amount" as "amount" from "three_public_costs" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "department_code" as "departmentCode", "amount" as "amount" from "operating_costs" where "budget_id" in (?) order by rowid",
        "select "scheme", "code", "name", "level", "parent_code", "verified" from "subjects"",
        "select "projects"."id", "projects"."budget_id", "projects"."seq", "projects"."code", "projects"."name", "projects"."performance_name", "projects"."category", "projects"."functional_subject_code", "project_amounts"."fund", "project_amounts"."amount" from "projects" left join "project_amounts" on "project_amounts"."project_id" = "projects"."id" where "projects"."budget_id" in (?) order by "projects"."budget_id" asc, "projects"."seq" asc, "project_amounts".rowid",
        "select "budget_id" as "budgetId", "metric" as "metric", "entity" as "entity", "basis" as "basis", "amount" as "amount" from "prior_year_figures" where "budget_id" in (?) order by rowid",
        "select "id", "project_id", "kind", "seq", "name", "value", "comparator", "target", "measure_unit" from "performance_indicators" where "performance_indicators"."project_id" in (?, ?, ?, ?, ?) order by rowid",
        "select "budget_id" as "budgetId", "unit_name" as "unitName", "department_code" as "departmentCode", "department_name" as "departmentName", "nature" as "nature", "rank" as "rank", "staffing_quota" as "staffingQuota", "staff_count" as "staffCount", "internal_divisions" as "internalDivisions", "duties" as "duties", "formation" as "formation" from "budget_profiles" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "scheme" as "scheme", "code" as "code", "name" as "name", "level" as "level", "parent_code" as "parentCode" from "declared_subjects" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "scheme" as "scheme", "code" as "code", "label" as "label" from "subject_labels" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "source" as "source", "amount" as "amount" from "incomes" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "department_code" as "departmentCode", "government_code" as "governmentCode", "category_group" as "group", "fund" as "fund", "amount" as "amount", "seq" as "seq" from "economic_expenditures" where "budget_id" in (?) order by rowid",
        "select "id" as "id", "budget_id" as "budgetId", "seq" as "seq", "type" as "type", "name" as "name", "fund" as "fund", "amount" as "amount" from "basic_items" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "kind" as "kind", "amount" as "amount" from "procurements" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "item" as "item", "label" as "label", "amount" as "amount", "count" as "count" from "assets" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "metric" as "metric", "value" as "value", "quote" as "quote" from "narrative_claims" where "budget_id" in (?) order by rowid",
        "select "budget_id" as "budgetId", "key" as "key", "text" as "text" from "narrative_statements" where "budget_id" in (?) order by rowid",
      ]
    `);
  });
});
