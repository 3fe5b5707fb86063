import type { CollectionProgress, CollectionTarget, WorkItem } from '../../../../lambdas/core/contracts';
import type { CollectionAction } from '../../../../lambdas/core/job/types';
import type { ProtectionSettings } from '../../../../lambdas/core/settings';
import type { TestRekognition } from '../../../support/in-process-rekognition';

export const PROTECTION: ProtectionSettings = { protectTagKey: 'cleanup:protect', protectTagValue: 'true' };

/** The target a plan makes of one of the emulator's collections, as it is now (without its creation time). */
export function collectionTarget(
  rekognition: TestRekognition,
  collectionId: string,
  action: CollectionAction,
): CollectionTarget {
  const { collectionArn, faceCount, userCount } = rekognition.collectionFacts(collectionId);
  return { collectionId, collectionArn, action, faceCount, userCount, reasons: ['collections[0]: prefix'] };
}

export function collectionItem(
  target: CollectionTarget,
  progress: CollectionProgress | { done: false } = { done: false },
): WorkItem<CollectionTarget, CollectionProgress> {
  return { target, executionId: 'exec-1', dryRun: false, progress };
}
