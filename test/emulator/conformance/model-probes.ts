/**
 * Requests that break one input constraint of the model each, derived from a valid request: for every member the
 * model constrains, a missing required member, a value below min or above max, one outside the pattern and one
 * outside the enum. Lists and maps get their size and their members' constraints; structures are walked into.
 */
import { javaPattern, type ModelShape, type ServiceModel, shapeOf } from './service-model';

export type Json = Record<string, unknown>;
/** A member name, a list index, or (last step only) the whole map at that member. */
export type Step = string | number;

export interface Probe {
  /** What the probe breaks, e.g. `Image.S3Object.Bucket: max 255`. */
  label: string;
  /** The member the service's message must name (its wire name, first letter lower case). */
  member: string;
  request: Json;
}

/** Why a constraint got no probe (no valid sample to build it from); the test insists this stays empty. */
export interface Unprobed {
  label: string;
  reason: string;
}

export function probesFor(
  model: ServiceModel,
  inputShape: string,
  valid: Json,
): { probes: Probe[]; unprobed: Unprobed[] } {
  const probes: Probe[] = [];
  const unprobed: Unprobed[] = [];
  const add = (label: string, member: string, steps: Step[], value: unknown): void => {
    probes.push({ label, member: wireName(member), request: withValue(valid, steps, value) });
  };
  const walkStructure = (shape: ModelShape, steps: Step[], label: string): void => {
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const memberSteps = [...steps, member];
      const memberLabel = label === '' ? member : `${label}.${member}`;
      if (shape.required?.includes(member)) add(`${memberLabel}: required`, member, memberSteps, undefined);
      walk(shapeOf(model, ref.shape), memberSteps, memberLabel, member);
    }
  };
  const walk = (shape: ModelShape, steps: Step[], label: string, member: string): void => {
    const sample = valueAt(valid, steps);
    for (const [constraint, value] of scalarViolations(shape)) add(`${label}: ${constraint}`, member, steps, value);
    if (shape.type === 'structure') walkStructure(shape, steps, label);
    if (shape.type === 'list' && shape.member) {
      const memberShape = shapeOf(model, shape.member.shape);
      const item =
        Array.isArray(sample) && sample.length > 0 ? sample[0] : memberShape.type === 'structure' ? {} : undefined;
      if (shape.min !== undefined && shape.min > 0)
        add(`${label}: min ${shape.min}`, member, steps, repeat(item, shape.min - 1));
      if (shape.max !== undefined) {
        if (item === undefined)
          unprobed.push({ label: `${label}: max`, reason: 'the valid request has no sample item' });
        else add(`${label}: max ${shape.max}`, member, steps, repeat(item, shape.max + 1));
      }
      if (memberShape.type === 'structure') walkStructure(memberShape, [...steps, 0], `${label}[0]`);
      else
        for (const [constraint, value] of scalarViolations(memberShape))
          add(`${label}[]: ${constraint}`, member, steps, [value]);
    }
    if (shape.type === 'map' && shape.key && shape.value) {
      if (shape.max !== undefined) {
        const entries = Array.from({ length: shape.max + 1 }, (_, i) => [`k${i}`, 'v']);
        add(`${label}: max ${shape.max} entries`, member, steps, Object.fromEntries(entries));
      }
      for (const [constraint, key] of scalarViolations(shapeOf(model, shape.key.shape))) {
        add(`${label} key: ${constraint}`, member, steps, { [String(key)]: 'v' });
      }
      for (const [constraint, value] of scalarViolations(shapeOf(model, shape.value.shape))) {
        add(`${label} value: ${constraint}`, member, steps, { k: value });
      }
    }
  };
  walkStructure(shapeOf(model, inputShape), [], '');
  return { probes, unprobed };
}

/** Values that break one constraint each of a string, number or blob shape. */
function scalarViolations(shape: ModelShape): [string, unknown][] {
  const out: [string, unknown][] = [];
  const { min, max } = shape;
  if (shape.type === 'string') {
    if (min !== undefined && min > 0) out.push([`min length ${min}`, 'a'.repeat(min - 1)]);
    if (max !== undefined) out.push([`max length ${max}`, 'a'.repeat(max + 1)]);
    if (shape.pattern !== undefined) {
      const bad = outsidePattern(shape.pattern, min ?? 0, max ?? Number.MAX_SAFE_INTEGER);
      if (bad !== undefined) out.push([`pattern ${shape.pattern}`, bad]);
    }
    if (shape.enum) out.push(['enum', 'NOT_A_MEMBER_OF_THE_ENUM']);
  }
  if (shape.type === 'integer' || shape.type === 'long' || shape.type === 'float' || shape.type === 'double') {
    const step = shape.type === 'float' || shape.type === 'double' ? 0.5 : 1;
    if (min !== undefined) out.push([`min ${min}`, min - step]);
    if (max !== undefined) out.push([`max ${max}`, max + step]);
  }
  if (shape.type === 'blob') {
    if (min !== undefined && min > 0) out.push([`min ${min} bytes`, '']);
    if (max !== undefined) out.push([`max ${max} bytes`, Buffer.alloc(max + 1).toString('base64')]);
  }
  return out;
}

