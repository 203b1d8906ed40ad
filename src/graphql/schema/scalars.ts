import { GraphQLError, Kind, print, type ValueNode } from 'graphql';
import { AmountError, formatWan, parseWan } from '../../money.js';
import { builder } from '../builder.js';

/**
 * Where the scalars' formats are written down (README.md, "Decimal and Percent"), for
 * `@specifiedBy`. package.json names no repository: this is the address the README will have
 * once published, the one place to change if it is published elsewhere.
 */
export const README_URL = 'https://github.com/yusuan/yusuan/blob/main/README.md';

/** The input as the message shows it: numbers (NaN and Infinity too) as written, anything else as JSON. */
const shown = (value: unknown) =>
  typeof value === 'number' || typeof value === 'bigint'
    ? `the number ${value}`
    : (JSON.stringify(value) ?? String(value));

/** A string-written scalar's input: exactly as written (spaces refused), or the error `invalid` makes. */
function stringInput(value: unknown, invalid: (found: string) => GraphQLError): string {
  // parseWan trims a published cell; a value given to the API must be exact, spaces refused.
  if (typeof value !== 'string' || value !== value.trim()) throw invalid(shown(value));
  return value;
}

/** A literal: only a quoted string, as the scalar writes its values. */
function stringLiteral(ast: ValueNode, invalid: (found: string) => GraphQLError, what: string): string {
  if (ast.kind !== Kind.STRING) throw invalid(`${print(ast)} (write ${what} as quoted strings)`);
  return ast.value;
}

const invalidDecimal = (found: string) =>
  new GraphQLError(
    `Decimal: expected an amount in 万元 with at most two decimals, such as "512.02"; found ${found}`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );

function parseDecimal(value: unknown) {
  const text = stringInput(value, invalidDecimal);
  try {
    return parseWan(text);
  } catch (error) {
    if (error instanceof AmountError) throw invalidDecimal(JSON.stringify(value));
    throw error;
  }
}

builder.scalarType('Decimal', {
  description:
    '金额 An amount in 万元 (10,000 yuan), exact, written as a string with two decimals: "512.02".',
  specifiedByURL: `${README_URL}#decimal`,
  serialize: (yuan) => formatWan(yuan),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(stringLiteral(ast, invalidDecimal, 'amounts')),
});

/** A percentage as Percent writes it: a sign only when negative, two decimals, no exponent. */
const PERCENT_OUTPUT = /^-?\d+\.\d{2}$/;
/** A percentage as Percent reads it: as Decimal reads an amount, at most two decimals. */
const PERCENT_INPUT = /^-?\d+(\.\d{1,2})?$/;

const invalidPercent = (found: string) =>
  new GraphQLError(
    `Percent: expected a percentage with at most two decimals, such as "93.28"; found ${found}`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );

function parsePercent(value: unknown): string {
  const text = stringInput(value, invalidPercent);
  if (!PERCENT_INPUT.test(text)) throw invalidPercent(JSON.stringify(value));
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

builder.scalarType('Percent', {
  description: '百分比 A percentage, written as a string with two decimals and no % sign: "93.28" is 93.28%.',
  specifiedByURL: `${README_URL}#percent`,
  serialize: (percent) => {
    // money.ts's percentOf is the one writer of percentages; anything else is a bug, not an answer
    if (typeof percent !== 'string' || !PERCENT_OUTPUT.test(percent))
      throw new Error(`Percent: not a percentage: ${shown(percent)}`);
    return percent;
  },
  parseValue: parsePercent,
  parseLiteral: (ast) => parsePercent(stringLiteral(ast, invalidPercent, 'percentages')),
});
