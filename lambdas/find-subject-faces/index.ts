import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { CollectionSearch, LaneInput, SubjectFindProgress } from '../core/contracts';
import { withLaneRates } from '../core/lanes/lane-rates';
import { runLane } from '../core/lanes/run-lane';
import { logger, startInvocation } from '../core/observability';
import { protectionFromEnv } from '../core/settings';
import { jobStore } from '../core/store/store-client';
import { findSubjectFacesStep } from '../core/subjects/find-subject-faces-step';
import { TimeBudget } from '../core/time-budget';

/** Read-only, so it runs for dry runs too. Identifiers are never logged: subjects are named by their index. */
export const handler = async (event: LaneInput, context: Context): Promise<LaneInput> => {
  startInvocation(event.executionId, context);
  const protection = protectionFromEnv();
  const output = await withLaneRates(jobStore(), event, () =>
    runLane<CollectionSearch, SubjectFindProgress>(
      jobStore(),
      event,
      TimeBudget.fromLambdaContext(context),
      async (item, budget) => {
        const progress = await findSubjectFacesStep(rekognitionClient(), item, budget, protection);
        // Subjects by index only: their identifiers are personal data.
        logger.info('collection search step', {
          collectionId: item.target.collectionId,
          sources: item.target.subjects.map((subject) => `subjects[${subject.subjectIndex}]`),
          phase: progress.phase,
          done: progress.done,
          facesFound: progress.found.reduce((sum, found) => sum + found.faceIds.length, 0),
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