const OUTSIDERS = ['#', ' ', '!', '~', 'aws:', '\u00e9'];

/** A string of allowed length that the pattern refuses. */
function outsidePattern(pattern: string, min: number, max: number): string | undefined {
  const regex = javaPattern(pattern);
  for (const outsider of OUTSIDERS) {
    const candidate = outsider
      .repeat(Math.max(1, Math.ceil(min / outsider.length)))
      .slice(0, Math.max(min, outsider.length));
    if (candidate.length <= max && !regex.test(candidate)) return candidate;
  }
  return undefined;
}

/** True when `value` meets every constraint of `shape` (the probes' own check that the valid request is valid). */
export function modelProblems(model: ServiceModel, shapeName: string, value: unknown, path = ''): string[] {
  const shape = shapeOf(model, shapeName);
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${path || '(request)'}: ${what}`);
  if (shape.type === 'structure') {
    const record = value as Json;
    for (const member of shape.required ?? []) if (record[member] === undefined) fail(`${member} is required`);
    for (const [member, memberValue] of Object.entries(record)) {
      const ref = shape.members?.[member];
      if (!ref) fail(`${member} is not in the model`);
      else problems.push(...modelProblems(model, ref.shape, memberValue, path ? `${path}.${member}` : member));
    }
    return problems;
  }
  if (shape.type === 'list') {
    const items = value as unknown[];
    if (!withinLimits(items.length, shape)) fail(`has ${items.length} items`);
    items.forEach((item, i) =>
      problems.push(...modelProblems(model, shape.member?.shape ?? '', item, `${path}[${i}]`)),
    );
    return problems;
  }
  if (shape.type === 'map') {
    const entries = Object.entries(value as Json);
    if (!withinLimits(entries.length, shape)) fail(`has ${entries.length} entries`);
    for (const [key, entry] of entries) {
      problems.push(...modelProblems(model, shape.key?.shape ?? '', key, `${path} key`));
      problems.push(...modelProblems(model, shape.value?.shape ?? '', entry, `${path}.${key}`));
    }
    return problems;
  }
  if (shape.type === 'string') {
    const text = value as string;
    if (!withinLimits(text.length, shape)) fail(`length ${text.length}`);
    if (shape.pattern !== undefined && !javaPattern(shape.pattern).test(text)) fail(`'${text}' breaks the pattern`);
    if (shape.enum && !shape.enum.includes(text)) fail(`'${text}' is not in the enum`);
  }
  if (['integer', 'long', 'float', 'double'].includes(shape.type) && !withinLimits(value as number, shape)) {
    fail(`${String(value)} is out of range`);
  }
  return problems;
}

function withinLimits(size: number, shape: ModelShape): boolean {
  return (shape.min === undefined || size >= shape.min) && (shape.max === undefined || size <= shape.max);
}

function wireName(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

function repeat(item: unknown, count: number): unknown[] {
  return Array.from({ length: count }, () => item);
}

export function valueAt(root: Json, steps: Step[]): unknown {
  let value: unknown = root;
  for (const step of steps) value = (value as Record<string | number, unknown> | undefined)?.[step];
  return value;
}

/** A deep copy of `root` with `value` at `steps` (undefined removes it), creating the containers on the way. */
export function withValue(root: Json, steps: Step[], value: unknown): Json {
  const copy = structuredClone(root);
  let container: Record<string | number, unknown> = copy;
  steps.forEach((step, index) => {
    if (index === steps.length - 1) {
      if (value === undefined) delete container[step];
      else container[step] = value;
      return;
    }
    const next = steps[index + 1];
    if (container[step] === undefined || container[step] === null) container[step] = typeof next === 'number' ? [] : {};
    container = container[step] as Record<string | number, unknown>;
    if (typeof next === 'number' && container[next] === undefined) container[next] = {};
  });
  return copy;
}
