import type { EventLog } from './sfn-types';

/** One event as `aws stepfunctions get-execution-history` prints it (inputs and outputs are JSON text). */
export interface AwsHistoryEvent {
  timestamp: string;
  type: string;
  id: number;
  previousEventId: number;
  [details: `${string}EventDetails`]: Record<string, unknown> | undefined;
}

const STATE_EVENT_PREFIX: Record<string, string> = {
  Task: 'Task',
  Map: 'Map',
  Parallel: 'Parallel',
  Pass: 'Pass',
  Choice: 'Choice',
  Wait: 'Wait',
  Succeed: 'Succeed',
  Fail: 'Fail',
};

/**
 * The Step Functions history event types that one runner event stands for, in order: the single model behind both
 * the history the CLI writes and the count checked against the 25,000-event limit. A Lambda task is entered,
 * scheduled, started, succeeded or failed, and exited; each retry is scheduled, started and succeeds or fails again;
 * a caught failure still exits. Map and Parallel are entered, started, succeeded and exited, with a started and a
 * succeeded (or failed) event per Map iteration; Parallel branches have no events of their own. A Fail state is
 * entered only.
 *
 * A Task whose Resource is a Lambda ARN writes LambdaFunction* events; an integration (`arn:aws:states:::...`)
 * writes Task* events. Both count the same.
 */
export class AwsEventTypes {
  /** States whose current attempt already failed: their exit (after a Catch) writes no success event. */
  private readonly failedAttempts = new Set<string>();

  constructor(readonly resourceOf: (stateName: string) => string | undefined = () => undefined) {}

  of(event: EventLog): string[] {
    switch (event.type) {
      case 'ExecutionStarted':
      case 'ExecutionSucceeded':
      case 'ExecutionFailed':
      case 'ExecutionAborted':
        return [event.type];
      case 'ExecutionTimeout':
        return ['ExecutionTimedOut'];
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        return [event.type];
      case 'StateEntered':
        this.failedAttempts.delete(attemptKey(event));
        return [`${prefix(event.state.type)}StateEntered`, ...this.started(event.state.name, event.state.type)];
      case 'StateRetried':
        this.failedAttempts.delete(attemptKey(event));
        return event.state.type === 'Task' ? this.started(event.state.name, 'Task') : [];
      case 'StateFailed':
        this.failedAttempts.add(attemptKey(event));
        return this.ended(event.state.name, event.state.type, 'Failed');
      case 'StateExited': {
        const failed = this.failedAttempts.delete(attemptKey(event));
        const type = event.state.type;
        return [...(failed ? [] : this.ended(event.state.name, type, 'Succeeded')), `${prefix(type)}StateExited`];
      }
      default:
        return [];
    }
  }

  private started(stateName: string, stateType: string): string[] {
    if (stateType === 'Task') {
      const task = this.taskPrefix(stateName);
      return [`${task}Scheduled`, `${task}Started`];
    }
    return stateType === 'Map' || stateType === 'Parallel' ? [`${stateType}StateStarted`] : [];
  }

  private ended(stateName: string, stateType: string, outcome: 'Succeeded' | 'Failed'): string[] {
    if (stateType === 'Task') return [`${this.taskPrefix(stateName)}${outcome}`];
    return stateType === 'Map' || stateType === 'Parallel' ? [`${stateType}State${outcome}`] : [];
  }

  taskPrefix(stateName: string): 'LambdaFunction' | 'Task' {
    return this.resourceOf(stateName)?.startsWith('arn:aws:lambda:') === true ? 'LambdaFunction' : 'Task';
  }
}

function prefix(stateType: string): string {
  return STATE_EVENT_PREFIX[stateType] ?? stateType;
}

function attemptKey(event: { state: { name: string }; index?: number }): string {
  return `${event.index ?? ''}/${event.state.name}`;
}

export interface AwsHistoryOptions {
  /** A Task state's Resource, to name its events as AWS does (LambdaFunction* or Task*). */
  resourceOf?: (stateName: string) => string | undefined;
}

