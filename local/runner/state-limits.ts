import type { EventLog, JsonValue, TaskHandlers } from './sfn-types';
import { AwsEventTypes } from './aws-history';

/** Step Functions caps every state's input and output at 256 KiB (UTF-8 bytes of the JSON text). */
export const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/**
 * "Maximum execution history size: 25,000 events. If the execution history reaches this quota the execution fails"
 * (Step Functions service quotas). The error is not documented; executions that hit it fail with States.Runtime and
 * the cause below, and the failure itself is event 25,000, so at most 24,999 events come before it. The runner cuts
 * whole runner events: a task's entry (entered, scheduled, started) that would pass the limit is not recorded, so
 * there the failure comes up to two events early, never late.
 */
export const HISTORY_EVENT_LIMIT = 25_000;
const HISTORY_LIMIT_CAUSE = `The execution reached the maximum number of history events (${HISTORY_EVENT_LIMIT}).`;

export interface StateLimitViolation {
  stateName: string;
  direction: 'input' | 'output';
  bytes: number;
}

/** aws-local-stepfunctions reads these two flags: no Retry and no Catch (not even States.ALL) can match this error. */
export class TerminalError extends Error {
  readonly isCatchable = false;
  readonly isRetryable = false;

  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * The limits AWS enforces on one execution, and the execution's fatal error once one is broken. One instance per
 * run; the event loggers of the run (the root's, and those of its Map iterations and Parallel branches) report to it
 * through `watchLogger`.
 */
export class RunLimits {
  fatal?: TerminalError;
  readonly violations: StateLimitViolation[] = [];
  private abortRoot?: () => void;
  private readonly eventTypes = new AwsEventTypes();
  private historyEvents = 0;
  /** Root events recorded before the fatal error; later ones are what the failed execution would never record. */
  private recordedEvents?: number;
  private rootEvents = 0;
  private rootWatched = false;

  constructor(private readonly historyLimit = HISTORY_EVENT_LIMIT) {}

  /** The root execution's abort: a broken limit stops every state, nested ones included, at once. */
  attach(abort: () => void): void {
    this.abortRoot = abort;
    if (this.fatal !== undefined) abort();
  }

  /** Throws the run's fatal error, if it has one: nothing starts after it. */
  refuseIfFatal(): void {
    if (this.fatal !== undefined) throw this.fatal;
  }

  /** Throws a terminal States.DataLimitExceeded if `value` is over the limit (or the run's fatal error). */
  checkSize(stateName: string, direction: 'input' | 'output', value: unknown): void {
    // The execution has failed at the first violation; what still runs after it is not part of it.
    this.refuseIfFatal();
    const bytes = Buffer.byteLength(JSON.stringify(value ?? null));
    if (bytes <= STATE_PAYLOAD_LIMIT_BYTES) return;
    this.violations.push({ stateName, direction, bytes });
    throw this.fail(
      'States.DataLimitExceeded',
      `The ${direction} of state ${stateName} is ${bytes} bytes, over the ${STATE_PAYLOAD_LIMIT_BYTES}-byte (256 KiB) limit.`,
    );
  }

  /** Every Task handler, refusing to start after a fatal error and checking its payload and result. */
  guardTasks(handlers: TaskHandlers): TaskHandlers {
    return Object.fromEntries(
      Object.entries(handlers).map(([name, handler]) => [
        name,
        async (input: JsonValue) => {
          this.refuseIfFatal();
          this.checkSize(name, 'input', input);
          const output = await handler(input);
          this.refuseIfFatal();
          this.checkSize(name, 'output', output);
          return output;
        },
      ]),
    );
  }

  /**
   * Checks each state's input as it is entered and its output as it exits, in the logger of one (root or nested)
   * execution; the first logger watched is the root's, whose events are also the history counted against the limit.
   */
  watchLogger(logger: WatchedLogger): void {
    const entered = logger.dispatchStateEnteredEvent;
    logger.dispatchStateEnteredEvent = (name, type, input) => {
      this.refuseIfFatal();
      this.checkSize(name, 'input', input);
      entered.call(logger, name, type, input);
    };
    const exited = logger.dispatchStateExitedEvent;
    logger.dispatchStateExitedEvent = (name, type, input, output) => {
      this.refuseIfFatal();
      this.checkSize(name, 'output', output);
      exited.call(logger, name, type, input, output);
    };
    if (this.rootWatched) return;
    this.rootWatched = true;
    const dispatch = logger.dispatch;
    logger.dispatch = (event) => {
      this.countHistory(event);
      this.rootEvents += 1;
      dispatch.call(logger, event);
    };
  }

  /** The run's events as the failed execution records them: up to the fatal error, then the failure. */
  recorded(events: EventLog[]): EventLog[] {
    if (this.fatal === undefined) return events;
    const failure: EventLog = {
      type: 'ExecutionFailed',
      timestamp: Date.now(),
      Error: this.fatal.name,
      Cause: this.fatal.message,
    };
    return [...events.slice(0, this.recordedEvents ?? events.length), failure];
  }

  private countHistory(event: EventLog): void {
    if (this.fatal !== undefined) return;
    const count = this.eventTypes.of(event).length;
    const closing = event.type !== 'ExecutionStarted' && event.type.startsWith('Execution');
    if (!closing && this.historyEvents + count >= this.historyLimit) {
      this.fail('States.Runtime', HISTORY_LIMIT_CAUSE);
      return;
    }
    this.historyEvents += count;
  }

  private fail(name: string, message: string): TerminalError {
    if (this.fatal === undefined) {
      this.fatal = new TerminalError(name, message);
      this.recordedEvents = this.rootEvents;
      this.abortRoot?.();
    }
    return this.fatal;
  }
}

/** The part of aws-local-stepfunctions' (unexported) EventLogger that the limits wrap. */
export interface WatchedLogger {
  dispatch(event: EventLog): void;
  dispatchStateEnteredEvent(name: string, type: string, input: unknown): void;
  dispatchStateExitedEvent(name: string, type: string, input: unknown, output: unknown): void;
}
