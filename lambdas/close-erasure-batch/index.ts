import type { Context } from 'aws-lambda';
import { closeErasureBatch } from '../core/erasure/close-batch';
import type { StoredJobRef } from '../core/job/stored-job';
import { logger, startInvocation } from '../core/observability';
import { jobStore } from '../core/store/store-client';

/** After a batch's window: close it and store its members' subjects as one job; the execution runs that job. */
export const handler = async (event: unknown, context: Context): Promise<StoredJobRef> => {
  const batchId = (event as { erasureBatch?: unknown } | null)?.erasureBatch;
  startInvocation(typeof batchId === 'string' ? batchId : undefined, context);
  const ref = await closeErasureBatch(jobStore(), event);
  // The batch id and the job's key are references: neither is personal data.
  logger.info('erasure batch closed', { batchId, storedJob: ref.storedJob });
  return ref;
};
