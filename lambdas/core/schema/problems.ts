/**
 * Turns zod's issues into problems that name a path and a rule, and picks the first one in document order.
 *
 * zod visits an object's fields in the schema's order and reports every issue; the contract reports the first
 * problem in the order the caller wrote the document, so that fixing errors one by one goes top to bottom and the
 * same input always gives the same error. The order: a container's own type or size problem comes before its
 * contents; an object's keys come in their own order (Object.keys, as JSON.parse gives them); a missing field comes
 * after every present one; and a rule about a whole object (a custom issue: "at least one of", "not both") comes
 * after everything inside it. Messages are the rules written in the schema, never zod's defaults, and never carry
 * the value: zod leaves the input out of an issue unless asked (reportInput), and no rule here asks.
 */
import type * as z from 'zod/mini';
import { UNKNOWN_FIELD } from './fields';

type Issue = z.core.$ZodIssue;

export interface Problem {
  readonly path: readonly PropertyKey[];
  readonly rule: string;
}

/** For a union: which option's issues explain a value that matched none (by default the one with the fewest). */
export type UnionBranch = (value: unknown, optionIssues: readonly (readonly Issue[])[]) => number;

const fewestIssues: UnionBranch = (_value, options) =>
  options.reduce((best, issues, index) => (issues.length < (options[best]?.length ?? Infinity) ? index : best), 0);

interface Ranked extends Problem {
  /** A rule about the whole value at `path`, checked once its contents passed. */
  readonly whole: boolean;
}

interface Located {
  readonly present: boolean;
  readonly value: unknown;
}

function hasOwn(container: unknown, key: PropertyKey): boolean {
  return typeof container === 'object' && container !== null && Object.hasOwn(container, key);
}

function locate(root: unknown, path: readonly PropertyKey[]): Located {
  let value = root;
  for (const key of path) {
    if (!hasOwn(value, key)) return { present: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value };
}

/** An object's field that is not there (a hole in a sparse array is a bad item, not a missing field). */
function isMissing(root: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0 || locate(root, path).present) return false;
  const parent = locate(root, path.slice(0, -1));
  return parent.present && typeof parent.value === 'object' && parent.value !== null && !Array.isArray(parent.value);
}

/** One problem per issue, except an unknown-keys issue, which names its first key (the earliest of them). */
function problemsOf(root: unknown, issue: Issue, prefix: readonly PropertyKey[], branch: UnionBranch): Ranked[] {
  const path = [...prefix, ...issue.path];
  const whole = issue.code === 'custom';
  // A field the caller left out is reported as such, rather than as a value of the wrong type (or not an object).
  if (issue.code !== 'unrecognized_keys' && isMissing(root, path)) return [{ path, rule: 'is required', whole }];
  switch (issue.code) {
    case 'unrecognized_keys':
      // The message is object()'s rule (with its "did you mean"), never a default of zod's, which quotes the key.
      return [
        {
          path: [...path, issue.keys[0] ?? ''],
          rule: issue.message.startsWith(UNKNOWN_FIELD) ? issue.message : UNKNOWN_FIELD,
          whole,
        },
      ];
    case 'invalid_key':
      return [{ path, rule: issue.issues[0]?.message ?? issue.message, whole }];
    case 'invalid_union': {
      const options = issue.errors;
      if (options.length === 0) return [{ path, rule: issue.message, whole }];
      const chosen = options[branch(locate(root, path).value, options)] ?? [];
      return chosen.flatMap((inner) => problemsOf(root, inner, path, branch));
    }
    default:
      return [{ path, rule: issue.message, whole }];
  }
}

/** Positions along the path, in the document: array indices, key positions, a missing key after all present ones. */
function documentOrder(root: unknown, problem: Ranked, keyIndex: WeakMap<object, Map<string, number>>): number[] {
  const order: number[] = [];
  let value = root;
  for (const key of problem.path) {
    if (Array.isArray(value)) {
      order.push(typeof key === 'number' ? key : Number(key));
    } else if (typeof value === 'object' && value !== null) {
      let positions = keyIndex.get(value);
      if (positions === undefined) {
        positions = new Map(Object.keys(value).map((name, index) => [name, index]));
        keyIndex.set(value, positions);
      }
      order.push(positions.get(String(key)) ?? positions.size);
    } else {
      order.push(0);
    }
    value = hasOwn(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  // A whole-object rule after the object's contents; a type or size problem before them.
  order.push(problem.whole ? Infinity : -1);
  return order;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const difference = (a[index] as number) - (b[index] as number);
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
  }
  return a.length - b.length;
}

/** Every problem, in document order (stable: equal positions keep zod's order, which is the schema's). */
export function orderedProblems(root: unknown, issues: readonly Issue[], branch = fewestIssues): Problem[] {
  const keyIndex = new WeakMap<object, Map<string, number>>();
  const ranked = issues.flatMap((issue) =>
    problemsOf(root, issue, [], branch).map((problem) => ({ problem, order: documentOrder(root, problem, keyIndex) })),
  );
  return ranked
    .sort((a, b) => compare(a.order, b.order))
    .map(({ problem }) => ({ path: problem.path, rule: problem.rule }));
}

/** The first problem in document order. */
export function firstProblem(root: unknown, issues: readonly Issue[], branch = fewestIssues): Problem {
  const [first] = orderedProblems(root, issues, branch);
  return first ?? { path: [], rule: 'is invalid' };
}
