import type { Context } from 'aws-lambda';
import { documentClient, eventBridgeClient, sfnClient } from '../core/erasure/clients';
import { type IntakeOutcome, takeErasureRequest } from '../core/erasure/intake';
import { requestersFromEnv } from '../core/erasure/requesters';
import { batchWindowSecondsFromEnv, ErasureEnv, requiredEnv, slaSecondsFromEnv } from '../core/erasure/settings';
import { logger, startInvocation } from '../core/observability';
import { jobStore } from '../core/store/store-client';

/**
 * Target of the ErasureRequested rule. Invalid requests are answered, not thrown; AWS errors are thrown so Lambda
 * retries the event and, after the last retry, sends it to the intake's dead-letter queue.
 */
export const handler = async (event: unknown, context: Context): Promise<IntakeOutcome> => {
  const eventId = (event as { id?: unknown } | null)?.id;
  startInvocation(typeof eventId === 'string' ? eventId : undefined, context);
  try {
    const outcome = await takeErasureRequest(event, {
      sfn: sfnClient(),
      bus: { client: eventBridgeClient(), eventBusName: requiredEnv(ErasureEnv.EventBusName) },
      receipts: { client: documentClient(), tableName: requiredEnv(ErasureEnv.ReceiptsTable) },
      stateMachineArn: requiredEnv(ErasureEnv.StateMachineArn),
      requesters: requestersFromEnv(),
      slaSeconds: slaSecondsFromEnv(),
      jobs: jobStore(),
      batchWindowSeconds: batchWindowSecondsFromEnv(),
    });
    // Request ids, subject refs and reasons (field paths and rules) carry no subject identifiers.
    if (outcome.kind === 'REJECTED') logger.warn('erasure request rejected', { ...outcome });
    else logger.info(`erasure request ${outcome.kind.toLowerCase()}`, { ...outcome });
    return outcome;
  } catch (error) {
    logger.error('erasure intake failed; the event will be retried', { error: (error as Error).name });
    throw error;
  }
};
