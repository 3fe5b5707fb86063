import type { ItemResult, LaneInput, LaneProgress, VersionProgress, VersionWait, WorkItem } from '../contracts';
import { versionWait } from '../project-versions/version-wait';
import type { JobStore } from '../store/job-store';
import { isSettled, itemFailure, laneOutput, resumeLane, workItemOf } from './lane-progress';

type Poll<TTarget> = (item: WorkItem<TTarget, VersionProgress>) => Promise<VersionProgress>;

/** Lane polls after which a short wait becomes a medium one, and a medium one a long one. */
export const POLL_BACKOFF = { mediumAfter: 10, longAfter: 40 } as const;

/**
 * One poll of every unsettled project version of the lane. Versions wait on Rekognition (stopping, deleting,
 * training) for minutes to hours, so the lane advances them all at each poll and the state machine waits between
 * polls: the history grows with the polls of the lane, not with the number of versions. The wait backs off, so a
 * version stuck in a transition cannot exhaust the history before its polling ceiling ends it.
 */
export async function pollLane<TTarget>(
  store: JobStore,
  input: LaneInput,
  poll: Poll<TTarget>,
  now: () => Date = () => new Date(),
): Promise<LaneInput> {
  const entries = await store.getLane<TTarget>(input.jobId, input.kind, input.lane);
  const progress = resumeLane(input, entries.length);
  const pollingSince = progress.pollingSince ?? now().toISOString();
  const waits: VersionProgress['wait'][] = [];
  const waitingFor: Partial<Record<VersionWait, number>> = {};
  for (const entry of entries) {
    const stored = await store.getResult<ItemResult<VersionProgress>>(input.jobId, input.kind, entry.index);
    if (isSettled(stored)) continue;
    if (input.failure !== undefined) {
      // A poll of this lane kept failing beyond its retries: the versions still unsettled could not be advanced.
      await store.putResult(input.jobId, input.kind, entry.index, {
        progress: stored?.progress ?? { done: false },
        failure: input.failure,
      });
      progress.failed = (progress.failed ?? 0) + 1;
      continue;
    }
    const item = workItemOf<TTarget, VersionProgress>(input, entry.target, stored);
    let result: ItemResult<VersionProgress>;
    try {
      result = { progress: await poll(item) };
    } catch (error) {
      const failure = itemFailure(error);
      if (failure === undefined) throw error;
      result = { progress: item.progress as VersionProgress, failure };
      progress.failed = (progress.failed ?? 0) + 1;
    }
    await store.putResult(input.jobId, input.kind, entry.index, result);
    if (!isSettled(result)) {
      const unsettled = result.progress as VersionProgress;
      waits.push(unsettled.wait);
      const what = versionWait(unsettled);
      waitingFor[what] = (waitingFor[what] ?? 0) + 1;
    }
  }
  const polls = (progress.polls ?? 0) + 1;
  const done = waits.length === 0;
  // The lane's position counts the settled versions: they are polled in any order.
  // What the CLI's progress line says: what is waited for, since when, and how often the lane has polled.
  const waitedSeconds = Math.max(0, Math.round((now().getTime() - Date.parse(pollingSince)) / 1000));
  const next: LaneProgress = {
    ...progress,
    done,
    position: entries.length - waits.length,
    polls,
    pollingSince,
    waitedSeconds,
    waitingFor,
  };
  if (!done) next.wait = laneWait(waits, polls);
  else delete next.wait;
  return laneOutput(input, next);
}

function laneWait(waits: readonly VersionProgress['wait'][], polls: number): NonNullable<LaneProgress['wait']> {
  const wanted = waits.every((wait) => wait === 'LONG') ? 'LONG' : 'SHORT';
  if (wanted === 'LONG' || polls >= POLL_BACKOFF.longAfter) return 'LONG';
  return polls >= POLL_BACKOFF.mediumAfter ? 'MEDIUM' : 'SHORT';
}
