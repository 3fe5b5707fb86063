import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one Powertools Logger every function uses. Handlers set the execution id as correlation id so one job's logs
 * can be followed across functions.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rekognition-cleanup' });

/**
 * Subject identifiers (user ids, external image ids) are personal data: logs, metrics and errors carry this hash
 * instead. The salt is per deployment so hashes cannot be joined across organisations.
 */
export function hashSubjectId(id: string): string {
  const salt = process.env.SUBJECT_HASH_SALT ?? 'rekognition-cleanup';
  return `sha256:${createHash('sha256').update(`${salt}:${id}`).digest('hex').slice(0, 16)}`;
}

/** Call at the start of every handler. */
export function startInvocation(executionId: string | undefined, context?: unknown): void {
  logger.setCorrelationId(executionId ?? 'unknown');
  if (context !== undefined) logger.addContext(context as Parameters<Logger['addContext']>[0]);
}
