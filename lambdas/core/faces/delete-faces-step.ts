import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { FaceDeletionProgress, FaceDeletionTarget, WorkItem } from '../contracts';
import { refuseDryRun } from '../refuse-dry-run';
import { type DeletionBudget, NO_CAP } from '../store/deletion-budget';
import type { TimeBudget } from '../time-budget';
import { deleteFaceIds } from './delete-face-ids';
import { DELETE_FACES_LIMIT } from './delete-faces-call';
import { deleteUser, userDeletionToken } from './delete-user';
import type { HolderFilter } from './disassociate-faces';
import { addTally, emptyTally, recordAbsent } from './face-deletion-tally';
import { verifyAbsent } from './verify-absent';

/**
 * One invocation of a face group or subject erasure: DeleteUser first (once), then the target's face ids from
 * `progress.nextIndex`, one DeleteFaces batch after the other, until done or the budget runs out.
 *
 * Crash safety comes from the order and from where the ids live: the user goes first and the face ids come from the
 * target (found while planning), not from the user, so a crash between DeleteUser and DeleteFaces loses no face.
 * A retry with the same input repeats at most one invocation's batches, whose faces are then already absent.
 *
 * Each DeleteFaces batch is reserved from the job's deletion budget first (`deletions`: the handler passes the
 * stored one) and trimmed to what was granted; once the cap is reached the item ends with `capReached`.
 *
 * A subject erasure is read back after its last batch. With `readBack: 'shared'` the step leaves that to the lane
 * (shared-read-back.ts): the item comes back not done, deleted, without its verification (`awaitsReadBack`).
 */
export async function deleteFacesStep(
  rekognition: RekognitionClient,
  item: WorkItem<FaceDeletionTarget, FaceDeletionProgress>,
  budget: TimeBudget,
  deletions: DeletionBudget = NO_CAP,
  readBack: 'inline' | 'shared' = 'inline',
): Promise<FaceDeletionProgress> {
  refuseDryRun(item, 'delete-faces');
  if (isFaceDeletionProgress(item.progress) && item.progress.done) return item.progress;
  const { target } = item;
  const progress = resumeProgress(item.progress);

  if (target.deleteUserId !== undefined && progress.userOutcome === undefined) {
    const token = userDeletionToken(item, target.collectionId, target.deleteUserId, target.source);
    progress.userOutcome = await deleteUser(rekognition, target.collectionId, target.deleteUserId, token);
  }

  let batches = 0;
  // At least one batch per invocation, so a budget that is short from the start still makes progress.
  while (progress.nextIndex < target.faceIds.length && (batches === 0 || !budget.expired())) {
    const end = progress.collectionAbsent
      ? target.faceIds.length
      : Math.min(progress.nextIndex + DELETE_FACES_LIMIT, target.faceIds.length);
    const batch = target.faceIds.slice(progress.nextIndex, end);
    if (progress.collectionAbsent) {
      const absent = emptyTally();
      recordAbsent(absent, batch);
      addTally(progress, absent);
    } else {
      const granted = await deletions.reserve(batch.length);
      const tally = await deleteFaceIds(
        rekognition,
        target.collectionId,
        batch.slice(0, granted),
        holderFilter(target),
      );
      addTally(progress, tally);
      await deletions.release(granted - tally.deleted);
      if (granted < batch.length) {
        progress.nextIndex += granted;
        progress.capReached = true;
        break;
      }
    }
    progress.nextIndex = end;
    batches += 1;
  }
  const deleted = progress.nextIndex >= target.faceIds.length;
  if (deleted && target.subjectErasure === true && progress.verification === undefined) {
    // Read back after the last batch, in the same invocation: a retry that finds it missing simply reads again.
    if (nothingLeftToRead(target, progress)) {
      progress.verification = { verifiedAbsent: true, stillPresent: [], userFacesPresent: 0 };
    } else if (readBack === 'inline') {
      progress.verification = await verifyAbsent(rekognition, target.collectionId, target.faceIds, target.deleteUserId);
    }
  }
  progress.done = progress.capReached === true || (deleted && !awaitsReadBack(target, progress));
  return progress;
}

/** Every batch ran, but the subject erasure is not read back yet: what a shared read-back finishes. */
export function awaitsReadBack(target: FaceDeletionTarget, progress: FaceDeletionProgress): boolean {
  return (
    target.subjectErasure === true &&
    progress.capReached !== true &&
    progress.nextIndex >= target.faceIds.length &&
    progress.verification === undefined
  );
}

/**
 * Where the search found no face of the subject and DeleteUser answered that the user does not exist, both halves of
 * the read-back are already answered: there is no erased face id to list, and a user that does not exist holds no
 * face. Reading again would only repeat the search's ListFaces, and this is the common case of an erasure (the
 * person is absent from most collections): it stays at two calls per collection, the search and the DeleteUser.
 */
function nothingLeftToRead(target: FaceDeletionTarget, progress: FaceDeletionProgress): boolean {
  return (
    target.faceIds.length === 0 && (target.deleteUserId === undefined || progress.userOutcome === 'ALREADY_ABSENT')
  );
}

/**
 * An erasure takes a face from a user only if that user is the subject's (its DeleteUser ran first, so normally
 * none is left): a face another user holds stays theirs, even if it came to them after the plan.
 */
function holderFilter(target: FaceDeletionTarget): HolderFilter | undefined {
  if (target.subjectErasure !== true) return undefined;
  return (userId) => userId === target.deleteUserId;
}

export function isFaceDeletionProgress(progress: unknown): progress is FaceDeletionProgress {
  return typeof progress === 'object' && progress !== null && 'nextIndex' in progress;
}

/** A copy of the progress to build on (the input is never mutated), or a fresh one on the first invocation. */
function resumeProgress(progress: FaceDeletionProgress | { done: false }): FaceDeletionProgress {
  const base: FaceDeletionProgress = isFaceDeletionProgress(progress)
    ? structuredClone(progress)
    : { done: false, nextIndex: 0, ...emptyTally(), invocations: 0 };
  base.invocations += 1;
  return base;
}
