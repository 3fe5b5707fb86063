import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { progressLine, shortMessage } from './progress-text';
import { type ProgressEvent, stepFailureOf, stepProgressOf } from './step-progress';

/** Attempts that failed; Step Functions retries them or records the item's failure (a later line says which). */
const ATTEMPT_FAILURES: Record<string, (event: HistoryEvent) => { error?: string } | undefined> = {
  LambdaFunctionFailed: (event) => event.lambdaFunctionFailedEventDetails,
  LambdaFunctionTimedOut: (event) => event.lambdaFunctionTimedOutEventDetails,
  LambdaFunctionStartFailed: (event) => event.lambdaFunctionStartFailedEventDetails,
  LambdaFunctionScheduleFailed: (event) => event.lambdaFunctionScheduleFailedEventDetails,
  TaskFailed: (event) => event.taskFailedEventDetails,
  TaskTimedOut: (event) => event.taskTimedOutEventDetails,
};

/**
 * Turns a deployed execution's history into the progress a person follows: the plan and its counts, each
 * worker's cumulative progress, failures, and how the execution ended. Feed it every event in order: Lambda events
 * name only their predecessor, so the state they belong to is carried forward from the `...StateEntered` event that
 * started the chain.
 */
export class HistoryProgress {
  private readonly stateOfEvent = new Map<number, string>();

  event(event: HistoryEvent): ProgressEvent | undefined {
    const id = event.id ?? 0;
    const entered = event.stateEnteredEventDetails;
    if (entered?.name !== undefined) this.stateOfEvent.set(id, entered.name);
    else if (event.previousEventId !== undefined) {
      const state = this.stateOfEvent.get(event.previousEventId);
      if (state !== undefined) this.stateOfEvent.set(id, state);
    }
    return this.read(event, this.stateOfEvent.get(id));
  }

  /** The event as a plain line (grouped digits, short messages). */
  line(event: HistoryEvent): string | undefined {
    const progress = this.event(event);
    return progress === undefined ? undefined : progressLine(progress, { message: shortMessage });
  }

  private read(event: HistoryEvent, state: string | undefined): ProgressEvent | undefined {
    const type = event.type ?? '';
    if (type === 'TaskStateExited' && event.stateExitedEventDetails !== undefined) {
      const { name, output } = event.stateExitedEventDetails;
      const parsed = parse(output);
      return name === undefined || parsed === undefined ? undefined : stepProgressOf(name, parsed);
    }
    if (type === 'PassStateEntered' && event.stateEnteredEventDetails?.name !== undefined) {
      const { name, input } = event.stateEnteredEventDetails;
      return stepFailureOf(name, parse(input));
    }
    const attempt = ATTEMPT_FAILURES[type]?.(event);
    if (attempt !== undefined) return { type: 'attemptFailed', state: state ?? 'a step', error: attempt.error ?? type };
    const ended = ENDINGS[type];
    if (ended === undefined) return undefined;
    const error = event.executionFailedEventDetails?.error;
    return { type: 'executionEnded', status: ended, ...(error === undefined ? {} : { error }) };
  }
}

const ENDINGS: Record<string, 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT'> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};

/** History data is JSON, unless Step Functions truncated it (then the line is skipped, not wrong). */
function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The last few progress lines of a history excerpt (oldest first), for `status` on a running execution. */
export function latestProgressLines(events: readonly HistoryEvent[], max = 5): string[] {
  const progress = new HistoryProgress();
  const lines = events.map((event) => progress.line(event)).filter((line): line is string => line !== undefined);
  return lines.slice(-max);
}
