import { awsHistoryLength } from './aws-history';
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

/** Counts from the runner's events; history events by the same model as the history the CLI writes. */
export function statsFromEvents(events: EventLog[]): ExecutionStats {
  const statesEntered: Record<string, number> = {};
  let lambdaInvocations = 0;
  let retries = 0;
  let transitions = 0;
  for (const event of events) {
    if (event.type === 'StateEntered') {
      transitions += 1;
      statesEntered[event.state.name] = (statesEntered[event.state.name] ?? 0) + 1;
      if (event.state.type === 'Task') lambdaInvocations += 1;
    } else if (event.type === 'StateRetried') {
      retries += 1;
      transitions += 1;
      if (event.state.type === 'Task') lambdaInvocations += 1;
    }
  }
  return {
    stateTransitions: transitions,
    lambdaInvocations,
    historyEvents: awsHistoryLength(events),
    retries,
    statesEntered,
  };
}
