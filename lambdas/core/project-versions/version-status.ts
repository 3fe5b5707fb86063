import { ProjectVersionStatus } from '@aws-sdk/client-rekognition';

/** What one poll does about a version in a given status. */
export type VersionStep = 'STOP' | 'WAIT_SHORT' | 'WAIT_LONG' | 'DELETE';

/**
 * Every status the SDK knows, mapped to a step. Typed as a full Record so that a status added to the SDK fails
 * the type check until someone decides what it means here. Running models must be stopped before deletion;
 * transitions take minutes (SHORT), training and copying take hours (LONG); everything else is at rest.
 */
const STEP_BY_STATUS: Record<ProjectVersionStatus, VersionStep> = {
  [ProjectVersionStatus.RUNNING]: 'STOP',
  [ProjectVersionStatus.STARTING]: 'STOP',
  [ProjectVersionStatus.STOPPING]: 'WAIT_SHORT',
  [ProjectVersionStatus.DELETING]: 'WAIT_SHORT',
  [ProjectVersionStatus.TRAINING_IN_PROGRESS]: 'WAIT_LONG',
  [ProjectVersionStatus.COPYING_IN_PROGRESS]: 'WAIT_LONG',
  [ProjectVersionStatus.STOPPED]: 'DELETE',
  [ProjectVersionStatus.TRAINING_COMPLETED]: 'DELETE',
  [ProjectVersionStatus.TRAINING_FAILED]: 'DELETE',
  [ProjectVersionStatus.FAILED]: 'DELETE',
  [ProjectVersionStatus.COPYING_COMPLETED]: 'DELETE',
  [ProjectVersionStatus.COPYING_FAILED]: 'DELETE',
  [ProjectVersionStatus.EXPIRED]: 'DELETE',
  [ProjectVersionStatus.DEPRECATED]: 'DELETE',
};

/**
 * A status the service returns but this SDK does not know yet is never deleted blind: the version is polled until
 * it reaches a known status or the poll ceiling reports it as failed.
 */
export function stepForStatus(status: string | undefined): VersionStep {
  if (status === undefined || !Object.hasOwn(STEP_BY_STATUS, status)) return 'WAIT_SHORT';
  return STEP_BY_STATUS[status as ProjectVersionStatus];
}
