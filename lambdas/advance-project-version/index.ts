import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { LaneInput, ProjectVersionTarget } from '../core/contracts';
import { withLaneRates } from '../core/lanes/lane-rates';
import { pollLane } from '../core/lanes/poll-lane';
import { logger, startInvocation } from '../core/observability';
import { advanceProjectVersion } from '../core/project-versions/advance-project-version';
import { protectionFromEnv, versionPollingFromEnv } from '../core/settings';
import { openDeletionBudget } from '../core/store/deletion-budget';
import { jobStore } from '../core/store/store-client';

export const handler = async (event: LaneInput, context: Context): Promise<LaneInput> => {
  startInvocation(event.executionId, context);
  const protection = protectionFromEnv();
  const polling = versionPollingFromEnv();
  const store = jobStore();
  // maxDeletions at act time: each DeleteProjectVersion reserves one deletion from the job's counter.
  const deletions = await openDeletionBudget(store, event.jobId);
  const output = await withLaneRates(store, event, () =>
    pollLane<ProjectVersionTarget>(store, event, async (item) => {
      const progress = await advanceProjectVersion(
        rekognitionClient(),
        item,
        protection,
        polling,
        new Date(),
        deletions,
      );
      logger.info('project version polled', {
        versionArn: item.target.versionArn,
        status: progress.lastStatus,
        polls: progress.polls,
        stopRequested: progress.stopRequested,
        deleteRequested: progress.deleteRequested,
        wait: progress.wait,
        outcome: progress.outcome,
      });
      return progress;
    }),
  );
  logger.info('project versions lane polled', { lane: event.lane, progress: output.progress });
  return output;
};
