/**
 * Requests at the edge of what the model allows (a value or size exactly at min or max), built from a valid
 * request. The service's validation accepts them, so the emulator's must too: this is what catches a check stricter
 * than the model (a refused ProjectName with a dot, an off-by-one on the 5 MiB image limit).
 */
import { type Json, type Probe, type Step, valueAt, withValue } from './model-probes';
import { javaPattern, type ModelShape, type ServiceModel, shapeOf } from './service-model';

export function boundaryProbes(model: ServiceModel, inputShape: string, valid: Json): Probe[] {
  const probes: Probe[] = [];
  const walk = (shape: ModelShape, steps: Step[], label: string, member: string): void => {
    const sample = valueAt(valid, steps);
    const add = (what: string, value: unknown) =>
      probes.push({ label: `${label}: ${what}`, member, request: withValue(valid, steps, value) });
    if (shape.type === 'structure') {
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (valueAt(valid, [...steps, name]) === undefined) continue;
        walk(shapeOf(model, ref.shape), [...steps, name], label === '' ? name : `${label}.${name}`, name);
      }
    }
    if (['integer', 'long', 'float', 'double'].includes(shape.type)) {
      if (shape.min !== undefined) add(`exactly min ${shape.min}`, shape.min);
      if (shape.max !== undefined) add(`exactly max ${shape.max}`, shape.max);
    }
    if (shape.type === 'blob' && shape.max !== undefined) {
      add(`exactly ${shape.max} bytes`, Buffer.alloc(shape.max, 1).toString('base64'));
    }
    if (shape.type === 'string' && typeof sample === 'string' && !shape.enum) {
      for (const [what, value] of stringEdges(shape, sample)) add(what, value);
    }
    if (shape.type === 'list' && Array.isArray(sample) && sample.length > 0) {
      if (shape.min !== undefined && shape.min > 0) add(`exactly ${shape.min} items`, Array(shape.min).fill(sample[0]));
      if (shape.max !== undefined) add(`exactly ${shape.max} items`, Array(shape.max).fill(sample[0]));
    }
    if (shape.type === 'map' && shape.max !== undefined && sample !== undefined) {
      const entries = Array.from({ length: shape.max }, (_, i) => [`k${i}`, 'v']);
      add(`exactly ${shape.max} entries`, Object.fromEntries(entries));
    }
  };
  walk(shapeOf(model, inputShape), [], '', '');
  return probes;
}

/** The sample cut to min length and padded to max length, where the pattern still accepts them. */
function stringEdges(shape: ModelShape, sample: string): [string, string][] {
  const accepts = (value: string) => shape.pattern === undefined || javaPattern(shape.pattern).test(value);
  const edges: [string, string][] = [];
  if (shape.min !== undefined && shape.min > 0 && sample.length >= shape.min) {
    const shortest = sample.slice(0, shape.min);
    if (accepts(shortest)) edges.push([`exactly min length ${shape.min}`, shortest]);
  }
  // Resource ids and ARNs padded to 2048 characters name nothing; that is fine, only validation is looked at.
  if (shape.max !== undefined && sample.length > 0 && sample.length <= shape.max) {
    const longest = sample + sample.slice(-1).repeat(shape.max - sample.length);
    if (accepts(longest)) edges.push([`exactly max length ${shape.max}`, longest]);
  }
  return edges;
}
