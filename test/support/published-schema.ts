import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { SCHEMAS_DIR } from '../../local/schemas/published-schemas';

/**
 * A validator for one of the committed schemas/ files, by Ajv's draft 2020-12 dialect in strict mode: a keyword it
 * does not know (a typo in a generated schema) fails the compile.
 */
export function publishedSchemaValidator(file: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8'));
  // strictRequired off: `anyOf: [{ required: [...] }]` names fields the enclosing object defines, as JSON Schema intends.
  return new Ajv2020({ strict: true, strictRequired: false }).compile(schema);
}
