import { ProjectVersionStatus } from '@aws-sdk/client-rekognition';

/**
 * What `action: "STOP"` does about a version in each status, at plan time and at every poll. One table for both, so
 * the dry run shows exactly what the real run stops:
 * - STOP: serving or about to (billed per inference unit-hour). The plan selects it; a poll calls
 *   StopProjectVersion, then waits until STOPPED.
 * - WAIT: on its way to STOPPED already (someone stopped it). The plan selects it; polls wait until STOPPED.
 * - AT_REST: nothing runs, so there is nothing to stop. The plan says so in a note and selects nothing; a target
 *   found at rest when polled is done (NOT_RUNNING, or STOPPED when this job's StopProjectVersion got it there).
 * Training and copying cannot be stopped (the API has no call for it) and end in a model that runs only once
 * someone starts it: they are at rest for STOP. A stopped version is kept: STOP never deletes anything.
 */
export type StopStep = 'STOP' | 'WAIT' | 'AT_REST';

export interface StopRule {
  step: StopStep;
  /** Why, as the plan's note and the docs say it. */
  why: string;
}

// A full Record: a status added to the SDK fails the type check until someone decides what STOP does with it.
const STOP_RULES: Record<ProjectVersionStatus, StopRule> = {
  [ProjectVersionStatus.RUNNING]: { step: 'STOP', why: 'serving: stopped, then kept' },
  [ProjectVersionStatus.STARTING]: {
    step: 'STOP',
    why: 'starting: stopped (retried while the service refuses it mid-start), then kept',
  },
  [ProjectVersionStatus.STOPPING]: { step: 'WAIT', why: 'already stopping: waited for until STOPPED, then kept' },
  [ProjectVersionStatus.STOPPED]: { step: 'AT_REST', why: 'already stopped' },
  [ProjectVersionStatus.TRAINING_IN_PROGRESS]: {
    step: 'AT_REST',
    why: 'training, which cannot be stopped; the trained model runs only once someone starts it',
  },
  [ProjectVersionStatus.TRAINING_COMPLETED]: { step: 'AT_REST', why: 'trained, never started' },
  [ProjectVersionStatus.TRAINING_FAILED]: { step: 'AT_REST', why: 'training failed: there is no model to run' },
  [ProjectVersionStatus.FAILED]: { step: 'AT_REST', why: 'failed to start or to keep running: not serving' },
  [ProjectVersionStatus.COPYING_IN_PROGRESS]: {
    step: 'AT_REST',
    why: 'being copied, which cannot be stopped; the copy runs only once someone starts it',
  },
  [ProjectVersionStatus.COPYING_COMPLETED]: { step: 'AT_REST', why: 'copied, never started' },
  [ProjectVersionStatus.COPYING_FAILED]: { step: 'AT_REST', why: 'the copy failed: there is no model to run' },
  [ProjectVersionStatus.EXPIRED]: { step: 'AT_REST', why: 'expired: it can no longer be started' },
  [ProjectVersionStatus.DEPRECATED]: { step: 'AT_REST', why: 'deprecated: it can no longer be started' },
  [ProjectVersionStatus.DELETING]: { step: 'AT_REST', why: 'being deleted by someone' },
};

/** A status this SDK does not know is never acted on blind: polled until it is known (or the ceiling is hit). */
const UNKNOWN_STATUS: StopRule = { step: 'WAIT', why: 'in a status this tool does not know: polled until it does' };

export function stopRuleFor(status: string | undefined): StopRule {
  if (status === undefined || !Object.hasOwn(STOP_RULES, status)) return UNKNOWN_STATUS;
  return STOP_RULES[status as ProjectVersionStatus];
}
