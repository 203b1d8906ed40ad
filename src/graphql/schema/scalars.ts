import { GraphQLError, Kind } from 'graphql';
import { AmountError, formatWan, parseWan } from '../../money.js';
import { builder } from '../builder.js';

const invalid = (found: string) =>
  new GraphQLError(
    `Decimal: expected an amount in 万元 with at most two decimals, such as "512.02"; found ${found}`,
    {
      extensions: { code: 'BAD_USER_INPUT' },
    },
  );

function parseDecimal(value: unknown) {
  if (typeof value !== 'string') throw invalid(JSON.stringify(value) ?? String(value));
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
    if (ast.kind !== Kind.STRING)
      throw invalid(`a ${ast.kind.toLowerCase()} literal (write amounts as strings)`);
    return parseDecimal(ast.value);
  },
});
