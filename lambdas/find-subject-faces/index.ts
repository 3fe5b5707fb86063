import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { LaneInput, SubjectFindProgress, SubjectUnit } from '../core/contracts';
import { withLaneRates } from '../core/lanes/lane-rates';
import { runLane } from '../core/lanes/run-lane';
import { logger, startInvocation } from '../core/observability';
import { protectionFromEnv } from '../core/settings';
import { jobStore } from '../core/store/store-client';
import { findSubjectFacesStep } from '../core/subjects/find-subject-faces-step';
import { TimeBudget } from '../core/time-budget';

/** Read-only, so it runs for dry runs too. Identifiers are never logged: the subject is named by its index. */
export const handler = async (event: LaneInput, context: Context): Promise<LaneInput> => {
  startInvocation(event.executionId, context);
  const protection = protectionFromEnv();
  const output = await withLaneRates(jobStore(), event, () =>
    runLane<SubjectUnit, SubjectFindProgress>(
      jobStore(),
      event,
      TimeBudget.fromLambdaContext(context),
      async (item, budget) => {
        const progress = await findSubjectFacesStep(rekognitionClient(), item, budget, protection);
        logger.info('subject search step', {
          source: `subjects[${item.target.subjectIndex}]`,
          collectionId: item.target.collectionId,
          phase: progress.phase,
          done: progress.done,
          facesFound: progress.faceIds.length,
          pagesScanned: progress.pagesScanned,
          collectionAbsent: progress.collectionAbsent,
        });
        return progress;
      },
    ),
  );
  logger.info('subject search lane step', { lane: event.lane, progress: output.progress });
  return output;
};
