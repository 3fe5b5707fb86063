import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import type { JobState } from '../core/contracts';
import { InvalidJobError } from '../core/errors';
import { logger, startInvocation } from '../core/observability';
import { type PlanInput, planJob } from '../core/plan/plan-job';
import { summarisePlan } from '../core/plan/plan-summary';
import { protectionFromEnv } from '../core/settings';

export const handler = async (event: PlanInput, context: Context): Promise<JobState> => {
  startInvocation(event.executionId, context);
  try {
    const state = await planJob(rekognitionClient(), event, protectionFromEnv());
    logger.info('plan ready', summarisePlan(state));
    return state;
  } catch (error) {
    // The field path and rule never echo the offending value, so they are safe to log.
    if (error instanceof InvalidJobError) logger.warn('job rejected', { field: error.field, rule: error.rule });
    throw error;
  }
};
