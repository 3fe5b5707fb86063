import type { Context } from 'aws-lambda';
import { rekognitionClient } from '../core/aws/rekognition-client';
import { InvalidJobError } from '../core/errors';
import { defaultMaxDeletionsFromEnv } from '../core/job/deletion-cap';
import { logger, startInvocation } from '../core/observability';
import { planAndStore, type PlanTaskInput, type PlanTaskOutput } from '../core/plan/plan-and-store';
import { quotasFromEnv } from '../core/rates/quotas';
import { soloShare } from '../core/rates/rate-plan';
import { withRateShare } from '../core/rates/rate-share';
import { protectionFromEnv } from '../core/settings';
import { jobStore } from '../core/store/store-client';
import { TimeBudget } from '../core/time-budget';
import { PLANNING } from '../core/workers';

export const handler = async (event: PlanTaskInput, context: Context): Promise<PlanTaskOutput> => {
  startInvocation(event.executionId, context);
  try {
    const quotas = quotasFromEnv();
    // The Plan runs alone: it may use the whole quota of what it calls.
    const share = soloShare(quotas, PLANNING.operations);
    const budget = TimeBudget.fromLambdaContext(context);
    const output = await withRateShare(share, () =>
      planAndStore(rekognitionClient(), jobStore(), event, protectionFromEnv(), quotas, budget, {
        defaultMaxDeletions: defaultMaxDeletionsFromEnv(),
      }),
    );
    if ('jobId' in output)
      logger.info('plan stored', { jobId: output.jobId, dryRun: output.dryRun, lanes: output.lanes });
    else logger.info('plan continues', { planning: output.planning });
    return output;
  } catch (error) {
    // The field path and rule never echo the offending value, so they are safe to log.
    if (error instanceof InvalidJobError) logger.warn('job rejected', { field: error.field, rule: error.rule });
    throw error;
  }
};
