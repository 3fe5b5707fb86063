import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { FaceDeletionProgress, FaceDeletionTarget, LaneInput } from '../core/contracts';
import { deleteFacesStep } from '../core/faces/delete-faces-step';
import { sharedReadBack } from '../core/faces/shared-read-back';
import { withLaneRates } from '../core/lanes/lane-rates';
import { runLane } from '../core/lanes/run-lane';
import { logger, startInvocation } from '../core/observability';
import { pseudonym } from '../core/pseudonyms/pseudonym';
import { openDeletionBudget } from '../core/store/deletion-budget';
import { jobStore } from '../core/store/store-client';
import { TimeBudget } from '../core/time-budget';

/** Explicit face groups and subject erasures: the same worker, the subject's user id only ever logged hashed. */
export const handler = async (event: LaneInput, context: Context): Promise<LaneInput> => {
  startInvocation(event.executionId, context);
  const store = jobStore();
  // maxDeletions at act time: every DeleteFaces batch reserves from the job's counter in the store.
  const deletions = await openDeletionBudget(store, event.jobId);
  const output = await withLaneRates(store, event, () =>
    runLane<FaceDeletionTarget, FaceDeletionProgress>(
      store,
      event,
      TimeBudget.fromLambdaContext(context),
      async (item, budget) => {
        // Subject erasures are read back together, per collection, once the invocation's items are deleted.
        const progress = await deleteFacesStep(rekognitionClient(), item, budget, deletions, 'shared');
        const { deleteUserId } = item.target;
        logger.info('faces step', {
          collectionId: item.target.collectionId,
          source: item.target.source,
          ...(deleteUserId === undefined
            ? {}
            : { userRef: await pseudonym(deleteUserId), userOutcome: progress.userOutcome }),
          done: progress.done,
          nextIndex: progress.nextIndex,
          requested: item.target.faceIds.length,
          deleted: progress.deleted,
          alreadyAbsent: progress.alreadyAbsentCount,
          disassociated: progress.disassociated,
          failed: progress.failedCount,
          collectionAbsent: progress.collectionAbsent,
          capReached: progress.capReached,
          invocations: progress.invocations,
        });
        return progress;
      },
      (progress) => progress.deleted ?? 0,
      sharedReadBack(rekognitionClient()),
    ),
  );
  logger.info('faces lane step', { kind: event.kind, lane: event.lane, progress: output.progress });
  return output;
};
