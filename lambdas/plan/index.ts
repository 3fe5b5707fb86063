import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { JobState } from '../core/contracts';
import { InvalidJobError } from '../core/errors';
import { logger, startInvocation } from '../core/observability';
import { type PlanInput, planJob } from '../core/plan/plan-job';
import { summarisePlan } from '../core/plan/plan-summary';
import { quotasFromEnv } from '../core/rates/quotas';
import { soloShare } from '../core/rates/rate-plan';
import { withRateShare } from '../core/rates/rate-share';
import { protectionFromEnv } from '../core/settings';

const PLAN_OPERATIONS = [
  'ListCollections',
  'DescribeCollection',
  'ListTagsForResource',
  'ListFaces',
  'DescribeProjects',
  'DescribeProjectVersions',
];

export const handler = async (event: PlanInput, context: Context): Promise<JobState> => {
  startInvocation(event.executionId, context);
  try {
    const quotas = quotasFromEnv();
    // The Plan runs alone: it may use the whole quota of what it calls.
    const share = soloShare(quotas, PLAN_OPERATIONS);
    const state = await withRateShare(share, () => planJob(rekognitionClient(), event, protectionFromEnv(), quotas));
    logger.info('plan ready', summarisePlan(state));
    return state;
  } catch (error) {
    // The field path and rule never echo the offending value, so they are safe to log.
    if (error instanceof InvalidJobError) logger.warn('job rejected', { field: error.field, rule: error.rule });
    throw error;
  }
};
