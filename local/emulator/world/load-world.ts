/** Reads a world from an object or a JSON file, validated (see validate-world.ts). */
import { readFileSync } from 'node:fs';
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
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WorldValidationError([`is not valid JSON: ${(error as Error).message}`], source);
  }
  return validateWorld(parsed, source);
}
