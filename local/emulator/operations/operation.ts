/** What every operation handler is, and the helpers most of them share. */
import type { Collection } from '../model/collection';
import type { EmulatorWorld } from '../model/emulator-world';
import { errors } from '../service/service-error';
import { type Input, optionalString, requiredString, rules } from '../service/validation';

/** Validates the request, applies it to the world and returns the response body (never undefined). */
export type OperationHandler = (input: Input, world: EmulatorWorld) => object;

export type OperationTable = Record<string, OperationHandler>;

/** Timestamps travel as epoch seconds (JSON numbers), which is what the SDK's awsJson1_1 protocol expects. */
export function epochSeconds(epochMs: number): number {
  return epochMs / 1000;
}

export function requireCollection(input: Input, world: EmulatorWorld): Collection {
  const collectionId = requiredString(input, 'CollectionId', rules.collectionId);
  const collection = world.collection(collectionId);
  if (!collection) throw errors.resourceNotFound(`The collection id: ${collectionId} does not exist`);
  return collection;
}

/** The NextToken scope of anything listed inside a collection: a re-created collection invalidates old tokens. */
export function collectionScope(collection: Collection): string {
  return `${collection.id}#${collection.generation}`;
}

/**
 * Runs `action` at most once per ClientRequestToken: a retry with the same token and parameters gets the first
 * answer back; the same token with other parameters is IdempotentParameterMismatchException.
 */
export function idempotent(
  input: Input,
  collection: Collection,
  operation: string,
  fingerprint: string,
  action: () => object,
): object {
  const token = optionalString(input, 'ClientRequestToken', rules.clientRequestToken);
  if (token === undefined) return action();
  const recalled = collection.idempotency.recall(operation, token, fingerprint);
  if (recalled.kind === 'replay') return recalled.response;
  if (recalled.kind === 'mismatch') {
    throw errors.idempotentParameterMismatch(`ClientRequestToken ${token} was already used with other parameters`);
  }
  const response = action();
  collection.idempotency.remember(operation, token, fingerprint, response);
  return response;
}
