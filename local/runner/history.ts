import type { EventLog } from './sfn-types';

/** What one execution cost, counted from the runner's event log. */
export interface ExecutionStats {
  /** Billed state transitions: every state entered, plus every retry. */
  stateTransitions: number;
  lambdaInvocations: number;
  /** Step Functions history events this execution would write (the 25,000-event limit applies to these). */
  historyEvents: number;
  retries: number;
  /** Times each state was entered, by name. */
  statesEntered: Record<string, number>;
}

/**
 * History events per state, as Step Functions records them for a Standard workflow: a Lambda task writes
 * entered, scheduled, started, succeeded/failed and exited; Pass, Choice and Wait write entered and exited; a Map
 * writes entered, started, succeeded and exited plus two per iteration; a Parallel four.
 */
export function statsFromEvents(events: EventLog[]): ExecutionStats {
  const statesEntered: Record<string, number> = {};
  let historyEvents = 0;
  let lambdaInvocations = 0;
  let retries = 0;
  let transitions = 0;
  for (const event of events) {
    switch (event.type) {
      case 'ExecutionStarted':
      case 'ExecutionSucceeded':
      case 'ExecutionFailed':
      case 'ExecutionAborted':
      case 'ExecutionTimeout':
        historyEvents += 1;
        break;
      case 'StateEntered': {
        transitions += 1;
        statesEntered[event.state.name] = (statesEntered[event.state.name] ?? 0) + 1;
        const type = event.state.type;
        if (type === 'Task') {
          lambdaInvocations += 1;
          historyEvents += 5;
        } else if (type === 'Map' || type === 'Parallel') {
          historyEvents += 4;
        } else {
          historyEvents += 2;
        }
        break;
      }
      case 'StateRetried':
        retries += 1;
        transitions += 1;
        lambdaInvocations += event.state.type === 'Task' ? 1 : 0;
        historyEvents += 3;
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        historyEvents += 1;
        break;
      default:
        break;
    }
  }
  return { stateTransitions: transitions, lambdaInvocations, historyEvents, retries, statesEntered };
}
