import { DeleteFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import type { UnsuccessfulFace } from '../contracts';

/** DeleteFaces accepts at most this many face ids per call. */
export const DELETE_FACES_LIMIT = 4096;

export interface AssociatedFace {
  faceId: string;
  /** Absent when the response did not say which user holds the face. */
  userId?: string;
}

/** One DeleteFaces answer, sorted by what the caller does next with each face. */
export type DeleteFacesAnswer =
  | { collectionAbsent: true }
  | {
      collectionAbsent: false;
      deleted: string[];
      /** FACE_NOT_FOUND: the face is already gone, which is what we wanted. */
      notFound: string[];
      /** ASSOCIATED_TO_AN_EXISTING_USER: deletable once disassociated. */
      associated: AssociatedFace[];
      /** Any other reason: reported as a failure with the reasons Rekognition gave. */
      failed: UnsuccessfulFace[];
    };

/** One DeleteFaces call (at most DELETE_FACES_LIMIT ids). */
export async function sendDeleteFaces(
  rekognition: RekognitionClient,
  collectionId: string,
  faceIds: readonly string[],
): Promise<DeleteFacesAnswer> {
  if (faceIds.length > DELETE_FACES_LIMIT) {
    throw new RangeError(`DeleteFaces takes at most ${DELETE_FACES_LIMIT} ids, got ${faceIds.length}`);
  }
  try {
    const out = await rekognition.send(new DeleteFacesCommand({ CollectionId: collectionId, FaceIds: [...faceIds] }));
    const answer = { collectionAbsent: false as const, deleted: out.DeletedFaces ?? [], notFound: [] as string[] };
    const associated: AssociatedFace[] = [];
    const failed: UnsuccessfulFace[] = [];
    for (const failure of out.UnsuccessfulFaceDeletions ?? []) {
      const faceId = failure.FaceId;
      // Nothing can be done about an entry without a face id: no retry, no report line.
      if (faceId === undefined) continue;
      const reasons: string[] = failure.Reasons ?? [];
      if (reasons.includes('FACE_NOT_FOUND')) answer.notFound.push(faceId);
      else if (reasons.includes('ASSOCIATED_TO_AN_EXISTING_USER')) {
        associated.push(failure.UserId === undefined ? { faceId } : { faceId, userId: failure.UserId });
      } else failed.push({ faceId, reasons: reasons.length > 0 ? reasons : ['UNKNOWN'] });
    }
    return { ...answer, associated, failed };
  } catch (error) {
    if (isNotFound(error)) return { collectionAbsent: true };
    return classifyRekognitionError(error);
  }
}
