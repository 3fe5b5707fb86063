import type { Context } from 'aws-lambda';
import { documentClient, eventBridgeClient, sfnClient } from '../core/erasure/clients';
import { type OutcomeResult, recordErasureOutcome } from '../core/erasure/record-outcome';
import { ErasureEnv, requiredEnv } from '../core/erasure/settings';
import { ErasureMetric } from '../core/metrics/catalogue';
import { publishMetrics } from '../core/metrics/publish-metrics';
import { logger, startInvocation } from '../core/observability';
import { jobStore } from '../core/store/store-client';

/** Target of the execution status-change rule: final receipt, ErasureCompleted/ErasureFailed, ErasuresFailed metric. */
export const handler = async (event: unknown, context: Context): Promise<OutcomeResult> => {
  const executionArn = (event as { detail?: { executionArn?: unknown } } | null)?.detail?.executionArn;
  startInvocation(typeof executionArn === 'string' ? executionArn : undefined, context);
  try {
    const result = await recordErasureOutcome(event, {
      sfn: sfnClient(),
      bus: { client: eventBridgeClient(), eventBusName: requiredEnv(ErasureEnv.EventBusName) },
      receipts: { client: documentClient(), tableName: requiredEnv(ErasureEnv.ReceiptsTable) },
      jobs: jobStore(),
    });
    if (result.kind === 'IGNORED') {
      logger.debug('execution ignored', { why: result.why });
      return result;
    }
    const recorded = result.kind === 'BATCH' ? result.recorded : [result];
    const failed = recorded.filter((receipt) => receipt.status === 'FAILED').length;
    // Zero is published too, so the alarm tells "no failure" from "no data".
    publishMetrics({ [ErasureMetric.Failed]: failed });
    for (const receipt of recorded) {
      (receipt.status === 'FAILED' ? logger.warn : logger.info).call(logger, 'erasure receipt recorded', {
        ...receipt,
        ...(result.kind === 'BATCH' ? { batchId: result.batchId } : {}),
      });
    }
    return result;
  } catch (error) {
    logger.error('recording the erasure outcome failed; the event will be retried', { error: (error as Error).name });
    throw error;
  }
};
