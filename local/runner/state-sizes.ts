import { STATE } from '../../lib/workflow/state-names';
import type { WorkflowRun } from './run-workflow';

/** What the issue sets as the bound for every job size: a quarter of Step Functions' 256 KiB. */
export const STATE_BYTES_TARGET = 64 * 1024;

/** The states that carry the job as it was started: its size is the caller's (StartExecution caps it at 256 KiB). */
const JOB_STATES = new Set<string>([STATE.readJob, STATE.plan, STATE.planDone]);

/** The states whose input and output are the execution's input itself, unwrapped. */
const INPUT_STATES = new Set<string>([STATE.erasureBatch, STATE.readJob]);

export interface LargestState {
  bytes: number;
  where: string;
}

/**
 * The largest input or output of any state of a run that the workflow itself makes (every state from the end of the
 * Plan on), in UTF-8 bytes of its JSON, and where it was.
 */
export function largestState(run: WorkflowRun): LargestState {
  let largest = { bytes: 0, where: 'nowhere' };
  for (const event of run.events) {
    if (event.type !== 'StateEntered' && event.type !== 'StateExited') continue;
    if (INPUT_STATES.has(event.state.name)) continue;
    if (JOB_STATES.has(event.state.name) && JSON.stringify(event.state.input).includes('"job"')) continue;
    const value = event.type === 'StateEntered' ? event.state.input : event.state.output;
    const bytes = Buffer.byteLength(JSON.stringify(value ?? null));
    if (bytes > largest.bytes) largest = { bytes, where: `${event.state.name} ${event.type}` };
  }
  return largest;
}
