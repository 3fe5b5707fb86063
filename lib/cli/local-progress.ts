import type { EventLog } from '../../local/runner';
import { progressLine, shortMessage } from './progress-text';
import { type ProgressEvent, stepFailureOf, stepProgressOf } from './step-progress';

/**
 * The progress of a local run, from the runner's events: the same typed progress a deployed run's history gives.
 * The runner's events carry both input and output, so a failure Pass state is read on entry, a step on exit.
 */
export function localProgressEvent(event: EventLog): ProgressEvent | undefined {
  if (event.type === 'StateEntered' && event.state.type === 'Pass')
    return stepFailureOf(event.state.name, event.state.input);
  if (event.type !== 'StateExited') return undefined;
  return stepProgressOf(event.state.name, event.state.output);
}

/** The event as a plain line (the demo's log). */
export function localProgressLine(event: EventLog): string | undefined {
  const progress = localProgressEvent(event);
  return progress === undefined ? undefined : progressLine(progress, { message: shortMessage });
}
