import type { ItemResult, LaneInput, WorkItem } from '../contracts';
import type { JobStore } from '../store/job-store';
import type { TimeBudget } from '../time-budget';
import { isSettled, itemFailure, laneOutput, resumeLane, workItemOf } from './lane-progress';

/** One invocation of one item's worker: takes the item's progress, returns its new progress. */
export type ItemStep<TTarget, TProgress extends { done: boolean }> = (
  item: WorkItem<TTarget, TProgress>,
  budget: TimeBudget,
) => Promise<TProgress>;

/**
 * One invocation of a lane: works through the lane's items in order, from the lane's position, until the lane is
 * done or the budget runs out (the first step always runs, so every invocation moves forward). Each item's progress
 * is saved in the store after every step, so the record of what was deleted is written as it happens, and a
 * retried invocation resumes each item where its last saved step left it.
 */
export async function runLane<TTarget, TProgress extends { done: boolean }>(
  store: JobStore,
  input: LaneInput,
  budget: TimeBudget,
  step: ItemStep<TTarget, TProgress>,
  /** Faces an item's progress says it deleted, as the report counts them: the lane keeps a running total. */
  facesOf?: (progress: Partial<TProgress>) => number,
): Promise<LaneInput> {
  const entries = await store.getLane<TTarget>(input.jobId, input.kind, input.lane);
  const progress = resumeLane(input, entries.length);
  const faces = (result: ItemResult<TProgress> | undefined) =>
    result === undefined ? 0 : (facesOf?.(result.progress as Partial<TProgress>) ?? 0);
  let settledFaces = progress.facesSettled ?? 0;
  let currentFaces = 0;
  if (input.failure !== undefined) {
    // The previous invocation failed on this item beyond its retries: record that, and go on with the rest.
    const entry = entries[progress.position];
    if (entry !== undefined) {
      const previous = await store.getResult<ItemResult<TProgress>>(input.jobId, input.kind, entry.index);
      await store.putResult(input.jobId, input.kind, entry.index, {
        progress: previous?.progress ?? { done: false },
        failure: input.failure,
      });
      settledFaces += faces(previous);
      progress.failed = (progress.failed ?? 0) + 1;
      progress.position += 1;
    }
  }

  let steps = 0;
  while (progress.position < entries.length && (steps === 0 || !budget.expired())) {
    const entry = entries[progress.position]!;
    const stored = await store.getResult<ItemResult<TProgress>>(input.jobId, input.kind, entry.index);
    if (isSettled(stored)) {
      settledFaces += faces(stored);
      progress.position += 1;
      continue;
    }
    const item = workItemOf<TTarget, TProgress>(input, entry.target, stored);
    steps += 1;
    let result: ItemResult<TProgress>;
    try {
      result = { progress: await step(item, budget) };
    } catch (error) {
      const failure = itemFailure(error);
      if (failure === undefined) throw error;
      result = { progress: item.progress, failure };
      progress.failed = (progress.failed ?? 0) + 1;
    }
    await store.putResult(input.jobId, input.kind, entry.index, result);
    if (!isSettled(result)) {
      currentFaces = faces(result);
      break;
    }
    settledFaces += faces(result);
    progress.position += 1;
  }
  progress.done = progress.position >= entries.length;
  if (facesOf !== undefined) {
    progress.facesSettled = settledFaces;
    progress.facesDeleted = settledFaces + currentFaces;
  }
  return laneOutput(input, progress);
}
