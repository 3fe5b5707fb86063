import type { EmulatorStats, WorldCollection } from '../local/emulator';
import type { BenchScale } from './bench-scale';
import { callsBetween, openSession } from './emulator-session';
import { measuredRun } from './state-size';

export interface ErasureResults {
  collections: number;
  elapsedMs: number;
  calls: number;
  callsByOperation: Record<string, number>;
  callsPerCollection: number;
  /**
   * The least time the calls made can take under the quotas. The search (plan and find) ends before the erasure
   * (act) starts, so it is per phase: the busiest operation's calls / its TPS, summed over the two phases.
   */
  quotaFloorMs: number;
  elapsedToFloorRatio: number;
  facesDeleted: number;
  /** Collections that held the person; in the others the erasure finds nobody. */
  presentIn: number;
}

const SUBJECT = 'subject-42';
const subjectFace = (collection: number, n: number) =>
  `5b1ec700-${collection.toString(16).padStart(4, '0')}-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * One person, known by UserId, erased from every collection of an account of many collections full of other
 * people: the person has two faces in a few of them (spread across the account) and is absent from the rest, as
 * erasures mostly find.
 */
export async function benchErasure(scale: BenchScale): Promise<ErasureResults> {
  const every = Math.floor(scale.erasureCollections / scale.erasurePresentCollections);
  const holdsPerson = (i: number) => i % every === 0 && i / every < scale.erasurePresentCollections;
  const collections: WorldCollection[] = Array.from({ length: scale.erasureCollections }, (_, i) => ({
    id: `people-${String(i).padStart(3, '0')}`,
    faces: [
      ...(holdsPerson(i)
        ? [
            { faceId: subjectFace(i, 1), userId: SUBJECT },
            { faceId: subjectFace(i, 2), userId: SUBJECT },
          ]
        : []),
      { generate: { count: scale.facesPerErasureCollection, users: { count: 10, facesPerUser: 3 } } },
    ],
  }));
  const session = await openSession(scale, { collections });
  try {
    const before = session.emulator.stats();
    let searched: EmulatorStats | undefined;
    const started = Date.now();
    const run = await measuredRun({
      job: { requestId: 'bench-erasure', subjects: [{ userId: SUBJECT }] },
      rekognition: session.rekognition,
      template: session.template,
      timeScale: scale.timeScale,
      hooks: {
        beforeInvoke(call) {
          // FinalizePlan runs once every search is done and before any delete: the boundary of the two phases.
          if (call.stateName === 'FinalizePlan') searched ??= session.emulator.stats();
        },
      },
    });
    const elapsedMs = Date.now() - started;
    const after = session.emulator.stats();
    const calls = callsBetween(before, after);
    const left = collections.reduce((n, c) => n + (session.emulator.world.collection(c.id)?.faceCount ?? 0), 0);
    const expectedLeft = scale.erasureCollections * scale.facesPerErasureCollection;
    if (run.status !== 'SUCCEEDED' || left !== expectedLeft) {
      throw new Error(
        `erasure did not converge: ${run.status} ${run.error ?? ''}, ${left} faces left, ${expectedLeft} expected`,
      );
    }
    if (searched === undefined) throw new Error('the erasure never reached FinalizePlan');
    const busiest = (from: EmulatorStats, to: EmulatorStats) =>
      Math.max(0, ...Object.values(callsBetween(from, to).byOperation));
    const quotaFloorMs = ((busiest(before, searched) + busiest(searched, after)) / scale.tps) * 1000;
    return {
      collections: scale.erasureCollections,
      elapsedMs,
      calls: calls.total,
      callsByOperation: calls.byOperation,
      callsPerCollection: calls.total / scale.erasureCollections,
      quotaFloorMs,
      elapsedToFloorRatio: elapsedMs / quotaFloorMs,
      facesDeleted: 2 * scale.erasurePresentCollections,
      presentIn: scale.erasurePresentCollections,
    };
  } finally {
    await session.close();
  }
}
