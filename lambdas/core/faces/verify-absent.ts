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
 * Several erasures in one collection share the FaceIds calls (shared-read-back.ts): both go through `absenceOf`.
 */
export async function verifyAbsent(
  rekognition: RekognitionClient,
  collectionId: string,
  faceIds: readonly string[],
  userId: string | undefined,
): Promise<AbsenceCheck> {
  const listed = await listedAmong(rekognition, collectionId, faceIds);
  return absenceOf(faceIds, listed, await userFacesPresent(rekognition, collectionId, userId));
}

/** Which of these face ids ListFaces still lists in the collection: one call per 4,096 distinct ids. */
export async function listedAmong(
  rekognition: RekognitionClient,
  collectionId: string,
  faceIds: Iterable<string>,
): Promise<ReadonlySet<string>> {
  const listed = new Set<string>();
  for (const batch of chunk([...new Set(faceIds)], LIST_FACES_LIMIT)) {
    for (const id of await listedFaceIds(rekognition, collectionId, { FaceIds: batch })) listed.add(id);
  }
  return listed;
}

/** Faces ListFaces' UserId filter finds for the user (none for no user, or a user or collection that is gone). */
export async function userFacesPresent(
  rekognition: RekognitionClient,
  collectionId: string,
  userId: string | undefined,
): Promise<number> {
  return userId === undefined ? 0 : (await listedFaceIds(rekognition, collectionId, { UserId: userId })).length;
}

/**
 * One erasure's check, from the ids ListFaces listed: only this erasure's own ids count, in its own order, so the
 * result is the same whether the listing was for it alone or for several erasures of the collection at once.
 */
export function absenceOf(faceIds: readonly string[], listed: ReadonlySet<string>, userFaces: number): AbsenceCheck {
  const present = [...new Set(faceIds)].filter((id) => listed.has(id));
  return {
    verifiedAbsent: present.length === 0 && userFaces === 0,
    stillPresent: present.slice(0, ID_SAMPLE_LIMIT),
    userFacesPresent: userFaces,
  };
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
