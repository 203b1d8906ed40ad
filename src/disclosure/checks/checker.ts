import { Decimal } from 'decimal.js';
import { formatWan, sum, type Yuan } from '../../money.js';
import type { BudgetContext } from '../context.js';
import type { RenderedRow, RenderedTable } from '../render.js';

/**
 * What every rule shares: the shape of a rule, the figures it compares, the tolerance, and the
 * Checker it reads a disclosure's rendered tables (and, where the tables do not say, its facts) with.
 *
 * Tolerance: every published figure is rounded to 0.01 万元, so a figure computed from n
 * published figures may differ from the published one by up to n × 0.005 万元 (50 元 per
 * addend), and never less than 0.01 万元 (100 元). A difference within that passes and is
 * reported as rounding; an exact match reports difference 0.
 */
export const ROUNDING_RULE =
  'a sum of n published figures may differ from the published total by at most n × 0.005万元 (at least 0.01万元), the rounding the disclosure notes (报表金额单位转换时可能存在四舍五入尾数误差)';

export interface CheckResult {
  id: string;
  description: string;
  /** 万元 with two decimals, percent, or count, as the rule compares them */
  expected: string;
  found: string;
  difference: string;
  tolerance: string;
  passed: boolean;
  /** which row or subject the figures belong to, when the rule applies row by row */
  detail: string | null;
}

/** Two amounts that must agree (within the rounding of the published figures added). */
export interface Comparison {
  expected: Yuan;
  found: Yuan;
  /** number of published figures summed on the found side */
  addends?: number;
  detail?: string;
  /** found may be less than expected (a subset rule) */
  atMost?: boolean;
}

/** A figure the narrative states, held against the one computed from the facts. */
export interface Claim {
  stated: string;
  /** null: no prior-year figure; undefined: the metric is unknown */
  computed: string | null | undefined;
  /** the tables state this source's money together with another's: the figure cannot be held against them */
  undetermined: boolean;
}

/** One result of a rule that yields several (the narrative: one per claim); its id is `${rule.id}.${key}`. */
export interface Part {
  key: string;
  description: string;
  claim: Claim;
}

interface RuleHeading {
  /** stable: stored results, tests and the README name rules by it */
  id: string;
  /** the numbers of the tables the rule reads (1–14), ascending; none for one on the facts alone (the narrative) */
  tables: readonly number[];
  description: string;
}

/** A rule with one result: it passes when every comparison holds and reports the first that fails (or the first); no comparisons, no result. */
export interface SingleRule extends RuleHeading {
  several?: false;
  run: (c: Checker) => Comparison[];
}

/** A rule that yields a result per part (the narrative's claims); `id` and `description` name the family. */
export interface SeveralRule extends RuleHeading {
  several: true;
  run: (c: Checker) => Part[];
}

export type CheckRule = SingleRule | SeveralRule;

export function toleranceFor(addends: number): Yuan {
  return Math.max(100, addends * 50);
}

/** Reads a disclosure's rendered tables by number, row kind, column path and row label. */
export class Checker {
  constructor(
    private readonly tables: RenderedTable[],
    readonly ctx: BudgetContext,
  ) {}

  table(no: number): RenderedTable {
    return this.tables.find((t) => t.no === no)!;
  }

  value(row: RenderedRow | undefined, path: string): Yuan {
    const v = row?.values[path];
    return typeof v === 'number' ? v : 0;
  }

  total(no: number, path: string): Yuan {
    return this.value(
      this.table(no).rows.find((r) => r.kind === 'total'),
      path,
    );
  }

  rowsOf(no: number, kind: RenderedRow['kind']): RenderedRow[] {
    return this.table(no).rows.filter((r) => r.kind === kind);
  }

  /** The amount at amountPath of the row whose text at path is label. */
  line(no: number, path: string, label: string, amountPath: string): Yuan {
    return this.value(
      this.table(no).rows.find((r) => r.values[path] === label),
      amountPath,
    );
  }

  /** The total row against the sum of the rows of one kind, in one column ("合计 = Σ rows"). */
  rowsAddUp(no: number, kind: RenderedRow['kind'], path: string): Comparison {
    const rows = this.rowsOf(no, kind);
    return {
      expected: this.total(no, path),
      found: sum(rows.map((r) => this.value(r, path))),
      addends: rows.length,
    };
  }

  /** A functional row's 类款项 code (03, 05, 10, 11). */
  subjectCode(r: RenderedRow): string {
    return `${r.values['subject.class'] ?? ''}${r.values['subject.section'] ?? ''}${r.values['subject.item'] ?? ''}`;
  }
}

/** The result of a single rule's comparisons (null when it has none). */
export function comparisonResult(
  id: string,
  description: string,
  comparisons: Comparison[],
): CheckResult | null {
  const tolerance = (c: Comparison) => (c.addends && c.addends > 1 ? toleranceFor(c.addends) : 0);
  const passes = (c: Comparison) => {
    const difference = c.found - c.expected;
    return c.atMost ? difference <= tolerance(c) : Math.abs(difference) <= tolerance(c);
  };
  const failed = comparisons.find((c) => !passes(c));
  const shown = failed ?? comparisons[0];
  if (!shown) return null;
  return {
    id,
    description,
    expected: formatWan(shown.expected),
    found: formatWan(shown.found),
    difference: formatWan(shown.found - shown.expected),
    tolerance: formatWan(tolerance(shown)),
    passed: !failed,
    detail: shown.detail ?? null,
  };
}

/** A plain decimal ("16", "-0.50"), without its fraction's trailing zeros and a zero's sign: equal texts are equal figures. */
function plainDecimal(text: string): string | null {
  if (!PLAIN_DECIMAL.test(text)) return null;
  const point = text.indexOf('.');
  let end = text.length;
  if (point >= 0) {
    while (text.charCodeAt(end - 1) === 48) end--;
    if (end === point + 1) end = point;
  }
  const figure = text.slice(0, end);
  return figure === '-0' ? '0' : figure;
}
const PLAIN_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** The result of a stated figure: equal as decimals, or undetermined by the tables. */
export function claimResult(id: string, description: string, claim: Claim): CheckResult {
  const { stated, computed, undetermined } = claim;
  const known = computed !== undefined && computed !== null && !undetermined;
  // most claims are plain decimals, the same figure printed alike or not ("16" stated, "16.00"
  // computed): told from their text; decimal.js for anything else
  const x = known ? plainDecimal(stated) : null;
  const y = known ? plainDecimal(computed) : null;
  const plain = x !== null && y !== null;
  const same = plain ? x === y : known && new Decimal(stated).equals(new Decimal(computed));
  const passed = undetermined || same;
  return {
    id,
    description,
    expected: stated,
    found: undetermined
      ? 'not stated by the tables (recorded with other sources, unsplit)'
      : known
        ? computed
        : computed === null
          ? 'no prior-year figure'
          : 'unknown metric',
    difference: plain && same ? '0' : known ? new Decimal(computed).minus(stated).toString() : '',
    tolerance: '0',
    passed,
    detail: null,
  };
}

/** The results of one rule on one disclosure. */
export function resultsOf(rule: CheckRule, c: Checker): CheckResult[] {
  if (rule.several)
    return rule.run(c).map((part) => claimResult(`${rule.id}.${part.key}`, part.description, part.claim));
  const result = comparisonResult(rule.id, rule.description, rule.run(c));
  return result ? [result] : [];
}
