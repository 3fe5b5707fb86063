import { DisassociateFacesCommand, ListFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import { chunk } from './chunk';
import type { AssociatedFace } from './delete-faces-call';

/** DisassociateFaces accepts at most this many face ids per call, all of one user. */
export const DISASSOCIATE_FACES_LIMIT = 100;
/** ListFaces' FaceIds filter accepts at most this many ids, and a page holds at most this many faces. */
const LIST_FACES_LIMIT = 4096;

export interface Disassociation {
  disassociated: number;
  /** Why a face could not be disassociated, per face id; added to its failure reasons if it then stays. */
  notes: Map<string, string[]>;
  /** Faces left with their user because `mayDisassociate` refused it: deleting them again is pointless. */
  kept: Set<string>;
}

/** Whether a face may be taken from the user that holds it. */
export type HolderFilter = (userId: string) => boolean;

/** Reason recorded for a face an erasure leaves with the other user that holds it. */
export const HELD_BY_ANOTHER_USER = 'HELD_BY_ANOTHER_USER';

/**
 * Detaches faces from the users that hold them, so DeleteFaces can then delete them. Faces whose user the DeleteFaces
 * answer did not name are looked up with ListFaces' FaceIds filter. A user or collection that vanished meanwhile is
 * not an error: its faces are no longer associated, and the next DeleteFaces says what became of them.
 */
export async function disassociateFromUsers(
  rekognition: RekognitionClient,
  collectionId: string,
  faces: readonly AssociatedFace[],
  /** Subject erasures pass one: a face held by another user is never taken from them. @default every user */
  mayDisassociate: HolderFilter = () => true,
): Promise<Disassociation> {
  const result: Disassociation = { disassociated: 0, notes: new Map(), kept: new Set() };
  const unnamed = faces.filter((face) => face.userId === undefined).map((face) => face.faceId);
  const found = await findUsersOfFaces(rekognition, collectionId, unnamed);
  const byUser = new Map<string, string[]>();
  for (const face of faces) {
    const userId = face.userId ?? found.get(face.faceId);
    if (userId === undefined) continue;
    if (!mayDisassociate(userId)) {
      result.kept.add(face.faceId);
      result.notes.set(face.faceId, [HELD_BY_ANOTHER_USER]);
      continue;
    }
    byUser.set(userId, [...(byUser.get(userId) ?? []), face.faceId]);
  }
  for (const [userId, faceIds] of byUser) {
    for (const batch of chunk(faceIds, DISASSOCIATE_FACES_LIMIT)) {
      await disassociateBatch(rekognition, collectionId, userId, batch, result);
    }
  }
  return result;
}

async function disassociateBatch(
  rekognition: RekognitionClient,
  collectionId: string,
  userId: string,
  faceIds: string[],
  result: Disassociation,
): Promise<void> {
  try {
    const out = await rekognition.send(
      new DisassociateFacesCommand({ CollectionId: collectionId, UserId: userId, FaceIds: faceIds }),
    );
    result.disassociated += out.DisassociatedFaces?.length ?? 0;
    for (const failure of out.UnsuccessfulFaceDisassociations ?? []) {
      if (failure.FaceId === undefined) continue;
      const reasons = failure.Reasons ?? ['UNKNOWN'];
      result.notes.set(
        failure.FaceId,
        reasons.map((reason) => `DISASSOCIATE_${reason}`),
      );
    }
  } catch (error) {
    if (isNotFound(error)) return;
    classifyRekognitionError(error);
  }
}

/** The user each face belongs to (faces with no user, or no longer present, are left out). */
async function findUsersOfFaces(
  rekognition: RekognitionClient,
  collectionId: string,
  faceIds: readonly string[],
): Promise<Map<string, string>> {
  const users = new Map<string, string>();
  for (const batch of chunk(faceIds, LIST_FACES_LIMIT)) {
    let nextToken: string | undefined;
    do {
      try {
        const out = await rekognition.send(
          new ListFacesCommand({
            CollectionId: collectionId,
            FaceIds: batch,
            MaxResults: LIST_FACES_LIMIT,
            ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          }),
        );
        for (const face of out.Faces ?? []) {
          if (face.FaceId !== undefined && face.UserId !== undefined) users.set(face.FaceId, face.UserId);
        }
        nextToken = out.NextToken;
      } catch (error) {
        // The collection is gone: the DeleteFaces that follows reports it.
        if (isNotFound(error)) return users;
        classifyRekognitionError(error);
      }
    } while (nextToken !== undefined);
  }
  return users;
}
