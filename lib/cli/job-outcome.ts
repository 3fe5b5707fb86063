import { ErrorNames } from '../../lambdas/core/errors';
import { lambdaErrorMessage } from '../../lambdas/core/report/failure-text';
import type { CleanupReport } from '../../lambdas/core/report/types';
import { ExitCode } from './io';

/** How an execution ended, whether it ran locally or in AWS: the report when there is one, else the error. */
export interface JobOutcome {
  status: 'SUCCEEDED' | 'FAILED' | 'RUNNING' | 'ABORTED' | 'TIMED_OUT';
  report?: CleanupReport;
  error?: string;
  cause?: string;
}

/**
 * An incomplete job fails with `CleanupIncomplete` and its report as cause; a rejected job fails with the
 * validation or maxDeletions error. Both are turned back into something a person or a script can act on.
 */
export function outcomeFromExecution(
  status: JobOutcome['status'],
  output?: unknown,
  error?: string,
  cause?: string,
  /** The whole report from the job store, when it could be read (the output and cause may hold a shortened one). */
  storedReport?: CleanupReport,
): JobOutcome {
  if (storedReport !== undefined && (status === 'SUCCEEDED' || error === ErrorNames.JobIncomplete)) {
    return { status, report: storedReport, ...(error === undefined ? {} : { error }) };
  }
  if (status === 'SUCCEEDED') return { status, report: output as CleanupReport };
  if (error === ErrorNames.JobIncomplete && cause !== undefined) {
    try {
      return { status, report: JSON.parse(cause) as CleanupReport, error };
    } catch {
      // Fall through: the cause was cut short.
    }
  }
  return {
    status,
    ...(error !== undefined ? { error } : {}),
    ...(cause !== undefined ? { cause: lambdaErrorMessage(cause) } : {}),
  };
}

export function exitCodeOf(outcome: JobOutcome): number {
  if (outcome.status === 'SUCCEEDED' && outcome.report?.status === 'SUCCEEDED') return ExitCode.Succeeded;
  if (outcome.error === 'InvalidJobError') return ExitCode.Usage;
  return ExitCode.Failed;
}

/** What `--json` prints: the report, or the error when the job never got to one. */
export function outcomeJson(outcome: JobOutcome): unknown {
  return outcome.report ?? { status: outcome.status, error: outcome.error, cause: outcome.cause };
}
