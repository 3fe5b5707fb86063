import type { Context } from 'aws-lambda';
import type { JobState } from '../core/contracts';
import { finalizePlan } from '../core/finalize/finalize-plan';
import { logger, startInvocation } from '../core/observability';
import { quotasFromEnv } from '../core/rates/quotas';

export const handler = async (event: JobState, context: Context): Promise<JobState> => {
  startInvocation(event.executionId, context);
  const state = finalizePlan(event, quotasFromEnv());
  logger.info('plan finalized', { totals: state.totals, dryRun: state.dryRun, rates: state.rates });
  return state;
};
