import { createHash } from 'node:crypto';
import { DeleteUserCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';

export type UserDeletionOutcome = 'DELETED' | 'ALREADY_ABSENT';

/**
 * A ClientRequestToken that is the same for every attempt of one execution at one user, so an invocation retried
 * after a crash replays the first DeleteUser's answer instead of reporting the user as already absent. The start
 * time makes it unique per execution even where an execution name is reused (a job re-run locally under the same
 * requestId): replaying an old answer there would leave a re-enrolled user in place. The hash keeps it within the
 * token's constraints (at most 64 characters of [a-zA-Z0-9-_]) and keeps the user id out of request metadata.
 */
export function userDeletionToken(
  execution: { executionId: string; startedAt?: string },
  collectionId: string,
  userId: string,
  /** Where the request comes from (`subjects[1]`): two subjects naming one user must not share an answer. */
  source = '',
): string {
  return createHash('sha256')
    .update(JSON.stringify([execution.executionId, execution.startedAt ?? '', source, collectionId, userId]))
    .digest('hex');
}

/**
 * DeleteUser disassociates the user's faces and deletes the user in one call; the faces themselves stay.
 * ResourceNotFoundException means the user (or its collection) is already gone.
 * Without a token the SDK generates one per call and reuses it across its own retries.
 */
export async function deleteUser(
  rekognition: RekognitionClient,
  collectionId: string,
  userId: string,
  clientRequestToken?: string,
): Promise<UserDeletionOutcome> {
  try {
    await rekognition.send(
      new DeleteUserCommand({
        CollectionId: collectionId,
        UserId: userId,
        ...(clientRequestToken === undefined ? {} : { ClientRequestToken: clientRequestToken }),
      }),
    );
    return 'DELETED';
  } catch (error) {
    if (isNotFound(error)) return 'ALREADY_ABSENT';
    return classifyRekognitionError(error);
  }
}
