/** Every operation the emulator speaks, by the name that follows `RekognitionService.` in X-Amz-Target. */
import { collectionOperations } from './collection-operations';
import { faceOperations } from './face-operations';
import type { OperationHandler, OperationTable } from './operation';
import { projectOperations } from './project-operations';
import { projectVersionOperations } from './project-version-operations';
import { tagOperations } from './tag-operations';
import { userOperations } from './user-operations';

const operations: OperationTable = {
  ...collectionOperations,
  ...faceOperations,
  ...userOperations,
  ...tagOperations,
  ...projectOperations,
  ...projectVersionOperations,
};

export function findOperation(name: string): OperationHandler | undefined {
  return Object.hasOwn(operations, name) ? operations[name] : undefined;
}

export const OPERATION_NAMES: readonly string[] = Object.keys(operations).sort();
