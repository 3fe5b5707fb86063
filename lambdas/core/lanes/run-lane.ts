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
 * Work that several items of one invocation share, done once for them after their steps (the read-back of subject
 * erasures: one ListFaces for a collection's erasures, not one each). An item whose step leaves such work is stored
 * as the step left it, not settled, so a crash before `finish` only means its next step leaves the work again.
 */
export interface SharedFinish<TTarget, TProgress extends { done: boolean }> {
  /** The step left this item work to share (its progress is not done). */
  pending(item: WorkItem<TTarget, TProgress>, progress: TProgress): boolean;
  /** Items of one group share a finish; a failure of the group's finish is each of its items' failure. */
  group(item: WorkItem<TTarget, TProgress>): string;
  /** Finishes one group's pending items (with their progress as the step left it): each one's progress, in order. */
  finish(items: readonly WorkItem<TTarget, TProgress>[]): Promise<TProgress[]>;
}

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
  shared?: SharedFinish<TTarget, TProgress>,
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

  const pending: { index: number; item: WorkItem<TTarget, TProgress> }[] = [];
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
    if (shared !== undefined && result.failure === undefined && shared.pending(item, result.progress as TProgress)) {
      // Settled by the shared finish below, before this invocation returns (or by its retry, which steps it again).
      pending.push({ index: entry.index, item: { ...item, progress: result.progress } });
      progress.position += 1;
      continue;
    }
    if (!isSettled(result)) {
      currentFaces = faces(result);
      break;
    }
    settledFaces += faces(result);
    progress.position += 1;
  }
  if (shared !== undefined) {
    for (const result of await finishShared(store, input, shared, pending)) {
      if (result.failure !== undefined) progress.failed = (progress.failed ?? 0) + 1;
      settledFaces += faces(result);
    }
  }
  progress.done = progress.position >= entries.length;
  if (facesOf !== undefined) {
    progress.facesSettled = settledFaces;
    progress.facesDeleted = settledFaces + currentFaces;
  }
  return laneOutput(input, progress);
}

/** Runs the shared finish of each group of pending items and stores each item's result; returns the results. */
async function finishShared<TTarget, TProgress extends { done: boolean }>(
  store: JobStore,
  input: LaneInput,
  shared: SharedFinish<TTarget, TProgress>,
  pending: readonly { index: number; item: WorkItem<TTarget, TProgress> }[],
): Promise<ItemResult<TProgress>[]> {
  const groups = new Map<string, { index: number; item: WorkItem<TTarget, TProgress> }[]>();
  for (const entry of pending) {
    const key = shared.group(entry.item);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const results: ItemResult<TProgress>[] = [];
  for (const members of groups.values()) {
    let outcomes: ItemResult<TProgress>[];
    try {
      const finished = await shared.finish(members.map((member) => member.item));
      // The lane has moved past these items: each must come back settled, or it would never be stepped again.
      if (finished.length !== members.length || finished.some((progress) => !progress.done)) {
        throw new Error(`shared finish left items of group ${JSON.stringify(shared.group(members[0]!.item))} open`);
      }
      outcomes = finished.map((progress) => ({ progress }));
    } catch (error) {
      const failure = itemFailure(error);
      if (failure === undefined) throw error;
      outcomes = members.map((member) => ({ progress: member.item.progress, failure }));
    }
    for (const [i, member] of members.entries()) {
      await store.putResult(input.jobId, input.kind, member.index, outcomes[i]!);
      results.push(outcomes[i]!);
    }
  }
  return results;
}
