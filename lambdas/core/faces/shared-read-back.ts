import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { FaceDeletionProgress, FaceDeletionTarget, WorkItem } from '../contracts';
import type { SharedFinish } from '../lanes/run-lane';
import { awaitsReadBack, isFaceDeletionProgress } from './delete-faces-step';
import { absenceOf, listedAmong, userFacesPresent } from './verify-absent';

type ErasureItem = WorkItem<FaceDeletionTarget, FaceDeletionProgress>;

/**
 * The read-back of the subject erasures one lane invocation deleted, shared per collection: a batch of erasure
 * requests puts many subjects in a collection, and one ListFaces with the FaceIds filter (4,096 ids a call) reads
 * back all of them instead of one call each. Each item's verification is its own (`absenceOf` counts only its ids),
 * exactly what it would be alone; the UserId read-back stays per item, as a user is one item's.
 */
export function sharedReadBack(rekognition: RekognitionClient): SharedFinish<FaceDeletionTarget, FaceDeletionProgress> {
  return {
    pending: (item, progress) => awaitsReadBack(item.target, progress),
    group: (item) => item.target.collectionId,
    finish: (items) => readBackErasures(rekognition, items),
  };
}

/** Reads back erasures of one collection at once; returns each item's progress with its verification, done. */
export async function readBackErasures(
  rekognition: RekognitionClient,
  items: readonly ErasureItem[],
): Promise<FaceDeletionProgress[]> {
  const collections = new Set(items.map((item) => item.target.collectionId));
  const [collectionId, ...others] = collections;
  if (collectionId === undefined) return [];
  if (others.length > 0) throw new RangeError(`a shared read-back is for one collection, got ${collections.size}`);
  const progresses = items.map((item) => {
    const { progress } = item;
    if (!isFaceDeletionProgress(progress) || !awaitsReadBack(item.target, progress)) {
      throw new RangeError(`${item.target.source} in ${collectionId} is not awaiting its read-back`);
    }
    return progress;
  });
  const listed = await listedAmong(
    rekognition,
    collectionId,
    items.flatMap((item) => item.target.faceIds),
  );
  const finished: FaceDeletionProgress[] = [];
  for (const [i, item] of items.entries()) {
    const userFaces = await userFacesPresent(rekognition, collectionId, item.target.deleteUserId);
    const verification = absenceOf(item.target.faceIds, listed, userFaces);
    finished.push({ ...structuredClone(progresses[i]!), verification, done: true });
  }
  return finished;
}
