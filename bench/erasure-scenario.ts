import type { WorldCollection } from '../local/emulator';
import type { BenchScale } from './bench-scale';
import { callsBetween, openSession } from './emulator-session';
import { measuredRun } from './state-size';

export interface ErasureResults {
  collections: number;
  elapsedMs: number;
  calls: number;
  callsByOperation: Record<string, number>;
  callsPerCollection: number;
  /** The least time the calls made can take under the quotas: the busiest operation's calls / its TPS. */
  quotaFloorMs: number;
  elapsedToFloorRatio: number;
  facesDeleted: number;
}

const SUBJECT = 'subject-42';
const subjectFace = (collection: number, n: number) =>
  `5b1ec700-${collection.toString(16).padStart(4, '0')}-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** One person, known by UserId, with two faces in each of many collections full of other people. */
export async function benchErasure(scale: BenchScale): Promise<ErasureResults> {
  const collections: WorldCollection[] = Array.from({ length: scale.erasureCollections }, (_, i) => ({
    id: `people-${String(i).padStart(3, '0')}`,
    faces: [
      { faceId: subjectFace(i, 1), userId: SUBJECT },
      { faceId: subjectFace(i, 2), userId: SUBJECT },
      { generate: { count: scale.facesPerErasureCollection, users: { count: 10, facesPerUser: 3 } } },
    ],
  }));
  const session = await openSession(scale, { collections });
  try {
    const before = session.emulator.stats();
    const started = Date.now();
    const run = await measuredRun({
      job: { requestId: 'bench-erasure', subjects: [{ userId: SUBJECT }] },
      rekognition: session.rekognition,
      template: session.template,
      timeScale: scale.timeScale,
    });
    const elapsedMs = Date.now() - started;
    const calls = callsBetween(before, session.emulator.stats());
    const left = collections.reduce((n, c) => n + (session.emulator.world.collection(c.id)?.faceCount ?? 0), 0);
    const expectedLeft = scale.erasureCollections * scale.facesPerErasureCollection;
    if (run.status !== 'SUCCEEDED' || left !== expectedLeft) {
      throw new Error(
        `erasure did not converge: ${run.status} ${run.error ?? ''}, ${left} faces left, ${expectedLeft} expected`,
      );
    }
    const quotaFloorMs = (Math.max(...Object.values(calls.byOperation)) / scale.tps) * 1000;
    return {
      collections: scale.erasureCollections,
      elapsedMs,
      calls: calls.total,
      callsByOperation: calls.byOperation,
      callsPerCollection: calls.total / scale.erasureCollections,
      quotaFloorMs,
      elapsedToFloorRatio: elapsedMs / quotaFloorMs,
      facesDeleted: 2 * scale.erasureCollections,
    };
  } finally {
    await session.close();
  }
}
