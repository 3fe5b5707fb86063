/**
 * Errors the state machine matches by name in Retry/Catch. Each has a stable `name` that must never change:
 * the ASL definition and other services refer to these strings.
 */

export const ErrorNames = {
  InvalidJob: 'InvalidJobError',
  MaxDeletionsExceeded: 'MaxDeletionsExceededError',
  RekognitionThrottled: 'RekognitionThrottledError',
  RekognitionUnavailable: 'RekognitionUnavailableError',
  UnsafeOperation: 'UnsafeOperationError',
  /** The Fail state of a job that could not do everything; its cause is the JSON report. */
  JobIncomplete: 'CleanupIncomplete',
  /** Thrown by the subject search (lambdas/core/subjects) when an identifier matches implausibly many faces. */
  SubjectTooBroad: 'SubjectTooBroadError',
} as const;

/** The job breaks the contract. Raised before any Rekognition call; never retried. */
export class InvalidJobError extends Error {
  override readonly name = ErrorNames.InvalidJob;
  constructor(
    /** Path of the offending field, e.g. `collections[0].select.prefix`. */
    readonly field: string,
    /** The rule it breaks, e.g. `must match [a-zA-Z0-9_.\-]+`. */
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

/** The plan would delete more than the job's `maxDeletions`. Raised before the first delete. */
export class MaxDeletionsExceededError extends Error {
  override readonly name = ErrorNames.MaxDeletionsExceeded;
  constructor(
    readonly planned: number,
    readonly maxDeletions: number,
  ) {
    // Grouped as the CLI groups every count, so the figure reads the same in progress, error and report.
    super(
      `the plan deletes ${planned.toLocaleString('en-US')} resources, more than maxDeletions=${maxDeletions}; nothing was deleted`,
    );
  }
}

/** Rekognition kept throttling after the SDK's own retries; the state machine retries with a longer backoff. */
export class RekognitionThrottledError extends Error {
  override readonly name = ErrorNames.RekognitionThrottled;
}

/** Rekognition answered 5xx after the SDK's own retries; transient, retried by the state machine. */
export class RekognitionUnavailableError extends Error {
  override readonly name = ErrorNames.RekognitionUnavailable;
}

/** A worker was asked to mutate something it must not (e.g. during a dry run). Never retried. */
export class UnsafeOperationError extends Error {
  override readonly name = ErrorNames.UnsafeOperation;
}

/** Errors worth retrying from the state machine with backoff (after the SDK's in-process retries). */
export const RETRYABLE_ERRORS: readonly string[] = [ErrorNames.RekognitionThrottled, ErrorNames.RekognitionUnavailable];
