import fs from 'node:fs';
import path from 'node:path';
import {
  type GraphQLScalarType,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parseValue,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema/index.js';
import { README_URL } from '../src/graphql/schema/scalars.js';

const README = fs.readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8');
/** GitHub's anchor of a heading: lower case, spaces as hyphens, punctuation dropped. */
const anchors = new Set(
  [...README.matchAll(/^#+ (.+)$/gm)].map((m) =>
    m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} -]/gu, '')
      .replaceAll(' ', '-'),
  ),
);

describe('the Decimal and Percent scalars', () => {
  it.each(['Decimal', 'Percent'])('%s is specified by its section of the README', (name) => {
    const scalar = schema.getType(name) as GraphQLScalarType;
    expect(scalar.specifiedByURL).toBe(`${README_URL}#${name.toLowerCase()}`);
    expect(anchors.has(name.toLowerCase())).toBe(true);
    expect(README).toContain(`#### ${name}\n`);
  });

  it('every percentage is a Percent, no bare String: Amount.share and Change.percent', () => {
    const percentages: string[] = [];
    const strings: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type).name;
        if (named === 'Percent') percentages.push(`${type.name}.${field.name}`);
        else if (named === 'String' && /share|percent|ratio|rate$/i.test(field.name))
          strings.push(`${type.name}.${field.name}`);
      }
    }
    expect(percentages.sort()).toEqual(['Amount.share', 'Change.percent']);
    expect(strings).toEqual([]);
  });

  it('is an output only: no argument or input field takes a Percent', () => {
    const inputs: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isObjectType(type))
        for (const field of Object.values(type.getFields()))
          for (const arg of field.args) if (`${arg.type}`.includes('Percent')) inputs.push(field.name);
      if (isInputObjectType(type))
        for (const field of Object.values(type.getFields()))
          if (`${field.type}`.includes('Percent')) inputs.push(`${type.name}.${field.name}`);
    }
    expect(inputs).toEqual([]);
  });

  const percent = schema.getType('Percent') as GraphQLScalarType;

  it('writes the string money.ts computes, and refuses to write anything else', () => {
    for (const value of ['93.28', '100.00', '194.01', '-12.50', '-0.00', '0.00'])
      expect(percent.serialize(value)).toBe(value);
    for (const value of ['93.2', '93.281', '1e2', ' 93.28', '93.28%', 93.28, null])
      expect(() => percent.serialize(value)).toThrow('Percent: not a percentage');
  });

  it('reads "93.28", "12.5" and "-4" as two-decimal percentages', () => {
    expect(percent.parseValue('93.28')).toBe('93.28');
    expect(percent.parseValue('12.5')).toBe('12.50');
    expect(percent.parseValue('-4')).toBe('-4.00');
    expect(percent.parseLiteral(parseValue('"12.5"'), undefined)).toBe('12.50');
  });

  const expected = 'Percent: expected a percentage with at most two decimals, such as "93.28"; found';
  it.each([
    [93.28, 'the number 93.28'],
    ['1.005', '"1.005"'],
    ['1e2', '"1e2"'],
    ['93.28%', '"93.28%"'],
    [' 7 ', '" 7 "'],
    ['+7', '"+7"'],
    ['', '""'],
    [null, 'null'],
  ])('parseValue(%j) is refused with BAD_USER_INPUT', (value, found) => {
    expect(() => percent.parseValue(value)).toThrow(`${expected} ${found}`);
    try {
      percent.parseValue(value);
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toEqual({ code: 'BAD_USER_INPUT' });
    }
  });

  it('refuses a literal that is not a quoted string', () => {
    expect(() => percent.parseLiteral(parseValue('93.28'), undefined)).toThrow(
      `${expected} 93.28 (write percentages as quoted strings)`,
    );
  });
});
