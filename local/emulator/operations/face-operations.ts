/** IndexFaces, ListFaces, DeleteFaces. */
import type { Collection } from '../model/collection';
import type { StoredFace } from '../model/face-table';
import { ByteWriter, JsonBody } from '../service/json-body';
import { decodeSlotCursor, encodePageToken } from '../service/page-token';
import { errors } from '../service/service-error';
import {
  type Input,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringList,
  requiredStringList,
  rules,
} from '../service/validation';
import { FaceJsonWriter, indexedFaceRecord } from './face-shapes';
import { collectionScope, type OperationTable, requireCollection } from './operation';

const LIST_FACES_DEFAULT = 1000;
const LIST_FACES_MAX = 4096;
const DELETE_FACES_MAX = 4096;
/** The service's per-collection face quota. */
const MAX_FACES_PER_COLLECTION = 20_000_000;
export const faceOperations: OperationTable = {
  IndexFaces(input, world) {
    const collection = requireCollection(input, world);
    checkImage(input);
    const externalImageId = optionalString(input, 'ExternalImageId', rules.externalImageId);
    if (collection.faceCount >= MAX_FACES_PER_COLLECTION) {
      throw errors.serviceQuotaExceeded(`The collection ${collection.id} holds the maximum number of faces`);
    }
    const random = world.settings.random;
    let faceId = world.newUuid();
    while (collection.faces.slotOf(faceId) >= 0) faceId = world.newUuid();
    const face: StoredFace = {
      faceId,
      imageId: world.newUuid(),
      ...(externalImageId === undefined ? {} : { externalImageId }),
      boundingBox: {
        Width: round(0.2 + random.next() * 0.2),
        Height: round(0.25 + random.next() * 0.2),
        Left: round(0.1 + random.next() * 0.4),
        Top: round(0.1 + random.next() * 0.3),
      },
      confidence: round(99.9 + random.next() * 0.099),
    };
    collection.faces.appendExplicit(face);
    return {
      FaceRecords: [indexedFaceRecord(face)],
      FaceModelVersion: collection.faceModelVersion,
      UnindexedFaces: [],
    };
  },

  ListFaces(input, world) {
    const collection = requireCollection(input, world);
    const maxResults = optionalInteger(input, 'MaxResults', 1, LIST_FACES_MAX) ?? LIST_FACES_DEFAULT;
    const token = optionalString(input, 'NextToken', rules.paginationToken);
    const userId = optionalString(input, 'UserId', rules.userId);
    const faceIds = optionalStringList(input, 'FaceIds', { min: 1, max: LIST_FACES_MAX }, rules.faceId);
    // The cursor is the next slot to look at. Slots never move (deletion only marks them dead), so a token stays
    // valid and exact while faces already returned are being deleted.
    const from = decodeSlotCursor(token, 'ListFaces', collectionScope(collection));
    // About 260 bytes a face: sized once so the buffer rarely grows.
    const out = new ByteWriter(Math.min(maxResults, collection.faceCount + 1) * 280 + 1024);
    out.text('{"Faces":[');
    const writer = new FaceJsonWriter(collection, out);
    const nextSlot =
      userId === undefined && faceIds === undefined
        ? scanPage(collection, from, maxResults, writer)
        : filteredPage(collection, from, maxResults, userId, faceIds, writer);
    out.text(`],"FaceModelVersion":${JSON.stringify(collection.faceModelVersion)}`);
    if (nextSlot >= 0) {
      out.text(`,"NextToken":"${encodePageToken('ListFaces', collectionScope(collection), String(nextSlot))}"`);
    }
    out.text('}');
    return new JsonBody(out.result());
  },

  DeleteFaces(input, world) {
    const collection = requireCollection(input, world);
    const faceIds = requiredStringList(input, 'FaceIds', { min: 1, max: DELETE_FACES_MAX }, rules.faceId);
    const deleted: string[] = [];
    const unsuccessful: object[] = [];
    for (const faceId of new Set(faceIds)) {
      const slot = collection.faces.slotOf(faceId);
      const user = slot >= 0 ? collection.userAt(slot) : undefined;
      if (slot < 0) {
        unsuccessful.push({ FaceId: faceId, Reasons: ['FACE_NOT_FOUND'] });
      } else if (user) {
        unsuccessful.push({ FaceId: faceId, UserId: user.userId, Reasons: ['ASSOCIATED_TO_AN_EXISTING_USER'] });
      } else {
        collection.faces.remove(slot);
        deleted.push(faceId);
      }
    }
    return { DeletedFaces: deleted, UnsuccessfulFaceDeletions: unsuccessful };
  },
};

/**
 * The unfiltered listing: walks live slots from `from`, O(page) thanks to SlotLiveness's chunk skipping.
 * Returns where the next page starts, or -1 when this was the last page.
 */
function scanPage(collection: Collection, from: number, maxResults: number, writer: FaceJsonWriter): number {
  let written = 0;
  let slot = collection.faces.nextLive(from);
  while (slot >= 0 && written < maxResults) {
    writer.face(slot);
    written++;
    slot = collection.faces.nextLive(slot + 1);
  }
  return slot;
}

/** UserId and/or FaceIds filters: at most 4096 candidates, sorted into slot order so the cursor still works. */
function filteredPage(
  collection: Collection,
  from: number,
  maxResults: number,
  userId: string | undefined,
  faceIds: string[] | undefined,
  writer: FaceJsonWriter,
): number {
  const user = userId === undefined ? undefined : collection.users.get(userId);
  if (userId !== undefined && !user) return -1;
  let candidates: number[];
  if (faceIds) {
    candidates = faceIds.map((faceId) => collection.faces.slotOf(faceId)).filter((slot) => slot >= 0);
    if (user) candidates = candidates.filter((slot) => user.faceSlots.has(slot));
  } else {
    candidates = [...(user?.faceSlots ?? [])];
  }
  const slots = [...new Set(candidates)].filter((slot) => slot >= from).sort((a, b) => a - b);
  for (const slot of slots.slice(0, maxResults)) writer.face(slot);
  return slots[maxResults] ?? -1;
}

/** Image: exactly one of Bytes or S3Object (the model makes both optional). Any content is accepted as one face. */
function checkImage(input: Input): void {
  const image = optionalObject(input, 'Image') ?? {};
  if ((image.Bytes === undefined) === (image.S3Object === undefined)) {
    throw errors.invalidParameter('Image must have exactly one of Bytes or S3Object');
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
