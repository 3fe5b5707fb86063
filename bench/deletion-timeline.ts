import type { RunningEmulator } from '../local/emulator';

/** One sample: ms since the start, faces deleted so far, and the emulator's DeleteFaces counters. */
export interface TimelineSample {
  ms: number;
  deleted: number;
  deleteCalls: number;
  deleteThrottled: number;
}

export interface DeletionTimeline<T> {
  result: T;
  elapsedMs: number;
  samples: TimelineSample[];
  /** From the first deletion seen to the last, measured from outside as the issue measured it. */
  window: { startMs: number; endMs: number; faces: number };
}

const SAMPLE_MS = 50;

/**
 * Watches a collection empty while `work` runs: how many faces are gone, sampled every 50 ms, and the emulator's
 * DeleteFaces counters (every client's). The deletion window runs from the first sample with a face gone to the
 * first with all of them gone; its faces are those deleted inside it (the first sample's are before it).
 */
export async function watchDeletions<T>(
  emulator: RunningEmulator,
  collectionId: string,
  work: () => Promise<T>,
): Promise<DeletionTimeline<T>> {
  const initial = emulator.world.collection(collectionId)?.faceCount ?? 0;
  const started = Date.now();
  const sample = (): TimelineSample => {
    const stats = emulator.stats().operations.DeleteFaces;
    return {
      ms: Date.now() - started,
      deleted: initial - (emulator.world.collection(collectionId)?.faceCount ?? 0),
      deleteCalls: stats?.calls ?? 0,
      deleteThrottled: stats?.throttled ?? 0,
    };
  };
  const samples: TimelineSample[] = [sample()];
  const timer = setInterval(() => samples.push(sample()), SAMPLE_MS);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
  }
  samples.push(sample());
  const first = samples.find((s) => s.deleted > 0);
  const last = samples.find((s) => s.deleted >= initial);
  if (first === undefined || last === undefined) throw new Error(`${collectionId} was not emptied`);
  return {
    result,
    elapsedMs: Date.now() - started,
    samples,
    window: { startMs: first.ms, endMs: last.ms, faces: initial - first.deleted },
  };
}

/** Faces per second inside the deletion window. */
export function windowRate(timeline: DeletionTimeline<unknown>): number {
  const { startMs, endMs, faces } = timeline.window;
  return faces / (Math.max(1, endMs - startMs) / 1000);
}

/** Per second of the run: DeleteFaces pages of this collection deleted (faces / 4096) and throttles seen. */
export function perSecond(
  timeline: DeletionTimeline<unknown>,
  facesPerCall: number,
): Array<{ second: number; pages: number; throttled: number }> {
  const seconds = Math.ceil(timeline.samples[timeline.samples.length - 1]!.ms / 1000);
  const at = (ms: number) => timeline.samples.filter((s) => s.ms <= ms).pop() ?? timeline.samples[0]!;
  return Array.from({ length: seconds }, (_, second) => {
    const from = at(second * 1000);
    const to = at((second + 1) * 1000);
    return {
      second,
      pages: (to.deleted - from.deleted) / facesPerCall,
      throttled: to.deleteThrottled - from.deleteThrottled,
    };
  });
}
