/**
 * `tags` in a selector: Rekognition's tag constraints (TagResource), so a filter can only name tags that can exist.
 */
import * as z from 'zod/mini';
import { before, isPlainObjectProblem, rule } from '../schema/fields';

const MAX_TAGS = 50;
const MAX_KEY_CHARS = 128;
const MAX_VALUE_CHARS = 256;
// Rekognition's TagKey/TagValue patterns: letters, separators and digits in any script, plus _.:/=+-@.
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const KEY_RULE = `tag key must be 1-${MAX_KEY_CHARS} letters, digits, spaces or _.:/=+-@, not starting with aws:`;
const VALUE_RULE = `tag value must be a string of 0-${MAX_VALUE_CHARS} letters, digits, spaces or _.:/=+-@`;

/** AWS counts characters, not UTF-16 units; the cheap upper bound first keeps a 5 MB string from being spread. */
function charCountWithin(text: string, min: number, max: number): boolean {
  if (text.length < min || text.length > max * 2) return false;
  const count = [...text].length;
  return count >= min && count <= max;
}

// JSON Schema counts characters as AWS does, so the published schema states the limits directly.
const tagKey = z
  .string()
  .check(
    rule<string>((key) =>
      charCountWithin(key, 1, MAX_KEY_CHARS) && TAG_CHARS.test(key) && !key.startsWith('aws:')
        ? undefined
        : { message: KEY_RULE },
    ),
  )
  .register(z.globalRegistry, {
    minLength: 1,
    maxLength: MAX_KEY_CHARS,
    pattern: `^(?!aws:)${TAG_CHARS.source.slice(1)}`,
    not: { const: '__proto__' },
  });

const tagValue = z
  .string({ error: VALUE_RULE })
  .check(
    rule<string>((value) =>
      charCountWithin(value, 0, MAX_VALUE_CHARS) && TAG_CHARS.test(value) ? undefined : { message: VALUE_RULE },
    ),
  )
  .register(z.globalRegistry, { maxLength: MAX_VALUE_CHARS, pattern: TAG_CHARS.source });

/** Tag filter: every listed key must be present with exactly that value. */
export const tagFilter = before(
  (value) => {
    const problem = isPlainObjectProblem(value);
    if (problem !== undefined) return problem;
    const keys = Object.keys(value as object);
    if (keys.length < 1 || keys.length > MAX_TAGS) return { message: `must have 1-${MAX_TAGS} tags` };
    // A valid tag key, but as an own property it turns into a prototype change for any consumer using
    // Object.assign or `obj[key] = ...`; no real filter needs it.
    if (keys.includes('__proto__')) return { message: 'tag key __proto__ is not allowed', path: ['__proto__'] };
    return undefined;
  },
  z.record(tagKey, tagValue, { error: 'must be an object' }),
).register(z.globalRegistry, { minProperties: 1, maxProperties: MAX_TAGS });
