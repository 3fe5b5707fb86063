import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import { cleanCollectionStep } from '../core/collections/clean-collection-step';
import type { CollectionProgress, CollectionTarget, WorkItem } from '../core/contracts';
import { logger, startInvocation } from '../core/observability';
import { withRateShare } from '../core/rates/rate-share';
import { protectionFromEnv } from '../core/settings';
import { TimeBudget } from '../core/time-budget';

export const handler = async (
  event: WorkItem<CollectionTarget, CollectionProgress>,
  context: Context,
): Promise<CollectionProgress> => {
  startInvocation(event.executionId, context);
  const progress = await withRateShare(event.rates, () =>
    cleanCollectionStep(rekognitionClient(), event, TimeBudget.fromLambdaContext(context), protectionFromEnv()),
  );
  logger.info('collection step', {
    collectionId: event.target.collectionId,
    action: event.target.action,
    phase: progress.phase,
    done: progress.done,
    outcome: progress.outcome,
    usersDeleted: progress.usersDeleted,
    facesDeleted: progress.facesDeleted,
    facesAlreadyAbsent: progress.facesAlreadyAbsent,
    facesDisassociated: progress.facesDisassociated,
    facesRemaining: progress.facesRemaining,
    invocations: progress.invocations,
  });
  return progress;
};
