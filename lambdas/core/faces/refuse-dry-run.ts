import { UnsafeOperationError } from '../errors';

/**
 * Defence in depth: the state machine never routes a dry run to a worker that deletes, so receiving one means the
 * definition or a caller is wrong. Refuse before the first Rekognition call.
 */
export function refuseDryRun(item: { dryRun: boolean }, worker: string): void {
  if (item.dryRun !== false) {
    throw new UnsafeOperationError(
      `${worker} deletes and was invoked with dryRun=${String(item.dryRun)}; nothing was done`,
    );
  }
}
