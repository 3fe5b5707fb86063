import type { StateMachineDefinition } from '../vendor/aws-local-stepfunctions';
import { allStates } from './all-states';

/** Wait state durations in ms, scaled, for aws-local-stepfunctions' waitTimeOverrides. */
export function scaledWaits(definition: StateMachineDefinition, scale: number): Record<string, number> {
  const waits: Record<string, number> = {};
  for (const [name, state] of allStates(definition)) {
    if (state.Type === 'Wait' && typeof state.Seconds === 'number') waits[name] = state.Seconds * 1000 * scale;
  }
  return waits;
}

/**
 * A copy of the definition whose retriers wait `scale` times as long, with their backoff rate, cap and jitter
 * intact. aws-local-stepfunctions' own retryIntervalOverrides would replace every wait with one fixed interval (no
 * growth, no jitter), and ASL validation wants whole seconds, hence a copy that is run unvalidated.
 */
export function scaledRetriers(definition: StateMachineDefinition, scale: number): StateMachineDefinition {
  const copy = structuredClone(definition);
  for (const [, state] of allStates(copy)) {
    for (const retrier of state.Retry ?? []) {
      retrier.IntervalSeconds = (retrier.IntervalSeconds ?? 1) * scale;
      if (retrier.MaxDelaySeconds !== undefined) retrier.MaxDelaySeconds *= scale;
    }
  }
  return copy;
}
