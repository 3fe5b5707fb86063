import type { ListFacesCommandInput } from '@aws-sdk/client-rekognition';
import type { WorldCollection } from '../local/emulator';
import { type BenchScale, FACES_PER_CALL } from './bench-scale';
import { callsBetween, openSession } from './emulator-session';
import { measuredRun } from './state-size';

export interface BatchedScanResults {
  subjects: number;
  collections: number;
  facesPerCollection: number;
  /** Unfiltered ListFaces calls the job made: the ExternalImageId scan's pages. */
  scanPages: number;
  /** The pages one full scan of every collection takes (ceil(faces / 4096) each). */
  pagesOfOneScan: number;
  /** scanPages / pagesOfOneScan: 1 when one scan serves every subject, `subjects` when each scans alone. */
  ratio: number;
  calls: number;
  callsByOperation: Record<string, number>;
  facesDeleted: number;
  elapsedMs: number;
}

const imageOf = (subject: number) => `person-${subject}-selfie`;
const subjectFace = (subject: number) => `5ca77e00-0000-4000-8000-${subject.toString(16).padStart(12, '0')}`;

/**
 * Many erasure requests by ExternalImageId in one job (as a batched intake will give), over a few big collections:
 * ListFaces has no ExternalImageId filter, so each collection must be scanned whole. Each person has one face, in
 * one of the collections; the job searches every collection for every person. What is measured is the pages read,
 * against one full scan of the collections: the quota is set high because pacing is not what this measures.
 */
export async function benchBatchedScan(scale: BenchScale): Promise<BatchedScanResults> {
  const { subjects, collections: count, facesPerCollection, tps } = scale.batchedScan;
  const collections: WorldCollection[] = Array.from({ length: count }, (_, c) => ({
    id: `archive-${String(c).padStart(2, '0')}`,
    faces: [
      { generate: { count: facesPerCollection, externalImageIdPrefix: 'visit-' } },
      ...Array.from({ length: subjects }, (_, s) => s)
        .filter((s) => s % count === c)
        .map((s) => ({ faceId: subjectFace(s), externalImageId: imageOf(s) })),
    ],
  }));
  const session = await openSession({ ...scale, tps }, { collections });
  let scanPages = 0;
  session.rekognition.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as ListFacesCommandInput;
      if (context.commandName === 'ListFacesCommand' && input.FaceIds === undefined && input.UserId === undefined) {
        scanPages += 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'countScanPages' },
  );
  try {
    const facesBefore = collections.map((c) => session.emulator.world.collection(c.id)?.faceCount ?? 0);
    const pagesOfOneScan = facesBefore.reduce((sum, faces) => sum + Math.ceil(faces / FACES_PER_CALL), 0);
    const before = session.emulator.stats();
    const started = Date.now();
    const run = await measuredRun({
      job: {
        requestId: 'bench-batched-scan',
        subjects: Array.from({ length: subjects }, (_, s) => ({ externalImageIds: [imageOf(s)] })),
      },
      rekognition: session.rekognition,
      template: session.template,
      timeScale: scale.timeScale,
    });
    const elapsedMs = Date.now() - started;
    const calls = callsBetween(before, session.emulator.stats());
    const facesAfter = collections.map((c) => session.emulator.world.collection(c.id)?.faceCount ?? 0);
    const facesDeleted = facesBefore.reduce((sum, faces, i) => sum + faces - (facesAfter[i] ?? 0), 0);
    if (run.status !== 'SUCCEEDED' || facesDeleted !== subjects) {
      throw new Error(`batched erasure did not converge: ${run.status} ${run.error ?? ''}, ${facesDeleted} deleted`);
    }
    return {
      subjects,
      collections: count,
      facesPerCollection,
      scanPages,
      pagesOfOneScan,
      ratio: scanPages / pagesOfOneScan,
      calls: calls.total,
      callsByOperation: calls.byOperation,
      facesDeleted,
      elapsedMs,
    };
  } finally {
    await session.close();
  }
}
