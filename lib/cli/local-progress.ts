import type { EventLog } from '../../local/runner';
import { stepProgressLine } from './step-progress';

/**
 * One line per meaningful step of a local run, from the runner's events: the plan, then each worker's cumulative
 * progress. Written to stderr, so `--json` output stays clean.
 */
export function localProgressLine(event: EventLog): string | undefined {
  if (event.type !== 'StateExited') return undefined;
  return stepProgressLine(event.state.name, event.state.input, event.state.output);
}
