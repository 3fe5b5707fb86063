import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './metrics/catalogue';

/**
 * The one Powertools Logger every function uses. Handlers set the execution id as correlation id so one job's logs
 * can be followed across functions.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME });

/** Call at the start of every handler. */
export function startInvocation(executionId: string | undefined, context?: unknown): void {
  logger.setCorrelationId(executionId ?? 'unknown');
  if (context !== undefined) logger.addContext(context as Parameters<Logger['addContext']>[0]);
}
