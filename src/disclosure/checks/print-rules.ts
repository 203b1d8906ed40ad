import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../config.js';
import type { CheckRule } from './checker.js';
import { CHECK_RULES } from './index.js';

/**
 * The rules as people read them: `yusuan check --list` prints ruleTable(), and README.md holds
 * ruleList() between its two markers. Run after adding or changing a rule:
 *   npx tsx src/disclosure/checks/print-rules.ts --write   (rewrites README.md's list)
 *   npx tsx src/disclosure/checks/print-rules.ts           (prints the list)
 */
export const README_FILE = path.join(ROOT, 'README.md');
export const LIST_START =
  '<!-- check-rules: generated from CHECK_RULES; npx tsx src/disclosure/checks/print-rules.ts --write -->';
export const LIST_END = '<!-- /check-rules -->';

/** A rule's tables as 01, 04, 10 (— for a rule on the facts alone). */
export function tablesOf(rule: CheckRule): string {
  return rule.tables.length ? rule.tables.map((no) => String(no).padStart(2, '0')).join(', ') : '—';
}

/** One line per rule: id, the tables it reads, description, in columns. */
export function ruleTable(rules: readonly CheckRule[] = CHECK_RULES): string {
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const tablesWidth = Math.max(...rules.map((r) => tablesOf(r).length));
  return rules
    .map((r) => `${r.id.padEnd(idWidth)}  ${tablesOf(r).padEnd(tablesWidth)}  ${r.description}\n`)
    .join('');
}

/** The README's list: `id` — description, a line each. */
export function ruleList(rules: readonly CheckRule[] = CHECK_RULES): string {
  return rules.map((r) => `- \`${r.id}\` — ${r.description}\n`).join('');
}

/** The README with its list between the markers replaced by ruleList(). */
export function withRuleList(readme: string): string {
  const start = readme.indexOf(LIST_START);
  const end = readme.indexOf(LIST_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${LIST_START} … ${LIST_END}`);
  return `${readme.slice(0, start + LIST_START.length)}\n${ruleList()}${readme.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  if (process.argv.includes('--write')) {
    fs.writeFileSync(README_FILE, withRuleList(fs.readFileSync(README_FILE, 'utf8')));
    process.stdout.write(`wrote the rule list of ${path.relative(process.cwd(), README_FILE)}\n`);
  } else {
    process.stdout.write(ruleList());
  }
}
