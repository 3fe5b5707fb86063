import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { JobRef } from '../core/contracts';
import { InvalidJobError } from '../core/errors';
import { logger, startInvocation } from '../core/observability';
import { planAndStore } from '../core/plan/plan-and-store';
import type { PlanInput } from '../core/plan/plan-job';
import { quotasFromEnv } from '../core/rates/quotas';
import { soloShare } from '../core/rates/rate-plan';
import { withRateShare } from '../core/rates/rate-share';
import { protectionFromEnv } from '../core/settings';
import { jobStore } from '../core/store/store-client';

const PLAN_OPERATIONS = [
  'ListCollections',
  'DescribeCollection',
  'ListTagsForResource',
  'ListFaces',
  'DescribeProjects',
  'DescribeProjectVersions',
];

export const handler = async (event: PlanInput, context: Context): Promise<JobRef> => {
  startInvocation(event.executionId, context);
  try {
    const quotas = quotasFromEnv();
    // The Plan runs alone: it may use the whole quota of what it calls.
    const share = soloShare(quotas, PLAN_OPERATIONS);
    const ref = await withRateShare(share, () =>
      planAndStore(rekognitionClient(), jobStore(), event, protectionFromEnv(), quotas),
    );
    logger.info('plan stored', { jobId: ref.jobId, dryRun: ref.dryRun, lanes: ref.lanes });
    return ref;
  } catch (error) {
    // The field path and rule never echo the offending value, so they are safe to log.
    if (error instanceof InvalidJobError) logger.warn('job rejected', { field: error.field, rule: error.rule });
    throw error;
  }
};