/**
 * The runner's events as the history `get-execution-history` returns: `{"events": [...]}` with 1-based ids. Each
 * event's previousEventId is the event before it in the same Map iteration (or at the top level), so a Lambda
 * event names its own state's entry even while iterations interleave. aws-local-stepfunctions forwards a Map
 * iteration's events asynchronously, so events of concurrent iterations may appear in a slightly different order
 * than AWS would record them; their number is exact.
 */
export function awsHistory(events: EventLog[], options: AwsHistoryOptions = {}): { events: AwsHistoryEvent[] } {
  const types = new AwsEventTypes(options.resourceOf);
  const lastIdOfScope = new Map<string, number>();
  const history: AwsHistoryEvent[] = [];
  for (const event of events) {
    const scope = 'index' in event && event.index !== undefined ? String(event.index) : '';
    for (const type of types.of(event)) {
      const id = history.length + 1;
      history.push({
        timestamp: new Date(event.timestamp).toISOString(),
        type,
        id,
        previousEventId: lastIdOfScope.get(scope) ?? history.length,
        ...details(type, event, types),
      });
      lastIdOfScope.set(scope, id);
      if (type === 'MapIterationSucceeded' || type === 'MapIterationFailed') lastIdOfScope.delete(scope);
    }
  }
  return { events: history };
}

/** Only the number of events: what counts against the limit, without rendering any input or output. */
export function awsHistoryLength(events: EventLog[]): number {
  const types = new AwsEventTypes();
  return events.reduce((count, event) => count + types.of(event).length, 0);
}

const json = (value: unknown) => JSON.stringify(value ?? null);
const untruncated = { truncated: false };

function details(type: string, event: EventLog, types: AwsEventTypes): Record<string, Record<string, unknown>> {
  switch (event.type) {
    case 'ExecutionStarted':
      return { executionStartedEventDetails: { input: json(event.input), inputDetails: untruncated } };
    case 'ExecutionSucceeded':
      return { executionSucceededEventDetails: { output: json(event.output), outputDetails: untruncated } };
    case 'ExecutionFailed':
      return { executionFailedEventDetails: { error: event.Error, cause: causeText(event.Cause) } };
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return { [`${lowerFirst(type)}EventDetails`]: { name: event.parentState.name, index: event.index } };
    case 'StateEntered':
    case 'StateExited':
    case 'StateFailed':
    case 'StateRetried':
      return stateDetails(type, event, types);
    default:
      return {};
  }
}

function stateDetails(
  type: string,
  event: Extract<EventLog, { state: unknown }>,
  types: AwsEventTypes,
): Record<string, Record<string, unknown>> {
  const { name, input, output } = event.state;
  if (type.endsWith('StateEntered')) {
    return { stateEnteredEventDetails: { name, input: json(input), inputDetails: untruncated } };
  }
  if (type.endsWith('StateExited')) {
    return { stateExitedEventDetails: { name, output: json(output), outputDetails: untruncated } };
  }
  // Map and Parallel outcomes carry no details in AWS; only a task's do.
  if (!type.startsWith('Task') && !type.startsWith('LambdaFunction')) return {};
  const key = `${lowerFirst(type)}EventDetails`;
  if (type === 'LambdaFunctionScheduled') return { [key]: { resource: types.resourceOf(name), input: json(input) } };
  if (type === 'TaskScheduled') {
    return { [key]: { resourceType: 'lambda', resource: 'invoke', parameters: json({ Payload: input }) } };
  }
  // The runner sees the state's output, after ResultSelector and ResultPath; AWS shows the raw result here.
  if (type.endsWith('Succeeded')) return { [key]: { output: json(output), outputDetails: untruncated } };
  if (event.type === 'StateFailed') return { [key]: { error: event.Error, cause: causeText(event.Cause) } };
  return {};
}

function causeText(cause: unknown): string {
  return typeof cause === 'string' ? cause : JSON.stringify(cause);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A finished run's history, its tasks' events named after their resources. */
export function awsHistoryOfRun(run: { events: EventLog[]; taskResources: Record<string, string> }): {
  events: AwsHistoryEvent[];
} {
  return awsHistory(run.events, { resourceOf: (stateName) => run.taskResources[stateName] });
}
