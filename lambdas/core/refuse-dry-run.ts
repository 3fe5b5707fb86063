import { UnsafeOperationError } from './errors';

/**
 * Defence in depth: the state machine never routes a dry run to a worker that stops or deletes, so receiving one
 * (or an item without an explicit `dryRun: false`) means the definition or a caller is wrong. Refuse before the
 * first Rekognition call.
 */
export function refuseDryRun(item: { dryRun: boolean }, worker: string): void {
  if (item.dryRun !== false) {
    throw new UnsafeOperationError(
      `${worker} stops or deletes and was invoked with dryRun=${String(item.dryRun)}; nothing was done`,
    );
  }
}
