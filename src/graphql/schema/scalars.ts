import { GraphQLError, Kind, print } from 'graphql';
import { AmountError, formatWan, parseWan } from '../../money.js';
import { builder } from '../builder.js';

const invalid = (found: string) =>
  new GraphQLError(
    `Decimal: expected an amount in 万元 with at most two decimals, such as "512.02"; found ${found}`,
    {
      extensions: { code: 'BAD_USER_INPUT' },
    },
  );

/** The input as the message shows it: numbers (NaN and Infinity too) as written, anything else as JSON. */
const shown = (value: unknown) =>
  typeof value === 'number' || typeof value === 'bigint'
    ? `the number ${value}`
    : (JSON.stringify(value) ?? String(value));

function parseDecimal(value: unknown) {
  // parseWan trims a published cell; an amount given to the API must be exact, spaces refused.
  if (typeof value !== 'string' || value !== value.trim()) throw invalid(shown(value));
  try {
    return parseWan(value);
  } catch (error) {
    if (error instanceof AmountError) throw invalid(JSON.stringify(value));
    throw error;
  }
}

builder.scalarType('Decimal', {
  description:
    '金额 An amount in 万元 (10,000 yuan), exact, written as a string with two decimals: "512.02".',
  serialize: (yuan) => formatWan(yuan),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalid(`${print(ast)} (write amounts as quoted strings)`);
    return parseDecimal(ast.value);
  },
});
