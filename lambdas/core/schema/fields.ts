/**
 * The few shapes every contract here is made of, on zod/mini, each with the rule it reads as in errors. Every check
 * aborts on failure, so a rule that reads the value (a pattern, a refinement) never runs on a value that already
 * broke a cheaper one: a 5 MB string fails its length and is never matched. Size checks on lists come first, which
 * zod runs before visiting a single item (100k entries are refused without being read).
 */
import * as z from 'zod/mini';
import { didYouMean } from '../did-you-mean';
import { isPlainObject } from './issue-path';

export const MUST_BE_AN_OBJECT = 'must be an object';
export const UNKNOWN_FIELD = 'unknown field';
/** Longer than any field name, so no name is near: not worth an edit distance (the path cuts such a key anyway). */
const MAX_SUGGESTED_KEY = 64;

/**
 * `unknown field`, with the known field the key most likely meant: `unknown field (did you mean "maxDeletions"?)`.
 * Only names from the schema are suggested, never one the object already has; the key itself is in the path.
 */
export function unknownFieldRule(key: string, known: readonly string[], input?: unknown): string {
  if (key.length > MAX_SUGGESTED_KEY) return UNKNOWN_FIELD;
  const present = (name: string) => typeof input === 'object' && input !== null && Object.hasOwn(input, name);
  return (
    UNKNOWN_FIELD +
    didYouMean(
      key,
      known.filter((name) => !present(name)),
    )
  );
}

export interface TextSpec {
  min: number;
  max: number;
  /** Anchored, without the `m` flag, so a trailing newline cannot slip past `$`. */
  pattern: RegExp;
  /** How the rule reads in errors, e.g. `must match [a-zA-Z0-9_.\-]+ (1-255 chars)`. */
  rule: string;
}

/** Length is checked before the pattern, so a huge string costs nothing. */
export function text(spec: TextSpec) {
  return z
    .string({ error: 'must be a string' })
    .check(
      z.minLength(spec.min, { error: spec.rule, abort: true }),
      z.maxLength(spec.max, { error: spec.rule, abort: true }),
      z.regex(spec.pattern, { error: spec.rule, abort: true }),
    );
}

/** Safe integers only: no numeric strings, no fractions, no NaN or Infinity. */
export function integer(min: number, max: number) {
  const rule =
    max === Number.MAX_SAFE_INTEGER ? `must be a safe integer >= ${min}` : `must be an integer ${min}-${max}`;
  return z.int({ error: rule }).check(
    z.gte(min, { error: rule, abort: true }),
    z.lte(max, { error: rule, abort: true }),
    // -0 passes the checks above but would not equal 0 in deep comparisons.
    z.overwrite((value) => (value === 0 ? 0 : value)),
  );
}

export const boolean = () => z.boolean({ error: 'must be a boolean' });

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

export interface ListSpec {
  min: number;
  max: number;
}

/** An array whose size is checked before any item. */
export function list<T extends z.core.SomeType>(item: T, spec: ListSpec) {
  const rule = `must have ${spec.min}-${spec.max} entries`;
  return z
    .array(item, { error: 'must be an array' })
    .check(z.maxLength(spec.max, { error: rule, abort: true }), z.minLength(spec.min, { error: rule, abort: true }));
}

/** A list of ids: exact duplicates are the one thing normalisation drops, keeping the first occurrence. */
export function idList<T extends z.core.SomeType>(item: T, spec: ListSpec) {
  return list(item, spec).check(z.overwrite((items) => [...new Set(items)]));
}

/** Anything but a plain object is refused before its fields are read: no arrays, dates, boxed strings or classes. */
export function isPlainObjectProblem(value: unknown): { message: string } | undefined {
  return isPlainObject(value) ? undefined : { message: MUST_BE_AN_OBJECT };
}

/** A key holding `undefined` counts as absent, as after the JSON round trip through the state machine. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value)) {
    if ((value as Record<string, unknown>)[key] === undefined) delete (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * A plain object with a closed set of fields (an unknown field is refused), then the rules about the whole object,
 * which run only once every field passed. The result is a fresh object: nothing of the input is reused.
 */
export function object<S extends z.core.$ZodLooseShape>(
  shape: S,
  ...checks: z.core.$ZodCheck<z.output<z.ZodMiniObject<S, z.core.$strict>>>[]
) {
  const known = Object.keys(shape);
  const strict = z
    .strictObject(shape, {
      // The first unknown key is the one reported (problems.ts), in the order the caller wrote them.
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? unknownFieldRule(issue.keys[0] ?? '', known, issue.input)
          : MUST_BE_AN_OBJECT,
    })
    .check(z.overwrite(withoutUndefined), ...checks);
  return before(isPlainObjectProblem, strict);
}

/** A rule about a whole value: `problem` returns what is wrong (and where, below the value), or nothing. */
export function rule<T>(problem: (value: T) => { message: string; path?: PropertyKey[] } | undefined) {
  return z.superRefine<T>((value, context) => {
    const found = problem(value);
    if (found !== undefined) {
      // Aborting: no later check (a normalising overwrite) reads a value that broke this rule.
      context.addIssue({ code: 'custom', message: found.message, path: found.path ?? [], continue: false });
    }
  });
}

/** A guard run before a schema reads its input, e.g. to bound a map's size; returns the problem, if any. */
export function before<T extends z.core.$ZodType>(
  guard: (value: unknown) => { message: string; path?: PropertyKey[] } | undefined,
  schema: T,
) {
  const check = z.transform((value: unknown, context) => {
    const found = guard(value);
    if (found !== undefined) {
      context.issues.push({ code: 'custom', message: found.message, input: value, path: found.path ?? [] });
    }
    return value;
  });
  return z.pipe(check, schema);
}

/**
 * A description for the published JSON Schema and, where a rule checked in code has a JSON Schema form (an `anyOf`
 * of required fields...), that form, stated beside the rule so that both readers of the contract get it.
 */
export function described<T extends z.core.$ZodType>(
  schema: T,
  description: string,
  jsonSchema: Record<string, unknown> = {},
): T {
  z.globalRegistry.add(schema, { description, ...jsonSchema });
  return schema;
}
