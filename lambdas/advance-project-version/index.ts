import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { ProjectVersionTarget, VersionProgress, WorkItem } from '../core/contracts';
import { logger, startInvocation } from '../core/observability';
import { advanceProjectVersion } from '../core/project-versions/advance-project-version';
import { withRateShare } from '../core/rates/rate-share';
import { protectionFromEnv, versionPollingFromEnv } from '../core/settings';

export const handler = async (
  event: WorkItem<ProjectVersionTarget, VersionProgress>,
  context: Context,
): Promise<VersionProgress> => {
  startInvocation(event.executionId, context);
  const progress = await withRateShare(event.rates, () =>
    advanceProjectVersion(rekognitionClient(), event, protectionFromEnv(), versionPollingFromEnv(), new Date()),
  );
  logger.info('project version polled', {
    versionArn: event.target.versionArn,
    status: progress.lastStatus,
    polls: progress.polls,
    stopRequested: progress.stopRequested,
    deleteRequested: progress.deleteRequested,
    wait: progress.wait,
    outcome: progress.outcome,
  });
  return progress;
};
