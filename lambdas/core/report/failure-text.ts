import type { TaskFailure } from '../contracts';

/**
 * A caught Lambda error's Cause is the JSON Lambda produced ({errorType, errorMessage, trace}); the report keeps only
 * the message, so stack traces never reach receipts or other services.
 */
export function failureText(failure: TaskFailure): string {
  if (failure.Cause === undefined || failure.Cause === '') return failure.Error;
  return `${failure.Error}: ${lambdaErrorMessage(failure.Cause)}`;
}

/** The errorMessage of Lambda's JSON error document; a plain-text cause (States.* errors) as it is. */
export function lambdaErrorMessage(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Not JSON: a States.* error carries plain text.
  }
  return cause;
}
