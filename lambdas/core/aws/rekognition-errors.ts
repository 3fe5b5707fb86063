import { RekognitionThrottledError, RekognitionUnavailableError } from '../errors';

/** Throttling error codes Rekognition uses; the SDK's standard retry strategy already backs off on these. */
const THROTTLING = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'LimitExceededException']);
const SERVER_FAULTS = new Set(['InternalServerError', 'ServiceUnavailableException']);

/** The error name an SDK exception carries (`ResourceNotFoundException`, ...), or undefined for non-errors. */
export function errorNameOf(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

export function isErrorNamed(error: unknown, ...names: string[]): boolean {
  const name = errorNameOf(error);
  return name !== undefined && names.includes(name);
}

/**
 * The account's TPS quota refused the call: Rekognition's ProvisionedThroughputExceededException ("the number of
 * requests exceeded your throughput limit"). This is the signal the closed loop follows. ThrottlingException ("the
 * service is temporarily unable to process the request") says nothing about the quota: it comes at random, whatever
 * the rate, and a loop that cut on it would sink to its floor (TCP over a lossy link); the SDK's backoff answers it.
 */
export function isQuotaRefusal(error: unknown): boolean {
  return isErrorNamed(error, 'ProvisionedThroughputExceededException');
}

export function isNotFound(error: unknown): boolean {
  return isErrorNamed(error, 'ResourceNotFoundException');
}

/**
 * Re-throws what the SDK gave up on as one of our named errors, so the state machine's Retry can match it:
 * the SDK retries throttling and 5xx in-process first; when that is exhausted the state machine waits longer.
 * Anything else is re-thrown unchanged.
 */
export function classifyRekognitionError(error: unknown): never {
  const name = errorNameOf(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (name !== undefined && THROTTLING.has(name)) {
    throw new RekognitionThrottledError(`Rekognition throttled the request (${name}) after the SDK's retries`);
  }
  if ((name !== undefined && SERVER_FAULTS.has(name)) || (status !== undefined && status >= 500)) {
    throw new RekognitionUnavailableError(`Rekognition answered ${name ?? status} after the SDK's retries`);
  }
  throw error;
}
