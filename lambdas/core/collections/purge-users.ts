import { ListUsersCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { mapWithConcurrency } from '../async/map-with-concurrency';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import { deleteUser } from '../faces/delete-user';
import type { TimeBudget } from '../time-budget';

/** ListUsers' largest page. */
const LIST_USERS_LIMIT = 500;

export interface UsersPagePurge {
  collectionAbsent: boolean;
  usersDeleted: number;
  /** Where the next page starts: undefined to list from the start again; ignored once `exhausted`. */
  nextToken?: string;
  /** No user is left to delete. */
  exhausted: boolean;
}

/**
 * Lists one page of users and deletes them. Deleted users vanish from the listing, so the next page is listed from
 * the start again; only a page whose users were all gone already (a listing that lags behind) moves on with the
 * page token, which guarantees the phase ends: every page either deletes a user or moves forward.
 *
 * No ClientRequestToken here: a retried invocation finds the user gone (ResourceNotFoundException), while a
 * deterministic token could replay an old success for a user created again since, and leave it in place.
 */
export async function purgeUsersPage(
  rekognition: RekognitionClient,
  collectionId: string,
  pageToken: string | undefined,
  usersInFlight: number,
  budget: TimeBudget,
): Promise<UsersPagePurge> {
  let page: { userIds: string[]; nextToken?: string };
  try {
    const out = await rekognition.send(
      new ListUsersCommand({
        CollectionId: collectionId,
        MaxResults: LIST_USERS_LIMIT,
        ...(pageToken === undefined ? {} : { NextToken: pageToken }),
      }),
    );
    const userIds = (out.Users ?? []).flatMap((user) => (user.UserId === undefined ? [] : [user.UserId]));
    page = out.NextToken === undefined ? { userIds } : { userIds, nextToken: out.NextToken };
  } catch (error) {
    if (isNotFound(error)) return { collectionAbsent: true, usersDeleted: 0, exhausted: true };
    return classifyRekognitionError(error);
  }

  // A page holds up to 500 users: at a low rate share that is longer than a Lambda may run, so stop starting
  // deletions when the budget is spent. The next invocation lists again; the deleted users are gone from it.
  const outcomes = await mapWithConcurrency(
    page.userIds,
    usersInFlight,
    (userId) => deleteUser(rekognition, collectionId, userId),
    () => budget.expired(),
  );
  if (outcomes.some((outcome) => outcome === undefined)) {
    return { collectionAbsent: false, usersDeleted: outcomes.filter((o) => o === 'DELETED').length, exhausted: false };
  }
  const usersDeleted = outcomes.filter((outcome) => outcome === 'DELETED').length;
  if (usersDeleted > 0) return { collectionAbsent: false, usersDeleted, exhausted: false };
  if (page.nextToken !== undefined) {
    return { collectionAbsent: false, usersDeleted, nextToken: page.nextToken, exhausted: false };
  }
  return { collectionAbsent: false, usersDeleted, exhausted: true };
}
