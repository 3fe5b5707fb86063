import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import { cleanCollectionStep } from '../core/collections/clean-collection-step';
import type { CollectionProgress, CollectionTarget, LaneInput } from '../core/contracts';
import { runLane } from '../core/lanes/run-lane';
import { logger, startInvocation } from '../core/observability';
import { withRateShare } from '../core/rates/rate-share';
import { protectionFromEnv } from '../core/settings';
import { jobStore } from '../core/store/store-client';
import { TimeBudget } from '../core/time-budget';

export const handler = async (event: LaneInput, context: Context): Promise<LaneInput> => {
  startInvocation(event.executionId, context);
  const protection = protectionFromEnv();
  const output = await withRateShare(event.rates, () =>
    runLane<CollectionTarget, CollectionProgress>(
      jobStore(),
      event,
      TimeBudget.fromLambdaContext(context),
      async (item, budget) => {
        const progress = await cleanCollectionStep(rekognitionClient(), item, budget, protection);
        logger.info('collection step', {
          collectionId: item.target.collectionId,
          action: item.target.action,
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
      },
    ),
  );
  logger.info('collections lane step', { lane: event.lane, progress: output.progress });
  return output;
};
