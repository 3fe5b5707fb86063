import type { WorkflowRun } from '../local/runner';
import { type BenchScale, FACES_PER_CALL } from './bench-scale';
import { openSession } from './emulator-session';
import { measuredRun } from './state-size';

export interface MixedRetentionResults {
  bigFaces: number;
  smallCollections: number;
  facesPerSmall: number;
  /** How many collections the workflow chose to clean at once (its Plan's rate plan). */
  collectionsAtOnce: number;
  elapsedMs: number;
  /** The least time under the quotas: every face page of every collection at the ceiling. */
  quotaFloorMs: number;
  ratioToCeiling: number;
  /** What a fixed even split (1/min(collections, TPS) of the quota per worker) would leave the big collection. */
  evenSplitShare: number;
}

/**
 * A retention purge whose prefix matches one big collection and a few small ones: the common case where an even
 * split of the quota would leave the big one crawling at a fraction of it long after the small ones are done.
 */
export async function benchMixedRetention(scale: BenchScale): Promise<MixedRetentionResults> {
  const small = Array.from({ length: scale.mixedSmallCollections }, (_, i) => ({
    id: `tmp-small-${i}`,
    faces: [{ generate: { count: scale.facesPerMixedSmall, users: { count: 2, facesPerUser: 2 } } }],
  }));
  const collections = [{ id: 'tmp-big', faces: [{ generate: { count: scale.mixedBigFaces } }] }, ...small];
  const session = await openSession(scale, { collections });
  try {
    const started = Date.now();
    const run = await measuredRun({
      job: {
        requestId: 'bench-mixed-retention',
        // Above the default cap of selector jobs (100,000): this purge is bigger on purpose.
        maxDeletions: 100_000_000,
        collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }],
      },
      rekognition: session.rekognition,
      template: session.template,
      timeScale: scale.timeScale,
    });
    const elapsedMs = Date.now() - started;
    const left = collections.reduce((n, c) => n + (session.emulator.world.collection(c.id)?.faceCount ?? 0), 0);
    if (run.status !== 'SUCCEEDED' || left !== 0) {
      throw new Error(`mixed retention did not converge: ${run.status} ${run.error ?? ''}, ${left} faces left`);
    }
    const pages =
      Math.ceil(scale.mixedBigFaces / FACES_PER_CALL) +
      scale.mixedSmallCollections * Math.ceil(scale.facesPerMixedSmall / FACES_PER_CALL);
    const quotaFloorMs = (pages / scale.tps) * 1000;
    return {
      bigFaces: scale.mixedBigFaces,
      smallCollections: scale.mixedSmallCollections,
      facesPerSmall: scale.facesPerMixedSmall,
      collectionsAtOnce: collectionsAtOnce(run),
      elapsedMs,
      quotaFloorMs,
      ratioToCeiling: quotaFloorMs / elapsedMs,
      evenSplitShare: 1 / Math.min(collections.length, Math.floor(scale.tps)),
    };
  } finally {
    await session.close();
  }
}

function collectionsAtOnce(run: WorkflowRun): number {
  const planned = run.events.find((event) => event.type === 'StateExited' && event.state.name === 'Plan');
  const output = planned?.type === 'StateExited' ? planned.state.output : undefined;
  const concurrency = (output as { rates?: { collections?: { concurrency?: unknown } } } | undefined)?.rates
    ?.collections?.concurrency;
  if (typeof concurrency !== 'number') throw new Error('the Plan output has no collections concurrency');
  return concurrency;
}
