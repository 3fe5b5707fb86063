/**
 * `tags` in a selector: Rekognition's tag constraints (TagResource), so a filter can only name tags that can exist.
 */

import { expectObject, fail, keyPath, type Rule } from './rules';
import type { TagFilter } from './types';

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

function isTagKey(key: string): boolean {
  return charCountWithin(key, 1, MAX_KEY_CHARS) && TAG_CHARS.test(key) && !key.startsWith('aws:');
}

function isTagValue(value: unknown): value is string {
  return typeof value === 'string' && charCountWithin(value, 0, MAX_VALUE_CHARS) && TAG_CHARS.test(value);
}

export const tagFilter: Rule<TagFilter> = (value, path) => {
  const input = expectObject(value, path);
  const keys = Object.keys(input);
  if (keys.length < 1 || keys.length > MAX_TAGS) fail(path, `must have 1-${MAX_TAGS} tags`);
  for (const key of keys) {
    const tagPath = keyPath(path, key);
    if (!isTagKey(key)) fail(tagPath, KEY_RULE);
    // A valid tag key, but as an own property it turns into a prototype change for any consumer using
    // Object.assign or `obj[key] = ...`; no real filter needs it.
    if (key === '__proto__') fail(tagPath, 'tag key __proto__ is not allowed');
    if (!isTagValue(input[key])) fail(tagPath, VALUE_RULE);
  }
  // fromEntries defines own properties, so the result carries no inherited surprises and no prototype change.
  return Object.fromEntries(keys.map((key) => [key, input[key] as string]));
};
