import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { LaneInput, ProjectProgress, ProjectTarget } from '../core/contracts';
import { withLaneRates } from '../core/lanes/lane-rates';
import { runLane } from '../core/lanes/run-lane';
import { logger, startInvocation } from '../core/observability';
import { deleteProjectIfEmpty } from '../core/project-versions/delete-project-if-empty';
import { jobStore } from '../core/store/store-client';
import { TimeBudget } from '../core/time-budget';

export const handler = async (event: LaneInput, context: Context): Promise<LaneInput> => {
  startInvocation(event.executionId, context);
  const output = await withLaneRates(jobStore(), event, () =>
    runLane<ProjectTarget, ProjectProgress>(jobStore(), event, TimeBudget.fromLambdaContext(context), async (item) => {
      const progress = await deleteProjectIfEmpty(rekognitionClient(), item);
      logger.info('project checked', {
        projectArn: item.target.projectArn,
        outcome: progress.outcome,
        remainingVersions: progress.remainingVersions,
      });
      return progress;
    }),
  );
  return output;
};
