import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import { cleanCollectionStep } from '../core/collections/clean-collection-step';
import { DEFAULT_PURGE_TUNING } from '../core/collections/purge-tuning';
import type { CollectionProgress, CollectionTarget, LaneInput } from '../core/contracts';
import { withLaneRates } from '../core/lanes/lane-rates';
import { runLane } from '../core/lanes/run-lane';
import { logger, startInvocation } from '../core/observability';
import { protectionFromEnv } from '../core/settings';
import { openDeletionBudget } from '../core/store/deletion-budget';
import { jobStore } from '../core/store/store-client';
import { TimeBudget } from '../core/time-budget';

export const handler = async (event: LaneInput, context: Context): Promise<LaneInput> => {
  startInvocation(event.executionId, context);
  const protection = protectionFromEnv();
  const store = jobStore();
  // maxDeletions at act time: every delete batch reserves from the job's counter in the store.
  const deletions = await openDeletionBudget(store, event.jobId);
  const output = await withLaneRates(store, event, () =>
    runLane<CollectionTarget, CollectionProgress>(
      store,
      event,
      TimeBudget.fromLambdaContext(context),
      async (item, budget) => {
        const progress = await cleanCollectionStep(
          rekognitionClient(),
          item,
          budget,
          protection,
          DEFAULT_PURGE_TUNING,
          deletions,
        );
        logger.info('collection step', {
          collectionId: item.target.collectionId,
          action: item.target.action,
          phase: progress.phase,
          done: progress.done,
          outcome: progress.outcome,
          changeDetail: progress.changeDetail,
          usersDeleted: progress.usersDeleted,
          facesDeleted: progress.facesDeleted,
          facesAlreadyAbsent: progress.facesAlreadyAbsent,
          facesDisassociated: progress.facesDisassociated,
          facesRemaining: progress.facesRemaining,
          invocations: progress.invocations,
        });
        return progress;
      },
      (progress) => progress.facesDeleted ?? 0,
    ),
  );
  logger.info('collections lane step', { lane: event.lane, progress: output.progress });
  return output;
};
