import {
  type LargestState,
  largestState,
  runWorkflow,
  type RunWorkflowOptions,
  type WorkflowRun,
} from '../local/runner';

export { largestState, STATE_BYTES_TARGET } from '../local/runner';

/**
 * The largest state of every run made through `measuredRun` since the last `reset`. Module-wide on purpose:
 * `maxStateBytes` must cover every run of every scenario, and a scenario that forgot to pass a log along would
 * silently escape the bound.
 */
let seen: LargestState = { bytes: 0, where: 'no run yet' };

export function resetStateSizes(): void {
  seen = { bytes: 0, where: 'no run yet' };
}

export function largestStateSeen(): LargestState {
  return seen;
}

/** A run made elsewhere (a child process) counts as much as one made here. */
export function recordLargestState(bytes: number, where: string): void {
  if (bytes > seen.bytes) seen = { bytes, where };
}

/** `runWorkflow`, recording the run's largest state. Every bench scenario runs the workflow through this. */
export async function measuredRun(options: RunWorkflowOptions): Promise<WorkflowRun> {
  const run = await runWorkflow(options);
  const largest = largestState(run);
  recordLargestState(largest.bytes, `${run.executionName}: ${largest.where}`);
  return run;
}
