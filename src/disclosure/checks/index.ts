import { BudgetContext } from '../context.js';
import type { Disclosure } from '../facts.js';
import { type RenderedTable, renderDisclosure } from '../render.js';
import type { SubjectCatalog } from '../subjects.js';
import { SUMMARY_RULES } from './01-summary.js';
import { EXPENDITURE_RULES } from './03-expenditure.js';
import { FISCAL_RULES } from './05-10-11-fiscal.js';
import { BASIC_RULES } from './06-07-basic.js';
import { ECONOMIC_RULES } from './08-economic.js';
import { THREE_PUBLIC_RULES } from './09-three-public.js';
import { PROJECT_RULES } from './12-14-projects.js';
import { OPERATING_COST_RULES } from './13-operating-costs.js';
import { Checker, type CheckResult, type CheckRule, resultsOf } from './checker.js';
import { NARRATIVE_RULES } from './narrative.js';
import { SUBJECT_RULES } from './subjects.js';

export { type CheckResult, type CheckRule, ROUNDING_RULE, toleranceFor } from './checker.js';

/**
 * The identities that tie a disclosure's tables together (the cross-checks public
 * budget-review tools apply), each comparing figures drawn from different tables, in the order
 * they run and report. Ids are stable: stored results, tests and the README name rules by them.
 */
export const CHECK_RULES: readonly CheckRule[] = [
  ...SUMMARY_RULES,
  ...EXPENDITURE_RULES,
  ...SUBJECT_RULES,
  ...FISCAL_RULES,
  ...BASIC_RULES,
  ...ECONOMIC_RULES,
  ...PROJECT_RULES,
  ...THREE_PUBLIC_RULES,
  ...OPERATING_COST_RULES,
  ...NARRATIVE_RULES,
];

/** Every rule's results on one disclosure, drawn from its tables (rendered from its facts unless given). */
export function runChecks(
  d: Disclosure,
  catalog: SubjectCatalog,
  tables: RenderedTable[] = renderDisclosure(d, catalog),
): CheckResult[] {
  const c = new Checker(tables, new BudgetContext(d, catalog));
  return CHECK_RULES.flatMap((rule) => resultsOf(rule, c));
}
