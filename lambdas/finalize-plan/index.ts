import type { Context } from 'aws-lambda';
import type { JobRef } from '../core/contracts';
import { finalizeStoredPlan } from '../core/finalize/finalize-stored-plan';
import { logger, startInvocation } from '../core/observability';
import { quotasFromEnv } from '../core/rates/quotas';
import { jobStore } from '../core/store/store-client';

export const handler = async (event: JobRef, context: Context): Promise<JobRef> => {
  startInvocation(event.executionId, context);
  const ref = await finalizeStoredPlan(jobStore(), event, quotasFromEnv());
  logger.info('plan finalized', { jobId: ref.jobId, totals: ref.totals, dryRun: ref.dryRun, rates: ref.rates });
  return ref;
};
