/**
 * Request shapes in the service model's terms (required, min, max, pattern, enum) and the check the service's
 * front end runs on them before any operation code sees the request. That order is the point: a request that breaks
 * a constraint is a ValidationException even when the resource it names does not exist. A member of the wrong JSON
 * type never reaches validation: the service fails to deserialize it (SerializationException).
 */
import { errors } from './service-error';

export type Shape =
  | { type: 'string'; min?: number; max?: number; pattern?: string; enum?: readonly string[] }
  | { type: 'integer' | 'float'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'blob'; min?: number; max?: number }
  | { type: 'list'; member: Shape; min?: number; max?: number }
  | { type: 'map'; key: Shape; value: Shape; min?: number; max?: number }
  | StructureShape;

export interface StructureShape {
  type: 'structure';
  members: Readonly<Record<string, Shape>>;
  required?: readonly string[];
}

const compiled = new Map<string, RegExp>();

/**
 * The model's patterns are Java regular expressions matched against the whole value; the `u` flag gives `\p{L}`
 * and friends the same meaning.
 */
export function modelPattern(source: string): RegExp {
  let pattern = compiled.get(source);
  if (!pattern) {
    pattern = new RegExp(`^(?:${source})$`, 'u');
    compiled.set(source, pattern);
  }
  return pattern;
}

/** Throws SerializationException for a wrongly typed member, else ValidationException listing every violation. */
export function validateInput(shape: StructureShape, input: Record<string, unknown>): void {
  const violations: string[] = [];
  checkStructure(shape, input, '', violations);
  if (violations.length === 0) return;
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
  throw errors.validation(`${count} detected: ${violations.join('; ')}`);
}

function wireName(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

function at(path: string, member: string): string {
  return path === '' ? wireName(member) : `${path}.${wireName(member)}`;
}

function checkStructure(shape: StructureShape, value: object, path: string, out: string[]): void {
  const record = value as Record<string, unknown>;
  for (const [member, memberShape] of Object.entries(shape.members)) {
    const memberValue = record[member];
    const memberPath = at(path, member);
    if (memberValue === undefined || memberValue === null) {
      if (shape.required?.includes(member)) out.push(violation(null, memberPath, 'Member must not be null'));
      continue;
    }
    for (const problem of check(memberShape, memberValue, memberPath, out)) {
      out.push(violation(memberValue, memberPath, problem));
    }
  }
}

/** The constraints `value` breaks (worded like the service), after recursing into nested structures. */
function check(shape: Shape, value: unknown, path: string, out: string[]): string[] {
  switch (shape.type) {
    case 'string': {
      const text = expectType(value, 'string', path);
      const problems = lengthProblems(text.length, shape);
      if (shape.pattern !== undefined && !modelPattern(shape.pattern).test(text)) {
        problems.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (shape.enum && !shape.enum.includes(text)) {
        problems.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
      return problems;
    }
    case 'integer':
    case 'float': {
      const number = expectType(value, 'number', path);
      if (shape.type === 'integer' && !Number.isInteger(number)) {
        throw errors.serialization(`Value at '${path}' can not be converted to an Integer`);
      }
      return rangeProblems(number, shape);
    }
    case 'boolean':
      expectType(value, 'boolean', path);
      return [];
    case 'blob':
      return lengthProblems(base64Length(expectType(value, 'string', path)), shape);
    case 'list': {
      if (!Array.isArray(value)) throw errors.serialization(`Expected a list at '${path}'`);
      const problems = lengthProblems(value.length, shape);
      value.forEach((item: unknown, index) => {
        if (shape.member.type === 'structure') {
          checkStructure(shape.member, expectObject(item, path), `${path}.${index + 1}.member`, out);
          return;
        }
        const inner = check(shape.member, item, path, out);
        if (inner.length > 0) problems.push(`Member must satisfy constraint: [${inner.join(', ')}]`);
      });
      return [...new Set(problems)];
    }
    case 'map': {
      const entries = Object.entries(expectObject(value, path));
      const problems = lengthProblems(entries.length, shape);
      for (const [key, entryValue] of entries) {
        const keyProblems = check(shape.key, key, path, out);
        if (keyProblems.length > 0) problems.push(`Map keys must satisfy constraint: [${keyProblems.join(', ')}]`);
        const valueProblems = check(shape.value, entryValue, path, out);
        if (valueProblems.length > 0) problems.push(`Map value must satisfy constraint: [${valueProblems.join(', ')}]`);
      }
      return [...new Set(problems)];
    }
    case 'structure':
      checkStructure(shape, expectObject(value, path), path, out);
      return [];
  }
}

function expectType<T extends 'string' | 'number' | 'boolean'>(
  value: unknown,
  type: T,
  path: string,
): T extends 'string' ? string : T extends 'number' ? number : boolean {
  if (typeof value !== type) throw errors.serialization(`Value at '${path}' can not be converted to a ${type}`);
  return value as never;
}

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.serialization(`Expected a structure or map at '${path}'`);
  }
  return value as Record<string, unknown>;
}

function lengthProblems(length: number, limits: { min?: number; max?: number }): string[] {
  if (limits.min !== undefined && length < limits.min) {
    return [`Member must have length greater than or equal to ${limits.min}`];
  }
  if (limits.max !== undefined && length > limits.max) {
    return [`Member must have length less than or equal to ${limits.max}`];
  }
  return [];
}

function rangeProblems(value: number, limits: { min?: number; max?: number }): string[] {
  if (limits.min !== undefined && value < limits.min) {
    return [`Member must have value greater than or equal to ${limits.min}`];
  }
  if (limits.max !== undefined && value > limits.max) {
    return [`Member must have value less than or equal to ${limits.max}`];
  }
  return [];
}

/** Decoded size of a base64 blob, without decoding it. */
function base64Length(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

function violation(value: unknown, path: string, constraint: string): string {
  return `Value ${shown(value)} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 256 ? `${value.slice(0, 256)}...` : value}'`;
  if (Array.isArray(value)) return `'[${value.length} items]'`;
  if (typeof value === 'object') return `'{${Object.keys(value).length} entries}'`;
  return `'${String(value)}'`;
}
