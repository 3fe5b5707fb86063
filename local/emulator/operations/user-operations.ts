/** CreateUser, DeleteUser, ListUsers, AssociateFaces, DisassociateFaces. */
import { type Collection, MAX_FACES_PER_USER } from '../model/collection';
import type { User } from '../model/user-table';
import { decodeSlotCursor, encodePageToken } from '../service/page-token';
import { errors } from '../service/service-error';
import {
  optionalInteger,
  optionalNumber,
  optionalString,
  requiredString,
  requiredStringList,
  rules,
} from '../service/validation';
import { collectionScope, idempotent, type OperationTable, requireCollection } from './operation';

const LIST_USERS_DEFAULT = 500;
const LIST_USERS_MAX = 500;
const FACE_IDS_PER_CALL = { min: 1, max: 100 };

export const userOperations: OperationTable = {
  CreateUser(input, world) {
    const collection = requireCollection(input, world);
    const userId = requiredString(input, 'UserId', rules.userId);
    return idempotent(input, collection, 'CreateUser', userId, () => {
      if (collection.users.get(userId)) {
        throw errors.conflict(`A user with the id ${userId} already exists in collection ${collection.id}`);
      }
      collection.users.create(userId);
      return {};
    });
  },

  DeleteUser(input, world) {
    const collection = requireCollection(input, world);
    const userId = requiredString(input, 'UserId', rules.userId);
    return idempotent(input, collection, 'DeleteUser', userId, () => {
      // The user's faces are disassociated and kept: deleting them is a separate DeleteFaces call.
      collection.deleteUser(requireUser(collection, userId));
      return {};
    });
  },

  ListUsers(input, world) {
    const collection = requireCollection(input, world);
    const maxResults = optionalInteger(input, 'MaxResults', 1, LIST_USERS_MAX) ?? LIST_USERS_DEFAULT;
    const token = optionalString(input, 'NextToken', rules.paginationToken);
    const scope = collectionScope(collection);
    const users: object[] = [];
    let user = collection.users.nextFrom(decodeSlotCursor(token, 'ListUsers', scope));
    while (user && users.length < maxResults) {
      users.push({ UserId: user.userId, UserStatus: user.status });
      user = collection.users.nextFrom(user.slot + 1);
    }
    return { Users: users, ...(user ? { NextToken: encodePageToken('ListUsers', scope, String(user.slot)) } : {}) };
  },

  AssociateFaces(input, world) {
    const collection = requireCollection(input, world);
    const userId = requiredString(input, 'UserId', rules.userId);
    const faceIds = requiredStringList(input, 'FaceIds', FACE_IDS_PER_CALL, rules.faceId);
    optionalNumber(input, 'UserMatchThreshold', 0, 100);
    return idempotent(input, collection, 'AssociateFaces', fingerprint(userId, faceIds), () =>
      associate(collection, requireUser(collection, userId), faceIds),
    );
  },

  DisassociateFaces(input, world) {
    const collection = requireCollection(input, world);
    const userId = requiredString(input, 'UserId', rules.userId);
    const faceIds = requiredStringList(input, 'FaceIds', FACE_IDS_PER_CALL, rules.faceId);
    return idempotent(input, collection, 'DisassociateFaces', fingerprint(userId, faceIds), () =>
      disassociate(collection, requireUser(collection, userId), faceIds),
    );
  },
};

function associate(collection: Collection, user: User, faceIds: string[]): object {
  const associated: object[] = [];
  const unsuccessful: object[] = [];
  const toAdd: number[] = [];
  for (const faceId of new Set(faceIds)) {
    const slot = collection.faces.slotOf(faceId);
    const owner = slot >= 0 ? collection.userAt(slot) : undefined;
    if (slot < 0) {
      unsuccessful.push({ FaceId: faceId, Reasons: ['FACE_NOT_FOUND'] });
    } else if (owner && owner !== user) {
      unsuccessful.push({ FaceId: faceId, UserId: owner.userId, Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] });
    } else if (!owner) {
      toAdd.push(slot);
      associated.push({ FaceId: faceId });
    }
    // A face the user already holds is ignored and not returned, as the service documents.
  }
  // All or nothing: a call that would take the user past 100 faces changes nothing.
  if (user.faceSlots.size + toAdd.length > MAX_FACES_PER_USER) {
    throw errors.serviceQuotaExceeded(
      `User ${user.userId} would hold ${user.faceSlots.size + toAdd.length} faces; the maximum is ${MAX_FACES_PER_USER}`,
    );
  }
  for (const slot of toAdd) collection.associate(slot, user);
  return { AssociatedFaces: associated, UnsuccessfulFaceAssociations: unsuccessful, UserStatus: user.status };
}

function disassociate(collection: Collection, user: User, faceIds: string[]): object {
  const disassociated: object[] = [];
  const unsuccessful: object[] = [];
  for (const faceId of new Set(faceIds)) {
    const slot = collection.faces.slotOf(faceId);
    const owner = slot >= 0 ? collection.userAt(slot) : undefined;
    if (slot < 0) {
      unsuccessful.push({ FaceId: faceId, Reasons: ['FACE_NOT_FOUND'] });
    } else if (!owner) {
      // Already disassociated: ignored and not returned, as the service documents.
      continue;
    } else if (owner !== user) {
      unsuccessful.push({ FaceId: faceId, UserId: owner.userId, Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] });
    } else {
      collection.disassociate(slot);
      disassociated.push({ FaceId: faceId });
    }
  }
  return { DisassociatedFaces: disassociated, UnsuccessfulFaceDisassociations: unsuccessful, UserStatus: user.status };
}

function requireUser(collection: Collection, userId: string): User {
  const user = collection.users.get(userId);
  if (!user) throw errors.resourceNotFound(`The user id: ${userId} does not exist in collection ${collection.id}`);
  return user;
}

function fingerprint(userId: string, faceIds: string[]): string {
  return `${userId}:${faceIds.join(',')}`;
}
