/** Every operation the emulator speaks, by the name that follows `RekognitionService.` in X-Amz-Target. */
import type { StructureShape } from '../service/input-shape';
import { collectionOperations } from './collection-operations';
import { faceOperations } from './face-operations';
import { INPUT_SHAPES } from './input-shapes';
import type { OperationHandler, OperationTable } from './operation';
import { projectOperations } from './project-operations';
import { projectVersionOperations } from './project-version-operations';
import { tagOperations } from './tag-operations';
import { userOperations } from './user-operations';

export interface RegisteredOperation {
  /** Checked before `run`, so a broken constraint is refused before any resource is looked up. */
  input: StructureShape;
  run: OperationHandler;
}

const handlers: OperationTable = {
  ...collectionOperations,
  ...faceOperations,
  ...userOperations,
  ...tagOperations,
  ...projectOperations,
  ...projectVersionOperations,
};

const operations = new Map<string, RegisteredOperation>(
  Object.entries(handlers).map(([name, run]) => {
    const input = INPUT_SHAPES[name];
    // An operation without its model shape would skip validation silently: fail at start-up instead.
    if (!input) throw new Error(`rekognition emulator: no input shape for ${name}`);
    return [name, { input, run }];
  }),
);

export function findOperation(name: string): RegisteredOperation | undefined {
  return operations.get(name);
}

export const OPERATION_NAMES: readonly string[] = [...operations.keys()].sort();
