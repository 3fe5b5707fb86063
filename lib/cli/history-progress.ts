import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { lambdaErrorMessage } from '../../lambdas/core/report/failure-text';
import { groupedCount, stepFailureLine, stepProgressLine } from './step-progress';

/** Attempts that failed; Step Functions retries them or records the item's failure (a later line says which). */
const ATTEMPT_FAILURES: Record<string, (event: HistoryEvent) => { error?: string } | undefined> = {
  LambdaFunctionFailed: (event) => event.lambdaFunctionFailedEventDetails,
  LambdaFunctionTimedOut: (event) => event.lambdaFunctionTimedOutEventDetails,
  LambdaFunctionStartFailed: (event) => event.lambdaFunctionStartFailedEventDetails,
  LambdaFunctionScheduleFailed: (event) => event.lambdaFunctionScheduleFailedEventDetails,
  TaskFailed: (event) => event.taskFailedEventDetails,
  TaskTimedOut: (event) => event.taskTimedOutEventDetails,
};

const MAX_MESSAGE = 200;

/**
 * Turns a deployed execution's history into the progress lines a person follows: the plan and its counts, each
 * worker's cumulative progress, version statuses while they are polled, failures, and how the execution ended.
 * Feed it every event in order: Lambda events name only their predecessor, so the state they belong to is
 * carried forward from the `...StateEntered` event that started the chain.
 */
export class HistoryProgress {
  private readonly stateOfEvent = new Map<number, string>();

  line(event: HistoryEvent): string | undefined {
    const id = event.id ?? 0;
    const entered = event.stateEnteredEventDetails;
    if (entered?.name !== undefined) this.stateOfEvent.set(id, entered.name);
    else if (event.previousEventId !== undefined) {
      const state = this.stateOfEvent.get(event.previousEventId);
      if (state !== undefined) this.stateOfEvent.set(id, state);
    }
    return this.render(event, this.stateOfEvent.get(id));
  }

  private render(event: HistoryEvent, state: string | undefined): string | undefined {
    const type = event.type ?? '';
    if (type === 'TaskStateExited' && event.stateExitedEventDetails !== undefined) {
      const { name, output } = event.stateExitedEventDetails;
      const parsed = parse(output);
      return name === undefined || parsed === undefined
        ? undefined
        : stepProgressLine(name, undefined, parsed, groupedCount);
    }
    if (type === 'PassStateEntered' && event.stateEnteredEventDetails?.name !== undefined) {
      const { name, input } = event.stateEnteredEventDetails;
      return stepFailureLine(name, parse(input), shortMessage);
    }
    const attempt = ATTEMPT_FAILURES[type]?.(event);
    if (attempt !== undefined) {
      // The error name only: causes of subject steps may quote identifiers, and the retry usually fixes it anyway.
      return `  ${state ?? 'a step'}: attempt failed (${attempt.error ?? type}); retried or recorded per the workflow's policy`;
    }
    switch (type) {
      case 'ExecutionSucceeded':
        return 'execution succeeded';
      case 'ExecutionFailed':
        return `execution failed: ${event.executionFailedEventDetails?.error ?? 'unknown error'}`;
      case 'ExecutionAborted':
        return 'execution aborted (stopped by someone)';
      case 'ExecutionTimedOut':
        return 'execution timed out';
      default:
        return undefined;
    }
  }
}

/** History data is JSON, unless Step Functions truncated it (then the line is skipped, not wrong). */
function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function shortMessage(cause: string): string {
  const message = (lambdaErrorMessage(cause).split('\n')[0] ?? '').trim();
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message;
}

/** The last few progress lines of a history excerpt (oldest first), for `status` on a running execution. */
export function latestProgressLines(events: readonly HistoryEvent[], max = 5): string[] {
  const progress = new HistoryProgress();
  const lines = events.map((event) => progress.line(event)).filter((line): line is string => line !== undefined);
  return lines.slice(-max);
}
