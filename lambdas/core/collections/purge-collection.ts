import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { logger } from '../observability';
import type { TimeBudget } from '../time-budget';
import { finish, type PurgeProgress } from './collection-progress';
import type { DeleteGate } from './delete-gate';
import { describeCounts } from './describe-counts';
import { purgeFacePages } from './purge-face-pages';
import type { PurgeTuning } from './purge-tuning';
import { purgeUsersPage } from './purge-users';

/** DescribeCollection checks before giving up on faces that keep appearing (or that cannot be deleted). */
export const MAX_VERIFY_ROUNDS = 3;

/**
 * Empties a collection and keeps it: USERS (delete every user, which disassociates their faces, so DeleteFaces
 * does not meet ASSOCIATED_TO_AN_EXISTING_USER in the common case), FACES (delete page by page), VERIFY
 * (DescribeCollection; anything left, e.g. faces indexed meanwhile, sends the purge round again).
 * Runs phase after phase until done or the budget runs out; the first unit of work always runs.
 * Every batch (a round of user deletions, a DeleteFaces page) goes through the gate first: re-verified, reserved.
 */
export async function purgeCollection(
  rekognition: RekognitionClient,
  collectionId: string,
  start: PurgeProgress,
  budget: TimeBudget,
  tuning: PurgeTuning,
  gate: DeleteGate,
): Promise<PurgeProgress> {
  let progress = start;
  do {
    progress = await advance(rekognition, collectionId, progress, budget, tuning, gate);
  } while (!progress.done && !budget.expired());
  return progress;
}

async function advance(
  rekognition: RekognitionClient,
  collectionId: string,
  progress: PurgeProgress,
  budget: TimeBudget,
  tuning: PurgeTuning,
  gate: DeleteGate,
): Promise<PurgeProgress> {
  switch (progress.phase) {
    case 'USERS':
      return deleteUsers(rekognition, collectionId, progress, budget, tuning, gate);
    case 'FACES':
      return deleteFaces(rekognition, collectionId, progress, budget, tuning, gate);
    case 'VERIFY':
      return verify(rekognition, collectionId, progress);
    case 'DONE':
      return { ...progress, done: true };
  }
}

async function deleteUsers(
  rekognition: RekognitionClient,
  collectionId: string,
  progress: PurgeProgress,
  budget: TimeBudget,
  tuning: PurgeTuning,
  gate: DeleteGate,
): Promise<PurgeProgress> {
  // Users are not counted towards maxDeletions (their faces are, when deleted): the round is re-verified only.
  const admission = await gate.admit(0);
  if (admission.kind === 'STOP') return gate.stopped(progress, admission.stop);
  const page = await purgeUsersPage(rekognition, collectionId, progress.nextToken, tuning.usersInFlight, budget);
  const next: PurgeProgress = { ...progress, usersDeleted: progress.usersDeleted + page.usersDeleted };
  return afterPages(next, page.collectionAbsent, page.exhausted ? 'FACES' : undefined, page.nextToken);
}

async function deleteFaces(
  rekognition: RekognitionClient,
  collectionId: string,
  progress: PurgeProgress,
  budget: TimeBudget,
  tuning: PurgeTuning,
  gate: DeleteGate,
): Promise<PurgeProgress> {
  const run = await purgeFacePages(rekognition, collectionId, progress.nextToken, budget, tuning, gate);
  const next: PurgeProgress = {
    ...progress,
    facesDeleted: progress.facesDeleted + run.tally.deleted,
    facesAlreadyAbsent: progress.facesAlreadyAbsent + run.tally.alreadyAbsentCount,
    facesDisassociated: progress.facesDisassociated + run.tally.disassociated,
  };
  if (run.tally.failedCount > 0) {
    // Left for VERIFY to count and retry; the face ids are not personal data, but the count is what matters here.
    logger.warn('faces could not be deleted', { collectionId, failedCount: run.tally.failedCount });
  }
  if (run.stop !== undefined) return gate.stopped(next, run.stop);
  return afterPages(next, run.tally.collectionAbsent, run.finished ? 'VERIFY' : undefined, run.cursor);
}

/**
 * Where a paged phase leaves the purge: done if the collection is gone, at the next phase once its pages ran out,
 * else in the same phase at the cursor (none: the listing starts over).
 */
function afterPages(
  counted: PurgeProgress,
  collectionAbsent: boolean,
  nextPhase: PurgeProgress['phase'] | undefined,
  cursor: string | undefined,
): PurgeProgress {
  if (collectionAbsent) return finish(counted, 'ALREADY_ABSENT');
  const { nextToken: _previous, ...rest } = counted;
  if (nextPhase !== undefined) return { ...rest, phase: nextPhase };
  return cursor === undefined ? rest : { ...rest, nextToken: cursor };
}

async function verify(
  rekognition: RekognitionClient,
  collectionId: string,
  progress: PurgeProgress,
): Promise<PurgeProgress> {
  const counts = await describeCounts(rekognition, collectionId);
  if (counts === undefined) return finish(progress, 'ALREADY_ABSENT');
  const verifyRounds = (progress.verifyRounds ?? 0) + 1;
  const checked: PurgeProgress = { ...progress, verifyRounds, facesRemaining: counts.faceCount };
  if (counts.faceCount === 0 && counts.userCount === 0) return finish(checked, 'EMPTIED');
  if (verifyRounds < MAX_VERIFY_ROUNDS) {
    // Users left means users created meanwhile: delete them before their faces again.
    const { nextToken: _cursor, ...rest } = checked;
    return { ...rest, phase: counts.userCount > 0 ? 'USERS' : 'FACES' };
  }
  logger.warn('collection not empty after the last verify round', {
    collectionId,
    verifyRounds,
    facesRemaining: counts.faceCount,
    usersRemaining: counts.userCount,
  });
  // No faces left but users that keep coming back: the faces are gone, which is what EMPTIED reports.
  return finish(checked, counts.faceCount === 0 ? 'EMPTIED' : undefined);
}
