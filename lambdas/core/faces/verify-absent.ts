import { ListFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import { type AbsenceCheck, ID_SAMPLE_LIMIT } from '../contracts';
import { chunk } from './chunk';

/** ListFaces' FaceIds filter takes at most this many ids, and a page holds at most this many faces. */
const LIST_FACES_LIMIT = 4096;

/**
 * Reads back an erasure in one collection: ListFaces with the FaceIds filter for every id the erasure was to remove,
 * and ListFaces with the UserId filter for its user. One call per 4,096 ids plus one: cheap next to the erasure,
 * and what the receipt's "verified absent" rests on. A collection or user that is gone counts as absent.
 */
export async function verifyAbsent(
  rekognition: RekognitionClient,
  collectionId: string,
  faceIds: readonly string[],
  userId: string | undefined,
): Promise<AbsenceCheck> {
  const stillPresent: string[] = [];
  let presentCount = 0;
  for (const batch of chunk(faceIds, LIST_FACES_LIMIT)) {
    const listed = await listedFaceIds(rekognition, collectionId, { FaceIds: batch });
    presentCount += listed.length;
    stillPresent.push(...listed.slice(0, Math.max(0, ID_SAMPLE_LIMIT - stillPresent.length)));
  }
  const userFacesPresent =
    userId === undefined ? 0 : (await listedFaceIds(rekognition, collectionId, { UserId: userId })).length;
  return { verifiedAbsent: presentCount === 0 && userFacesPresent === 0, stillPresent, userFacesPresent };
}

async function listedFaceIds(
  rekognition: RekognitionClient,
  collectionId: string,
  filter: { FaceIds: string[] } | { UserId: string },
): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    try {
      const out = await rekognition.send(
        new ListFacesCommand({
          CollectionId: collectionId,
          MaxResults: LIST_FACES_LIMIT,
          ...filter,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      ids.push(...(out.Faces ?? []).flatMap((face) => (face.FaceId === undefined ? [] : [face.FaceId])));
      nextToken = out.NextToken;
    } catch (error) {
      // The collection is gone, or (for the UserId filter) the user is: nothing of them is left to list.
      if (isNotFound(error)) return ids;
      return classifyRekognitionError(error);
    }
  } while (nextToken !== undefined);
  return ids;
}
