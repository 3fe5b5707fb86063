import { DeleteFacesCommand, ListFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import type { WorkflowRun } from '../local/runner';
import { FACES_PER_CALL } from './bench-scale';
import { type DeletionTimeline, watchDeletions } from './deletion-timeline';
import { callsBetween, type EmulatorSession } from './emulator-session';
import { measuredRun } from './state-size';

/** One timed purge of one collection, with what it cost in Rekognition calls and how it progressed over time. */
export interface TimedPurge {
  elapsedMs: number;
  /** [ms since the start, faces deleted so far]. */
  samples: Array<[number, number]>;
  /** From the first deletion to the last: what the throughput figures are measured on. */
  window: DeletionTimeline<unknown>['window'];
  calls: { total: number; throttled: number };
}

function timed<T>(timeline: DeletionTimeline<T>): Omit<TimedPurge, 'calls'> & { result: T } {
  return {
    result: timeline.result,
    elapsedMs: timeline.elapsedMs,
    samples: timeline.samples.map((s): [number, number] => [s.ms, s.deleted]),
    window: timeline.window,
  };
}

export function purgeJob(collectionId: string) {
  // Above the default cap of selector jobs (100,000): the bench purges a million faces on purpose.
  return { maxDeletions: 100_000_000, collections: [{ select: { ids: [collectionId] }, action: 'DELETE_FACES' }] };
}

/** The workflow, through the local runner: plan, then the purge worker, then the report. */
export async function purgeWithWorkflow(
  session: EmulatorSession,
  collectionId: string,
  lambdaTimeoutMs?: number,
): Promise<TimedPurge & { run: WorkflowRun }> {
  const { emulator, rekognition, template } = session;
  const before = emulator.stats();
  const run = timed(
    await watchDeletions(emulator, collectionId, () =>
      measuredRun({ job: purgeJob(collectionId), rekognition, template, lambdaTimeoutMs }),
    ),
  );
  assertEmptied(session, collectionId, run.result.status);
  return { ...run, run: run.result, calls: callsBetween(before, emulator.stats()) };
}

/**
 * The loop a user would write by hand: list a page, delete it, repeat, one call at a time, SDK defaults (standard
 * retries, 3 attempts). It retries a step that still failed, so that it finishes and can be timed; `errors` counts
 * the calls that failed after the SDK's retries (a loop without that catch would have stopped there).
 */
export async function purgeNaively(
  session: EmulatorSession,
  collectionId: string,
): Promise<TimedPurge & { errors: number }> {
  const { emulator } = session;
  const client = new RekognitionClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const before = emulator.stats();
  try {
    const run = timed(await watchDeletions(emulator, collectionId, () => naiveLoop(client, collectionId)));
    assertEmptied(session, collectionId, 'SUCCEEDED');
    return { ...run, errors: run.result, calls: callsBetween(before, emulator.stats()) };
  } finally {
    client.destroy();
  }
}

async function naiveLoop(client: RekognitionClient, collectionId: string): Promise<number> {
  let errors = 0;
  for (;;) {
    let faceIds: string[];
    try {
      const page = await client.send(new ListFacesCommand({ CollectionId: collectionId, MaxResults: FACES_PER_CALL }));
      faceIds = (page.Faces ?? []).flatMap((face) => (face.FaceId ? [face.FaceId] : []));
    } catch {
      errors += 1;
      continue;
    }
    if (faceIds.length === 0) return errors;
    try {
      await client.send(new DeleteFacesCommand({ CollectionId: collectionId, FaceIds: faceIds }));
    } catch {
      errors += 1;
    }
  }
}

function assertEmptied(session: EmulatorSession, collectionId: string, status: string): void {
  const left = session.emulator.world.collection(collectionId)?.faceCount;
  if (left !== 0 || status !== 'SUCCEEDED') throw new Error(`purge did not converge: ${left} faces left, ${status}`);
}
