import type { EventLog } from '../../local/runner';
import { lambdaErrorMessage } from '../../lambdas/core/report/failure-text';
import { stepFailureLine, stepProgressLine } from './step-progress';

/**
 * One line per meaningful step of a local run, from the runner's events: the plan, then each worker's cumulative
 * progress. Written to stderr, so `--json` output stays clean.
 */
export function localProgressLine(event: EventLog): string | undefined {
  // A lane's failure Pass state is entered with the failure: the same line a deployed run's history gives.
  if (event.type === 'StateEntered' && event.state.type === 'Pass') {
    return stepFailureLine(
      event.state.name,
      event.state.input,
      (cause) => lambdaErrorMessage(cause).split('\n')[0] ?? '',
    );
  }
  if (event.type !== 'StateExited') return undefined;
  return stepProgressLine(event.state.name, event.state.input, event.state.output);
}
