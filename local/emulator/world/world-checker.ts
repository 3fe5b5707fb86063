/**
 * Collects every problem of a world file, each with its JSON path, instead of stopping at the first. The structure
 * is checked by the schema (validate-world.ts); seeding adds the cross-references it finds (seed-world.ts).
 */
export class WorldValidationError extends Error {
  override readonly name = 'WorldValidationError';

  constructor(
    readonly issues: string[],
    source = 'world',
  ) {
    super(`invalid ${source}:\n  - ${issues.join('\n  - ')}`);
  }
}

export class WorldChecker {
  readonly issues: string[] = [];

  fail(path: string, problem: string): void {
    this.issues.push(`${path}: ${problem}`);
  }
}
