import fs from 'node:fs';
import path from 'node:path';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema/index.js';

/** One file per GraphQL type (CONTRIBUTING.md, "Adding a GraphQL type"): where each type is written. */
const SCHEMA_DIR = path.join(import.meta.dirname, '../src/graphql/schema');
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** The types plugin-relay writes itself, and the edges written with their connection. */
const GENERATED = new Set(['Node', 'PageInfo']);

function fileOf(name: string): string {
  const type = schema.getType(name)!;
  if (isEnumType(type)) return 'enums.ts';
  if (isInputObjectType(type)) return 'inputs.ts';
  if (isScalarType(type)) return 'scalars.ts';
  if (name.endsWith('Edge')) return `${kebab(name.replace(/Edge$/, 'Connection'))}.ts`;
  return `${kebab(name)}.ts`;
}

describe('the schema files', () => {
  const names = Object.keys(schema.getTypeMap()).filter(
    (name) => !name.startsWith('__') && !GENERATED.has(name) && !/^(String|Int|Float|Boolean|ID)$/.test(name),
  );

  it('hold each object and interface type in a file named after it, enums, inputs and scalars in theirs', () => {
    const misplaced = names.filter((name) => {
      const file = path.join(SCHEMA_DIR, fileOf(name));
      if (!fs.existsSync(file)) return true;
      const text = fs.readFileSync(file, 'utf8');
      const own = name.replace(/Edge$/, 'Connection');
      // named there, or its ref (declared in refs.ts) implemented there; Query as the query type
      return !(
        text.includes(`'${own}'`) ||
        new RegExp(`builder\\.(node|objectType)\\(${own}Ref\\b`).test(text) ||
        (name === 'Query' && text.includes('builder.queryType('))
      );
    });
    expect(misplaced).toEqual([]);
    expect(
      names.filter((name) => isObjectType(schema.getType(name)) || isInterfaceType(schema.getType(name)))
        .length,
    ).toBeGreaterThan(40);
  });

  it('are every one imported by schema/index.ts', () => {
    const index = fs.readFileSync(path.join(SCHEMA_DIR, 'index.ts'), 'utf8');
    const missing = fs
      .readdirSync(SCHEMA_DIR)
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && file !== 'refs.ts')
      .filter((file) => !index.includes(`'./${file.replace(/\.ts$/, '.js')}'`));
    expect(missing).toEqual([]);
  });
});
