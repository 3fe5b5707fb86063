/** Differences between the emulator's transcription of an input shape and the model's. */
import type { Shape } from '../../../local/emulator/service/input-shape';
import { type ServiceModel, shapeOf } from './service-model';

export function shapeDifferences(model: ServiceModel, modelName: string, shape: Shape, path: string): string[] {
  const expected = shapeOf(model, modelName);
  const differences: string[] = [];
  const differ = (what: string, theirs: unknown, ours: unknown) => {
    if (JSON.stringify(theirs) !== JSON.stringify(ours)) {
      differences.push(`${path}: ${what} is ${JSON.stringify(theirs)} in the model, ${JSON.stringify(ours)} here`);
    }
  };
  differ('the type', expected.type, shape.type);
  if (expected.type !== shape.type) return differences;
  const limits = shape as { min?: number; max?: number; pattern?: string; enum?: readonly string[] };
  differ('min', expected.min, limits.min);
  differ('max', expected.max, limits.max);
  differ('the pattern', expected.pattern, limits.pattern);
  differ('the enum', expected.enum, limits.enum);
  if (shape.type === 'structure') {
    const members = expected.members ?? {};
    differ('the members', Object.keys(members).sort(), Object.keys(shape.members).sort());
    differ('the required members', [...(expected.required ?? [])].sort(), [...(shape.required ?? [])].sort());
    for (const [member, ref] of Object.entries(members)) {
      const ours = shape.members[member];
      if (ours) differences.push(...shapeDifferences(model, ref.shape, ours, `${path}.${member}`));
    }
  }
  if (shape.type === 'list' && expected.member) {
    differences.push(...shapeDifferences(model, expected.member.shape, shape.member, `${path}[]`));
  }
  if (shape.type === 'map' && expected.key && expected.value) {
    differences.push(...shapeDifferences(model, expected.key.shape, shape.key, `${path} key`));
    differences.push(...shapeDifferences(model, expected.value.shape, shape.value, `${path} value`));
  }
  return differences;
}
