import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { SubjectFindProgress, SubjectUnit, WorkItem } from '../core/contracts';
import { logger, startInvocation } from '../core/observability';
import { withRateShare } from '../core/rates/rate-share';
import { protectionFromEnv } from '../core/settings';
import { findSubjectFacesStep } from '../core/subjects/find-subject-faces-step';
import { TimeBudget } from '../core/time-budget';

/** Read-only, so it runs for dry runs too. Identifiers are never logged: the subject is named by its index. */
export const handler = async (
  event: WorkItem<SubjectUnit, SubjectFindProgress>,
  context: Context,
): Promise<SubjectFindProgress> => {
  startInvocation(event.executionId, context);
  const progress = await withRateShare(event.rates, () =>
    findSubjectFacesStep(rekognitionClient(), event, TimeBudget.fromLambdaContext(context), protectionFromEnv()),
  );
  logger.info('subject search step', {
    source: `subjects[${event.target.subjectIndex}]`,
    collectionId: event.target.collectionId,
    phase: progress.phase,
    done: progress.done,
    facesFound: progress.faceIds.length,
    pagesScanned: progress.pagesScanned,
    collectionAbsent: progress.collectionAbsent,
  });
  return progress;
};
