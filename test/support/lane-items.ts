import type { ItemResult, LaneInput, LaneProgress } from '../../lambdas/core/contracts';
import { isLaneProgress } from '../../lambdas/core/lanes/lane-progress';
import { jobStore } from '../../lambdas/core/store/store-client';

/** One work item of a lane, as a test hook sees it before the lane's worker runs. */
export interface LaneItemView<TTarget, TProgress> {
  index: number;
  target: TTarget;
  /** Its stored progress; `{ done: false }` before its first step. */
  progress: TProgress | { done: false };
  settled: boolean;
}

/**
 * The items of the lane a worker invocation is about to work on (a hook's `call.payload`), from the run's job
 * store: the state carries only the lane's position. Call it inside a runner hook (the run's store is in scope).
 * Empty for a call that is not a lane's.
 */
export async function laneItems<TTarget, TProgress>(payload: unknown): Promise<LaneItemView<TTarget, TProgress>[]> {
  const input = payload as Partial<LaneInput> | null;
  if (typeof input?.jobId !== 'string' || input.kind === undefined || typeof input.lane !== 'number') return [];
  const store = jobStore();
  const entries = await store.getLane<TTarget>(input.jobId, input.kind, input.lane);
  return Promise.all(
    entries.map(async (entry) => {
      const result = await store.getResult<ItemResult<TProgress & { done: boolean }>>(
        input.jobId!,
        input.kind!,
        entry.index,
      );
      return {
        index: entry.index,
        target: entry.target,
        progress: result?.progress ?? { done: false },
        settled: result !== undefined && (result.failure !== undefined || result.progress.done),
      };
    }),
  );
}

/** The item a lane worker works on first in this invocation: the first one not settled, from the lane's position. */
export async function currentLaneItem<TTarget, TProgress>(
  payload: unknown,
): Promise<LaneItemView<TTarget, TProgress> | undefined> {
  const items = await laneItems<TTarget, TProgress>(payload);
  const progress = (payload as { progress?: unknown } | null)?.progress;
  const position = isLaneProgress(progress) ? (progress as LaneProgress).position : 0;
  return items.slice(position).find((item) => !item.settled);
}
