/**
 * Typed request field readers, and the rules world files share with them. The model's constraints have already
 * been checked (input-shape.ts) when an operation reads its input, so what these refuse is only where the emulator
 * is stricter than the model (MaxResults 0, more than 50 tags): an InvalidParameterException, as the service gives
 * for a parameter its model accepts but it does not.
 */
import { errors } from './service-error';

export type Input = Record<string, unknown>;

export interface StringRule {
  min: number;
  max: number;
  pattern?: RegExp;
}

export const rules = {
  collectionId: { min: 1, max: 255, pattern: /^[a-zA-Z0-9_.-]+$/ },
  userId: { min: 1, max: 128, pattern: /^[a-zA-Z0-9_.\-:]+$/ },
  faceId: { min: 36, max: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ },
  externalImageId: { min: 1, max: 255, pattern: /^[a-zA-Z0-9_.\-:]+$/ },
  projectName: { min: 1, max: 255, pattern: /^[a-zA-Z0-9_.-]+$/ },
  versionName: { min: 1, max: 255, pattern: /^[a-zA-Z0-9_.-]+$/ },
  clientRequestToken: { min: 1, max: 64, pattern: /^[a-zA-Z0-9-_]+$/ },
  arn: { min: 20, max: 2048, pattern: /^arn:[a-z0-9-]+:rekognition:/ },
  versionDescription: { min: 1, max: 255, pattern: /^[a-zA-Z0-9-_. ()':,;?]+$/ },
  kmsKeyId: { min: 1, max: 2048, pattern: /^[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,2048}$/ },
  s3Bucket: { min: 3, max: 255, pattern: /^[0-9A-Za-z.\-_]*$/ },
  s3KeyPrefix: { min: 0, max: 1024 },
  s3ObjectName: { min: 1, max: 1024 },
  s3ObjectVersion: { min: 1, max: 1024 },
  paginationToken: { min: 0, max: 1024 },
  tagKey: { min: 1, max: 128, pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u },
  tagValue: { min: 0, max: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u },
} satisfies Record<string, StringRule>;

/** The real service's per-resource tag limit (the model's TagMap allows 200 per request). */
export const MAX_TAGS = 50;

function wireName(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function invalid(value: unknown, name: string, constraint: string): never {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  throw errors.invalidParameter(
    `1 validation error detected: Value '${shown}' at '${wireName(name)}' failed to satisfy constraint: ${constraint}`,
  );
}

export function checkString(value: unknown, name: string, rule: StringRule): string {
  if (typeof value !== 'string') return invalid(value, name, 'Member must be a string');
  if (value.length < rule.min || value.length > rule.max) {
    return invalid(value, name, `Member must have length between ${rule.min} and ${rule.max}`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    return invalid(value, name, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  }
  return value;
}

export function requiredString(input: Input, name: string, rule: StringRule): string {
  if (input[name] === undefined || input[name] === null) return invalid(null, name, 'Member must not be null');
  return checkString(input[name], name, rule);
}

export function optionalString(input: Input, name: string, rule: StringRule): string | undefined {
  return input[name] === undefined || input[name] === null ? undefined : checkString(input[name], name, rule);
}

export function optionalInteger(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(value, name, 'Member must be an integer');
  if (value < min || value > max) {
    return invalid(value, name, `Member must have value between ${min} and ${max} inclusive`);
  }
  return value;
}

export function requiredInteger(input: Input, name: string, min: number, max: number): number {
  if (input[name] === undefined || input[name] === null) return invalid(null, name, 'Member must not be null');
  return optionalInteger(input, name, min, max) as number;
}

export function optionalNumber(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || value < min || value > max) {
    return invalid(value, name, `Member must have value between ${min} and ${max} inclusive`);
  }
  return value;
}

export function optionalStringList(
  input: Input,
  name: string,
  size: { min: number; max: number },
  item: StringRule,
): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return invalid(value, name, 'Member must be a list');
  if (value.length < size.min || value.length > size.max) {
    return invalid(`[${value.length} items]`, name, `Member must have length between ${size.min} and ${size.max}`);
  }
  for (const entry of value) checkString(entry, `${name}.member`, item);
  return value as string[];
}

export function requiredStringList(
  input: Input,
  name: string,
  size: { min: number; max: number },
  item: StringRule,
): string[] {
  if (input[name] === undefined || input[name] === null) return invalid(null, name, 'Member must not be null');
  return optionalStringList(input, name, size, item) as string[];
}

export function optionalEnum<T extends string>(input: Input, name: string, values: readonly T[]): T | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    return invalid(value, name, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value as T;
}

export function optionalObject(input: Input, name: string): Input | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return invalid(value, name, 'Member must be a structure');
  return value as Input;
}

/** A Tags map: at most 50 entries, keys and values within the tagging rules. */
export function optionalTags(input: Input, name: string): Map<string, string> | undefined {
  const value = optionalObject(input, name);
  if (value === undefined) return undefined;
  const entries = Object.entries(value);
  if (entries.length > MAX_TAGS) {
    return invalid(`{${entries.length} tags}`, name, `Map must have length less than or equal to ${MAX_TAGS}`);
  }
  const tags = new Map<string, string>();
  for (const [key, tagValue] of entries) {
    checkString(key, `${name}.key`, rules.tagKey);
    tags.set(key, checkString(tagValue, `${name}.${key}`, rules.tagValue));
  }
  return tags;
}

export function optionalEnumList<T extends string>(
  input: Input,
  name: string,
  size: { min: number; max: number },
  values: readonly T[],
): T[] | undefined {
  const list = optionalStringList(input, name, size, { min: 1, max: 255 });
  const unknown = list?.find((value) => !(values as readonly string[]).includes(value));
  if (unknown !== undefined) {
    return invalid(unknown, `${name}.member`, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return list as T[] | undefined;
}
