import type { ItemResult, LaneInput, LaneProgress, TaskFailure, WorkItem } from '../contracts';
import { RETRYABLE_ERRORS } from '../errors';

export function isLaneProgress(progress: unknown): progress is LaneProgress {
  return typeof progress === 'object' && progress !== null && 'position' in progress;
}

/** The lane's progress to build on: a copy (the input is never mutated), counting this invocation. */
export function resumeLane(input: LaneInput, items: number): LaneProgress {
  const base: LaneProgress = isLaneProgress(input.progress)
    ? { ...input.progress, items }
    : { done: false, position: 0, items, invocations: 0 };
  base.invocations += 1;
  return base;
}

/** What the lane worker returns: its input with the new progress, and without the failure it has recorded. */
export function laneOutput(input: LaneInput, progress: LaneProgress): LaneInput {
  const { failure: _recorded, ...rest } = input;
  return { ...rest, progress };
}

/** What an item's step gets: its target, its stored progress, and what every worker of the lane knows. */
export function workItemOf<TTarget, TProgress>(
  input: LaneInput,
  target: TTarget,
  stored: ItemResult<TProgress> | undefined,
): WorkItem<TTarget, TProgress> {
  return {
    target,
    executionId: input.executionId,
    startedAt: input.startedAt,
    dryRun: input.dryRun,
    progress: stored?.progress ?? { done: false },
    ...(input.rates === undefined ? {} : { rates: input.rates }),
  };
}

/** An item's stored result is final: done, or failed beyond its retries. */
export function isSettled(result: ItemResult<{ done: boolean }> | undefined): boolean {
  return result !== undefined && (result.failure !== undefined || result.progress.done);
}

/**
 * Throttling and 5xx that outlived the SDK's retries are the state machine's to retry (with a longer backoff): the
 * lane invocation fails and is retried from the stored progress. Anything else is this item's failure: recorded,
 * and the lane goes on with the next item.
 */
export function itemFailure(error: unknown): TaskFailure | undefined {
  const name = error instanceof Error ? error.name : 'Error';
  if (RETRYABLE_ERRORS.includes(name)) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { Error: name, Cause: JSON.stringify({ errorType: name, errorMessage: message }) };
}
