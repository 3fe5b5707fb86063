/** Collects every problem of a world file, each with its JSON path, instead of stopping at the first. */
import type { StringRule } from '../service/validation';

export class WorldValidationError extends Error {
  override readonly name = 'WorldValidationError';

  constructor(
    readonly issues: string[],
    source = 'world',
  ) {
    super(`invalid ${source}:\n  - ${issues.join('\n  - ')}`);
  }
}

type Json = Record<string, unknown>;

export class WorldChecker {
  readonly issues: string[] = [];

  fail(path: string, problem: string): void {
    this.issues.push(`${path}: ${problem}`);
  }

  /** The value as an object whose keys are all in `allowed`, or undefined (with an issue) if it is not one. */
  object(value: unknown, path: string, allowed: readonly string[]): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be an object');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, `unknown key (allowed: ${allowed.join(', ')})`);
    }
    return value as Json;
  }

  array(value: unknown, path: string): unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.fail(path, 'must be an array');
      return [];
    }
    return value;
  }

  string(value: unknown, path: string, rule?: StringRule, required = false): void {
    if (value === undefined) {
      if (required) this.fail(path, 'is required');
      return;
    }
    if (typeof value !== 'string') {
      this.fail(path, 'must be a string');
      return;
    }
    // The pattern first: "must match <uuid pattern>" says more about "nope" than a length would.
    if (rule?.pattern && !rule.pattern.test(value)) {
      this.fail(path, `must match ${rule.pattern.source}`);
    } else if (rule && (value.length < rule.min || value.length > rule.max)) {
      this.fail(path, `must be ${rule.min} to ${rule.max} characters long`);
    }
  }

  integer(value: unknown, path: string, min: number, max: number, required = false): void {
    if (value === undefined) {
      if (required) this.fail(path, 'is required');
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `must be an integer from ${min} to ${max}`);
    }
  }

  number(value: unknown, path: string, min: number, max: number): void {
    if (value !== undefined && (typeof value !== 'number' || !(value >= min && value <= max))) {
      this.fail(path, `must be a number from ${min} to ${max}`);
    }
  }

  oneOf(value: unknown, path: string, values: readonly string[]): void {
    if (value !== undefined && !values.includes(value as string))
      this.fail(path, `must be one of ${values.join(', ')}`);
  }

  tags(value: unknown, path: string, key: StringRule, tagValue: StringRule, max: number): void {
    if (value === undefined) return;
    const tags = this.object(value, path, typeof value === 'object' && value !== null ? Object.keys(value) : []);
    if (!tags) return;
    if (Object.keys(tags).length > max) this.fail(path, `must have at most ${max} tags`);
    for (const [name, text] of Object.entries(tags)) {
      this.string(name, `${path} key "${name}"`, key);
      this.string(text, `${path}.${name}`, tagValue);
    }
  }

  /** createdAt (ISO instant) or createdDaysAgo (days >= 0), not both. */
  creation(entry: Json, path: string): void {
    if (entry.createdAt !== undefined && entry.createdDaysAgo !== undefined) {
      this.fail(path, 'set createdAt or createdDaysAgo, not both');
    }
    if (
      entry.createdAt !== undefined &&
      (typeof entry.createdAt !== 'string' || Number.isNaN(Date.parse(entry.createdAt)))
    ) {
      this.fail(`${path}.createdAt`, 'must be an ISO-8601 instant such as 2024-01-31T12:00:00Z');
    }
    this.number(entry.createdDaysAgo, `${path}.createdDaysAgo`, 0, 36_500);
  }
}
