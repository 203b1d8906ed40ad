import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Copies of the official schemas (../shared/reference/schemas), which published metadata must validate against. */
const SCHEMAS = path.join(import.meta.dirname, '..', 'fixtures', 'schemas');
export const SCHEMA_FILES = [
  'data-json-v1.1-non-federal/catalog.json',
  'data-json-v1.1-non-federal/dataset-non-federal.json',
  'frictionless-v1/datapackage.json',
  'frictionless-v2/datapackage.json',
];
export const readSchema = (file: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));

/** The draft-04 POD schemas in ajv's draft-07 validator: their only draft-04 keyword is `id`. */
export function asDraft07(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asDraft07);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== '$schema')
      .map(([key, value]) => [
        key === 'id' && typeof value === 'string' ? '$id' : key,
        key === 'properties' || key === 'definitions'
          ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, asDraft07(v)]))
          : asDraft07(value),
      ]),
  );
}

export function validator(schemas: unknown[]): ValidateFunction {
  // The POD patterns are not valid in Unicode mode (README of ../shared/reference/schemas).
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats.default(ajv); // the CommonJS module is its own default export
  ajv.addFormat('textarea', true); // an editor hint in the Frictionless profiles, not a constraint
  for (const schema of schemas.slice(1)) ajv.addSchema(schema as object);
  return ajv.compile(schemas[0] as object);
}

export const errorsOf = (validate: ValidateFunction, value: unknown) =>
  validate(value) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);

/** The Project Open Data v1.1 catalog validator (non-federal dataset schema). */
export const catalogValidator = () =>
  validator([
    asDraft07(readSchema('data-json-v1.1-non-federal/catalog.json')),
    asDraft07(readSchema('data-json-v1.1-non-federal/dataset-non-federal.json')),
  ]);
