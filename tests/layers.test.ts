import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/config.js';

/**
 * Dependencies point one way: each part of src/ imports only from the parts below it. A part is a
 * folder of src/ or a file at its top; the list is bottom first.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['config', 'domain', 'money', 'echo'],
  ['disclosure'],
  ['formats'],
  ['db'],
  ['importer', 'integrity'],
  ['opendata', 'compression'],
  ['graphql'],
  ['app'],
  ['http-server', 'graphql-production'],
  ['server', 'cli'],
];
const layerOf = new Map(LAYERS.flatMap((parts, i) => parts.map((p) => [p, i] as const)));

const SRC = path.join(ROOT, 'src');
const partOf = (file: string) =>
  path
    .relative(SRC, file)
    .split(path.sep)[0]!
    .replace(/\.[jt]s$/, '');

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** Every relative import of a file (static, type-only and dynamic), as the part it reaches. */
function importsOf(
  file: string,
  text = fs.readFileSync(file, 'utf8'),
): { part: string; specifier: string }[] {
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => ({
    specifier,
    part: partOf(path.resolve(path.dirname(file), specifier)),
  }));
}

/** The imports of a file that reach a part at its own layer or above. */
function upward(file: string, text?: string): string[] {
  const own = partOf(file);
  return importsOf(file, text)
    .filter(
      ({ part }) => part !== own && (layerOf.get(part) ?? Number.POSITIVE_INFINITY) >= layerOf.get(own)!,
    )
    .map(({ specifier }) => `${path.relative(ROOT, file)} → ${specifier}`);
}

describe('dependencies point one way', () => {
  const files = sources(SRC);

  it('knows every part of src/', () => {
    expect([...new Set(files.map(partOf))].filter((p) => !layerOf.has(p))).toEqual([]);
  });

  it('imports only from its own part or the parts below it', () => {
    expect(files.flatMap((file) => upward(file))).toEqual([]);
  });

  it('catches an upward import, static, type-only or dynamic', () => {
    const file = path.join(SRC, 'db', 'example.ts');
    const text = [
      "import { a } from './client.js';",
      "import { b } from '../config.js';",
      "import type { C } from '../importer/index.js';",
      "const d = await import('../graphql/yoga.js');",
    ].join('\n');
    expect(upward(file, text)).toEqual([
      'src/db/example.ts → ../importer/index.js',
      'src/db/example.ts → ../graphql/yoga.js',
    ]);
  });
});
