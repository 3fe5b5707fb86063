/**
 * Whether a response body (as JSON on the wire) fits the model's output shape: every member is one the model
 * declares, of its type (timestamps are epoch seconds in awsJson1_1), enums within their values.
 */
import { type ServiceModel, shapeOf } from './service-model';

export function outputProblems(model: ServiceModel, shapeName: string, value: unknown, path = '$'): string[] {
  const shape = shapeOf(model, shapeName);
  const wrongType = (expected: string) => [`${path}: expected ${expected}, got ${JSON.stringify(value)}`];
  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return wrongType('a structure');
      const problems: string[] = [];
      for (const member of shape.required ?? []) {
        if (value[member] === undefined) problems.push(`${path}.${member}: required by the model, missing`);
      }
      for (const [member, memberValue] of Object.entries(value)) {
        const ref = shape.members?.[member];
        if (!ref) problems.push(`${path}.${member}: not a member of ${shapeName}`);
        else problems.push(...outputProblems(model, ref.shape, memberValue, `${path}.${member}`));
      }
      return problems;
    }
    case 'list':
      if (!Array.isArray(value)) return wrongType('a list');
      return value.flatMap((item, i) => outputProblems(model, shape.member?.shape ?? '', item, `${path}[${i}]`));
    case 'map':
      if (!isRecord(value)) return wrongType('a map');
      return Object.entries(value).flatMap(([key, item]) => [
        ...outputProblems(model, shape.key?.shape ?? '', key, `${path} key`),
        ...outputProblems(model, shape.value?.shape ?? '', item, `${path}.${key}`),
      ]);
    case 'string':
      if (typeof value !== 'string') return wrongType('a string');
      return shape.enum && !shape.enum.includes(value) ? [`${path}: '${value}' is not one of ${shapeName}`] : [];
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? [] : wrongType('an integer');
    case 'float':
    case 'double':
    case 'timestamp':
      return typeof value === 'number' && Number.isFinite(value) ? [] : wrongType('a number');
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrongType('a boolean');
    case 'blob':
      return typeof value === 'string' ? [] : wrongType('base64 text');
    default:
      return [`${path}: the check does not know the model type ${shape.type}`];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
