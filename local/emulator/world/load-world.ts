/** Reads a world from an object or a JSON file, validated (see validate-world.ts). */
import { readFileSync } from 'node:fs';
import { DuplicateKeyError, parseStrictJson } from '../../../lib/json/parse-strict-json';
import { validateWorld } from './validate-world';
import { WorldValidationError } from './world-checker';
import type { World } from './world-types';

export function loadWorld(source: World | string): World {
  if (typeof source !== 'string') return validateWorld(source);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new WorldValidationError([`cannot be read: ${(error as Error).message}`], source);
  }
  let parsed: unknown;
  try {
    parsed = parseStrictJson(text);
  } catch (error) {
    const problem =
      error instanceof DuplicateKeyError ? error.message : `is not valid JSON: ${(error as Error).message}`;
    throw new WorldValidationError([problem], source);
  }
  return validateWorld(parsed, source);
}
