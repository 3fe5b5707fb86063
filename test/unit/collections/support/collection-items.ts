import type { CollectionProgress, CollectionTarget, WorkItem } from '../../../../lambdas/core/contracts';
import type { CollectionAction } from '../../../../lambdas/core/job/types';
import type { ProtectionSettings } from '../../../../lambdas/core/settings';
import type { FakeCollection } from '../../faces/support/fake-rekognition';

export const PROTECTION: ProtectionSettings = { protectTagKey: 'cleanup:protect', protectTagValue: 'true' };

export function collectionTarget(collection: FakeCollection, action: CollectionAction): CollectionTarget {
  return {
    collectionId: collection.id,
    collectionArn: collection.arn,
    action,
    faceCount: collection.liveFaceIds().length,
    userCount: collection.liveUserIds().length,
    reasons: ['collections[0]: prefix'],
  };
}

export function collectionItem(
  target: CollectionTarget,
  progress: CollectionProgress | { done: false } = { done: false },
): WorkItem<CollectionTarget, CollectionProgress> {
  return { target, executionId: 'exec-1', dryRun: false, progress };
}
