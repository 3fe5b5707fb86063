/**
 * JSON Schema (draft 2020-12) from the contracts' zod definitions: what `npm run schemas` writes to `schemas/` and
 * what the stack registers in its EventBridge schema registry. The schemas describe what a caller may send (zod's
 * "input" side): defaults are optional, normalisations (UTC cut-offs, deduplicated ids) do not show. Rules that JSON
 * Schema cannot state (cross-field rules, "not in the future", totals across entries) are in the descriptions and
 * enforced by the validation, which is the same definition.
 */
import * as z from 'zod/mini';

export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export type JsonSchema = Record<string, unknown>;

export function toJsonSchema(schema: z.core.$ZodType, title: string): JsonSchema {
  const { $schema, ...body } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
  return { $schema: $schema ?? DRAFT_2020_12, title, ...body };
}
