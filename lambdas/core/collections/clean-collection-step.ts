import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { CollectionProgress, CollectionTarget, WorkItem } from '../contracts';
import { isProtected, readTags } from '../protection';
import { refuseDryRun } from '../refuse-dry-run';
import type { ProtectionSettings } from '../settings';
import type { TimeBudget } from '../time-budget';
import { finish, isCollectionProgress, type PurgeProgress, resumeCollectionProgress } from './collection-progress';
import { deleteCollection } from './delete-collection';
import { describeCounts } from './describe-counts';
import { purgeCollection } from './purge-collection';
import { DEFAULT_PURGE_TUNING, type PurgeTuning } from './purge-tuning';

/**
 * One invocation for one collection target: DELETE_COLLECTION deletes it in one go; DELETE_FACES empties it over
 * as many invocations as it takes (see purgeCollection).
 *
 * The protect tag is read again on the first invocation: the plan may be minutes old, and a tag added since must
 * still protect the collection.
 */
export async function cleanCollectionStep(
  rekognition: RekognitionClient,
  item: WorkItem<CollectionTarget, CollectionProgress>,
  budget: TimeBudget,
  protection: ProtectionSettings,
  tuning: PurgeTuning = DEFAULT_PURGE_TUNING,
): Promise<CollectionProgress> {
  refuseDryRun(item, 'clean-collection');
  if (isCollectionProgress(item.progress) && item.progress.done) return item.progress;
  const { target } = item;
  const firstInvocation = !isCollectionProgress(item.progress);
  const progress = resumeCollectionProgress(item.progress);

  if (firstInvocation) {
    const tags = await readTags(rekognition, target.collectionArn);
    if (tags === undefined) return finish(progress, 'ALREADY_ABSENT');
    if (isProtected(tags, protection)) return protectedSincePlanning(rekognition, target, progress);
  }

  if (target.action === 'DELETE_COLLECTION') {
    const deletion = await deleteCollection(rekognition, target.collectionId);
    return finish({ ...progress, facesDeleted: deletion.facesDeleted }, deletion.outcome);
  }
  return purgeCollection(rekognition, target.collectionId, progress, budget, tuning);
}

/**
 * Tagged protect after planning: nothing more is deleted. But this may be the retry of an invocation that crashed
 * after doing its work, before the tag arrived: say what is left, so the report can tell the owner what had already
 * gone, and call an emptied collection emptied rather than "skipped".
 */
async function protectedSincePlanning(
  rekognition: RekognitionClient,
  target: CollectionTarget,
  progress: PurgeProgress,
): Promise<CollectionProgress> {
  const counts = await describeCounts(rekognition, target.collectionId);
  if (counts === undefined) return finish(progress, 'ALREADY_ABSENT');
  const checked = { ...progress, facesRemaining: counts.faceCount };
  const hadWork = target.faceCount > 0 || target.userCount > 0;
  const emptied = target.action === 'DELETE_FACES' && hadWork && counts.faceCount === 0 && counts.userCount === 0;
  return finish(checked, emptied ? 'EMPTIED' : 'SKIPPED_PROTECTED');
}
