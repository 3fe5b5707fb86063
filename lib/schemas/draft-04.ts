/**
 * EventBridge's schema registry takes OpenApi3 or JSONSchemaDraft4 documents, not draft 2020-12, so the erasure
 * events are registered as draft 4, converted from the published 2020-12 schemas. The contracts use few keywords;
 * those with a draft-4 form are rewritten, and the rest (which draft 4 would silently ignore or misread) are dropped
 * rather than shipped wrong:
 * - `const` -> a one-value `enum`; numeric `exclusiveMinimum`/`exclusiveMaximum` -> the boolean form;
 * - `$defs` -> `definitions` (and their `$ref`s); `prefixItems` -> an `items` array;
 * - `propertyNames`, `examples` dropped (draft 6+);
 * - a `pattern` using `\p{...}` dropped: draft 4 patterns have no Unicode mode, where `\p{L}` means "p{L}".
 */
import type { JsonSchema } from './json-schema';

export const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

const DROPPED = new Set(['propertyNames', 'examples', '$schema']);

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (typeof value !== 'object' || value === null) return value;
  const input = value as JsonSchema;
  const output: JsonSchema = {};
  for (const [key, child] of Object.entries(input)) {
    if (DROPPED.has(key)) continue;
    if (key === 'pattern' && typeof child === 'string' && /\\[pP]\{/.test(child)) continue;
    if (key === 'const') output.enum = [child];
    else if (key === '$defs') output.definitions = convert(child);
    else if (key === '$ref' && typeof child === 'string') output.$ref = child.replace('#/$defs/', '#/definitions/');
    else if (key === 'exclusiveMinimum' && typeof child === 'number') {
      output.minimum = child;
      output.exclusiveMinimum = true;
    } else if (key === 'exclusiveMaximum' && typeof child === 'number') {
      output.maximum = child;
      output.exclusiveMaximum = true;
    } else if (key === 'prefixItems') {
      output.items = convert(child);
      output.additionalItems = input.items === false ? false : convert(input.items ?? {});
    } else if (key === 'items' && 'prefixItems' in input) continue;
    else output[key] = convert(child);
  }
  return output;
}

export function toDraft04(schema: JsonSchema): JsonSchema {
  return { $schema: DRAFT_04, ...(convert(schema) as JsonSchema) };
}
