import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './metrics/catalogue';

/**
 * The one Powertools Logger every function uses. Handlers set the execution id as correlation id so one job's logs
 * can be followed across functions.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME });

/** Set by the stack on every function whose code hashes subject ids (lib/constructs/subject-hash-salt.ts). */
export const SUBJECT_HASH_SALT_ENV = 'SUBJECT_HASH_SALT';

/** Outside Lambda only (local runner, tests, CLI): never used by a deployed function. */
const DEVELOPMENT_SALT = 'rekognition-cleanup';

/**
 * Subject identifiers (user ids, external image ids) are personal data: logs, metrics and errors carry this hash
 * instead. The salt is per deployment so hashes cannot be joined across deployments or organisations.
 */
export function hashSubjectId(id: string): string {
  return `sha256:${createHash('sha256').update(`${subjectHashSalt()}:${id}`).digest('hex').slice(0, 16)}`;
}

function subjectHashSalt(env: NodeJS.ProcessEnv = process.env): string {
  const salt = env[SUBJECT_HASH_SALT_ENV];
  if (salt !== undefined && salt !== '') return salt;
  // A deployed function without its salt would silently share hashes with every other deployment: refuse.
  if (env.AWS_LAMBDA_FUNCTION_NAME !== undefined) throw new Error(`${SUBJECT_HASH_SALT_ENV} is not set`);
  return DEVELOPMENT_SALT;
}

/** Call at the start of every handler. */
export function startInvocation(executionId: string | undefined, context?: unknown): void {
  logger.setCorrelationId(executionId ?? 'unknown');
  if (context !== undefined) logger.addContext(context as Parameters<Logger['addContext']>[0]);
}
