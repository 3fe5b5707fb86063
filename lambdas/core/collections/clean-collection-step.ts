import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { CollectionProgress, CollectionTarget, WorkItem } from '../contracts';
import { refuseDryRun } from '../refuse-dry-run';
import type { ProtectionSettings } from '../settings';
import { type DeletionBudget, NO_CAP } from '../store/deletion-budget';
import type { TimeBudget } from '../time-budget';
import { finish, isCollectionProgress, resumeCollectionProgress } from './collection-progress';
import { deleteCollection } from './delete-collection';
import { deleteGate } from './delete-gate';
import { purgeCollection } from './purge-collection';
import { DEFAULT_PURGE_TUNING, type PurgeTuning } from './purge-tuning';

/**
 * One invocation for one collection target: DELETE_COLLECTION deletes it in one go; DELETE_FACES empties it over
 * as many invocations as it takes (see purgeCollection).
 *
 * The plan may be minutes or hours old, so every delete batch is preceded by a re-check (delete-gate.ts): the same
 * collection (re-created: CHANGED_SINCE_PLAN), still selected, not protected, and within the job's maxDeletions.
 * `deletions` is the job's budget: the handler always passes the stored one; tests of other things may omit it.
 */
export async function cleanCollectionStep(
  rekognition: RekognitionClient,
  item: WorkItem<CollectionTarget, CollectionProgress>,
  budget: TimeBudget,
  protection: ProtectionSettings,
  tuning: PurgeTuning = DEFAULT_PURGE_TUNING,
  deletions: DeletionBudget = NO_CAP,
): Promise<CollectionProgress> {
  refuseDryRun(item, 'clean-collection');
  if (isCollectionProgress(item.progress) && item.progress.done) return item.progress;
  const { target } = item;
  const progress = resumeCollectionProgress(item.progress);
  const startedAtMs = item.startedAt === undefined ? Date.now() : Date.parse(item.startedAt);
  const gate = deleteGate(rekognition, target, protection, startedAtMs, deletions);

  if ((progress.action ?? target.action) === 'DELETE_COLLECTION') {
    // The collection goes with all its faces: their count, from the re-check's DescribeCollection, plus itself.
    const admission = await gate.admit((counts) => counts.faceCount + 1, { whole: true });
    if (admission.kind === 'STOP') return gate.stopped(progress, admission.stop);
    if (admission.action === 'DELETE_COLLECTION') {
      const deletion = await deleteCollection(rekognition, target.collectionId);
      await gate.settle(admission.granted, deletion.outcome === 'DELETED' ? admission.granted : 0);
      const facesDeleted = deletion.outcome === 'DELETED' ? admission.counts.faceCount : 0;
      return finish({ ...progress, facesDeleted }, deletion.outcome);
    }
    // Only a DELETE_FACES section still selects it: empty it instead, and remember that for the next invocations.
    await gate.settle(admission.granted, 0);
    progress.action = 'DELETE_FACES';
  }
  return purgeCollection(rekognition, target.collectionId, progress, budget, tuning, gate);
}
