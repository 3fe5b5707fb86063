import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuplicateKeyError, parseStrictJson } from '../json/parse-strict-json';

/**
 * The CDK toolkit reads cdk.json with a plain JSON.parse and hands the app only the winners, so a duplicate key in a
 * retention policy (`"dryRun": true, ..., "dryRun": false`) would deploy silently. The toolkit runs the app in the
 * folder of cdk.json: the app reads the same text again, only to refuse duplicates, before it synthesizes anything.
 * @throws Error naming the key, its path in cdk.json, and its line and column.
 */
export function refuseDuplicateKeysInCdkJson(folder: string = process.cwd()): void {
  const path = join(folder, 'cdk.json');
  if (!existsSync(path)) return;
  try {
    parseStrictJson(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw new Error(`cdk.json: ${error.message}`);
    // Not JSON at all: the toolkit has already said so in its own words, or will.
  }
}
