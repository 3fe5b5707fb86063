import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { chunk } from './chunk';
import { DELETE_FACES_LIMIT, sendDeleteFaces } from './delete-faces-call';
import { disassociateFromUsers, type HolderFilter } from './disassociate-faces';
import { addTally, emptyTally, type FaceDeletionTally, recordAbsent, recordFailed } from './face-deletion-tally';

/**
 * Deletes face ids from a collection, DELETE_FACES_LIMIT per DeleteFaces call, one call after the other.
 * A face that is not there counts as already absent, not as an error, so running this twice deletes nothing twice
 * and fails on nothing. Once the collection turns out to be gone, the remaining ids are absent without another call.
 */
export async function deleteFaceIds(
  rekognition: RekognitionClient,
  collectionId: string,
  faceIds: readonly string[],
  /** Which holders a face may be disassociated from before its delete (see disassociate-faces.ts). */
  mayDisassociate?: HolderFilter,
): Promise<FaceDeletionTally> {
  const tally = emptyTally();
  for (const batch of chunk(faceIds, DELETE_FACES_LIMIT)) {
    if (tally.collectionAbsent) recordAbsent(tally, batch);
    else addTally(tally, await deleteBatch(rekognition, collectionId, batch, mayDisassociate));
  }
  return tally;
}

/**
 * One DeleteFaces; faces still associated to a user (ASSOCIATED_TO_AN_EXISTING_USER) are disassociated and deleted
 * again. Whatever fails the second time is reported with its reasons.
 */
async function deleteBatch(
  rekognition: RekognitionClient,
  collectionId: string,
  faceIds: readonly string[],
  mayDisassociate: HolderFilter | undefined,
): Promise<FaceDeletionTally> {
  const tally = emptyTally();
  const first = await sendDeleteFaces(rekognition, collectionId, faceIds);
  if (first.collectionAbsent) {
    tally.collectionAbsent = true;
    recordAbsent(tally, faceIds);
    return tally;
  }
  tally.deleted += first.deleted.length;
  recordAbsent(tally, first.notFound);
  recordFailed(tally, first.failed);
  if (first.associated.length === 0) return tally;

  const disassociation = await disassociateFromUsers(rekognition, collectionId, first.associated, mayDisassociate);
  tally.disassociated += disassociation.disassociated;
  const keptIds = first.associated.map((face) => face.faceId).filter((id) => disassociation.kept.has(id));
  recordFailed(
    tally,
    keptIds.map((faceId) => ({
      faceId,
      reasons: ['ASSOCIATED_TO_AN_EXISTING_USER', ...(disassociation.notes.get(faceId) ?? [])],
    })),
  );
  const retryIds = first.associated.map((face) => face.faceId).filter((id) => !disassociation.kept.has(id));
  if (retryIds.length === 0) return tally;
  const second = await sendDeleteFaces(rekognition, collectionId, retryIds);
  if (second.collectionAbsent) {
    tally.collectionAbsent = true;
    recordAbsent(tally, retryIds);
    return tally;
  }
  tally.deleted += second.deleted.length;
  recordAbsent(tally, second.notFound);
  const stillAssociated = second.associated.map((face) => ({
    faceId: face.faceId,
    reasons: ['ASSOCIATED_TO_AN_EXISTING_USER'],
  }));
  recordFailed(
    tally,
    [...second.failed, ...stillAssociated].map((face) => ({
      faceId: face.faceId,
      reasons: [...face.reasons, ...(disassociation.notes.get(face.faceId) ?? [])],
    })),
  );
  return tally;
}
