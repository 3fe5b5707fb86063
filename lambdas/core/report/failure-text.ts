import type { TaskFailure } from '../contracts';

/**
 * A caught Lambda error's Cause is the JSON Lambda produced ({errorType, errorMessage, trace}); the report keeps only
 * the message, so stack traces never reach receipts or other services.
 */
export function failureText(failure: TaskFailure): string {
  if (failure.Cause === undefined || failure.Cause === '') return failure.Error;
  try {
    const parsed = JSON.parse(failure.Cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return `${failure.Error}: ${parsed.errorMessage}`;
  } catch {
    // Not JSON: a States.* error carries plain text.
  }
  return `${failure.Error}: ${failure.Cause}`;
}
