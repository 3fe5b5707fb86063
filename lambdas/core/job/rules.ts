/**
 * A tiny, total schema kit for the job contract. Every rule takes an `unknown` and either returns a fresh, typed
 * value or throws InvalidJobError naming the exact path: no other exception can escape, whatever JSON arrives.
 *
 * Order matters because the first problem "in document order" must be reported: a container is checked (type,
 * size) before its contents, an object's own keys are visited in their order, and rules that need the whole object
 * (required fields, "at least one of", "not both") run after its fields.
 */
import { InvalidJobError } from '../errors';

/** What a rule may need besides the value: the validation instant (for "not in the future" rules). */
export interface RuleContext {
  readonly nowMs: number;
}

/** `path` is '' at the root of the job. */
export type Rule<T> = (value: unknown, path: string, context: RuleContext) => T;

/** The root has no path of its own; errors about the whole job name it `job`. */
export function fail(path: string, rule: string): never {
  throw new InvalidJobError(path === '' ? 'job' : path, rule);
}

// Keys come from the caller and end up in logs and error messages: a key that is not a short identifier is
// quoted (escaping newlines and control characters) and cut, so a 5 MB key or a forged line cannot get through.
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const MAX_QUOTED_KEY = 64;

export function keyPath(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  const shown = key.length > MAX_QUOTED_KEY ? `${key.slice(0, MAX_QUOTED_KEY)}…` : key;
  return `${path}[${quote(shown)}]`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** JSON quoting, plus the two line terminators JSON leaves alone, so the result is always a single line. */
export function quote(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Plain objects only: JSON objects, including ones with a null prototype; not arrays, dates or class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) fail(path, 'must be an object');
  return value;
}

export const boolean: Rule<boolean> = (value, path) => {
  if (typeof value !== 'boolean') fail(path, 'must be a boolean');
  return value;
};

/** Integers only: no numeric strings, no fractions, no NaN or Infinity. */
export function integer(min: number, max: number): Rule<number> {
  const rule =
    max === Number.MAX_SAFE_INTEGER ? `must be a safe integer >= ${min}` : `must be an integer ${min}-${max}`;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) fail(path, rule);
    // -0 passes the checks above but would not equal 0 in deep comparisons.
    return value === 0 ? 0 : value;
  };
}

export interface TextSpec {
  min: number;
  max: number;
  /** Anchored, without the `m` flag, so a trailing newline cannot slip past `$`. */
  pattern: RegExp;
  /** How the rule reads in errors, e.g. `must match [a-zA-Z0-9_.\-]+ (1-255 chars)`. */
  rule: string;
}

/** Length is checked before the pattern so a huge string costs nothing. */
export function text(spec: TextSpec): Rule<string> {
  return (value, path) => {
    if (typeof value !== 'string') fail(path, 'must be a string');
    if (value.length < spec.min || value.length > spec.max || !spec.pattern.test(value)) fail(path, spec.rule);
    return value;
  };
}

export function oneOf<T extends string>(allowed: readonly T[]): Rule<T> {
  const rule = `must be one of ${allowed.join(', ')}`;
  return (value, path) => {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(path, rule);
    return value as T;
  };
}

export interface ListSpec {
  min: number;
  max: number;
}

/** The size is checked before any item, so 100k entries are rejected without visiting them. */
export function list<T>(item: Rule<T>, spec: ListSpec): Rule<T[]> {
  const sizeRule = `must have ${spec.min}-${spec.max} entries`;
  return (value, path, context) => {
    if (!Array.isArray(value)) fail(path, 'must be an array');
    if (value.length < spec.min || value.length > spec.max) fail(path, sizeRule);
    const items: T[] = [];
    // An index loop (not forEach/map) so holes in sparse arrays are visited and rejected like any bad item.
    for (let index = 0; index < value.length; index += 1) {
      items.push(item(value[index], indexPath(path, index), context));
    }
    return items;
  };
}

/** A list of ids: exact duplicates are the one thing normalisation drops, keeping the first occurrence. */
export function idList(item: Rule<string>, spec: ListSpec): Rule<string[]> {
  const validate = list(item, spec);
  return (value, path, context) => [...new Set(validate(value, path, context))];
}

/** One rule per field; `-?` makes the table list every field of T, so a new contract field cannot be forgotten. */
export type FieldRules<T> = { [K in keyof T]-?: Rule<NonNullable<T[K]>> };

export interface RecordSpec<T> {
  fields: FieldRules<T>;
  required?: readonly (keyof T & string)[];
  /** Rules about the whole object, run after every field passed. */
  check?: (record: T, path: string) => void;
}

/**
 * An object with a closed set of fields. Rules are looked up with Object.hasOwn, so keys like `__proto__` or
 * `constructor` are unknown fields rather than inherited rules. A key whose value is `undefined` counts as absent,
 * as it would after the JSON round trip the job takes through the state machine.
 */
export function record<T>(spec: RecordSpec<T>): Rule<T> {
  const rules = spec.fields as Record<string, Rule<unknown>>;
  return (value, path, context) => {
    const input = expectObject(value, path);
    const output: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      const fieldPath = keyPath(path, key);
      const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
      if (rule === undefined) fail(fieldPath, 'unknown field');
      const fieldValue = input[key];
      if (fieldValue !== undefined) output[key] = rule(fieldValue, fieldPath, context);
    }
    for (const key of spec.required ?? []) {
      if (!Object.hasOwn(output, key)) fail(keyPath(path, key), 'is required');
    }
    // Every present field passed its rule and every required one is there, which is what T promises.
    const typed = output as T;
    spec.check?.(typed, path);
    return typed;
  };
}
