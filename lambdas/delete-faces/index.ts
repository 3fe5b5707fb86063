import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { FaceDeletionProgress, FaceDeletionTarget, WorkItem } from '../core/contracts';
import { deleteFacesStep } from '../core/faces/delete-faces-step';
import { hashSubjectId, logger, startInvocation } from '../core/observability';
import { withRateShare } from '../core/rates/rate-share';
import { TimeBudget } from '../core/time-budget';

/** Explicit face groups and subject erasures: the same worker, the subject's user id only ever logged hashed. */
export const handler = async (
  event: WorkItem<FaceDeletionTarget, FaceDeletionProgress>,
  context: Context,
): Promise<FaceDeletionProgress> => {
  startInvocation(event.executionId, context);
  const progress = await withRateShare(event.rates, () =>
    deleteFacesStep(rekognitionClient(), event, TimeBudget.fromLambdaContext(context)),
  );
  const { deleteUserId } = event.target;
  logger.info('faces step', {
    collectionId: event.target.collectionId,
    source: event.target.source,
    ...(deleteUserId === undefined ? {} : { userRef: hashSubjectId(deleteUserId), userOutcome: progress.userOutcome }),
    done: progress.done,
    nextIndex: progress.nextIndex,
    requested: event.target.faceIds.length,
    deleted: progress.deleted,
    alreadyAbsent: progress.alreadyAbsentCount,
    disassociated: progress.disassociated,
    failed: progress.failedCount,
    collectionAbsent: progress.collectionAbsent,
    invocations: progress.invocations,
  });
  return progress;
};
