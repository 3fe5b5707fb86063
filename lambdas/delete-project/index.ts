import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { ProjectProgress, ProjectTarget, WorkItem } from '../core/contracts';
import { logger, startInvocation } from '../core/observability';
import { deleteProjectIfEmpty } from '../core/project-versions/delete-project-if-empty';
import { withRateShare } from '../core/rates/rate-share';

export const handler = async (
  event: WorkItem<ProjectTarget, ProjectProgress>,
  context: Context,
): Promise<ProjectProgress> => {
  startInvocation(event.executionId, context);
  const progress = await withRateShare(event.rates, () => deleteProjectIfEmpty(rekognitionClient(), event));
  logger.info('project checked', {
    projectArn: event.target.projectArn,
    outcome: progress.outcome,
    remainingVersions: progress.remainingVersions,
  });
  return progress;
};
