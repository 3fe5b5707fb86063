/** Validates a world file against its schema (world-schema.ts), reporting every problem with its JSON path. */
import { formatPath } from '../../../lambdas/core/schema/issue-path';
import { orderedProblems } from '../../../lambdas/core/schema/problems';
import { WorldValidationError } from './world-checker';
import { faceEntryBranch, world } from './world-schema';
import type { World } from './world-types';

export { MAX_GENERATED_FACES } from './world-schema';

/** Returns the value typed as a World, or throws WorldValidationError listing every problem. */
export function validateWorld(value: unknown, source = 'world'): World {
  const parsed = world.safeParse(value);
  if (parsed.success) return value as World;
  const issues: string[] = [];
  const seen = new Set<string>();
  for (const { path, rule } of orderedProblems(value, parsed.error.issues, faceEntryBranch)) {
    const where = path.length === 0 ? '$' : `$.${formatPath(path)}`;
    // One problem per field: the first rule it breaks.
    if (seen.has(where)) continue;
    seen.add(where);
    issues.push(`${where}: ${rule}`);
  }
  throw new WorldValidationError(issues, source);
}
