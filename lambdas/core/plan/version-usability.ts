import { ProjectVersionStatus } from '@aws-sdk/client-rekognition';

/**
 * How a version's status bears on `keepLatest`:
 * - USABLE: a trained model that serves, or can be started (StartProjectVersion) and serve. Only these count
 *   towards the N kept, since keeping a model that cannot serve protects nothing.
 * - UNUSABLE: no model that can ever serve. Training or copying failed; FAILED is a model that failed to start or
 *   to keep running; EXPIRED and DEPRECATED models can no longer be started; DELETING is on its way out.
 * - PENDING: the outcome is not known yet (training or copying in progress): it may become the newest usable
 *   model, or fail. It is not counted; keepLatest spares it when it is newer than the oldest version kept.
 */
export type VersionStanding = 'USABLE' | 'UNUSABLE' | 'PENDING';

// A full Record: a status added to the SDK fails the type check until someone decides what it means here.
const STANDING_BY_STATUS: Record<ProjectVersionStatus, VersionStanding> = {
  [ProjectVersionStatus.TRAINING_COMPLETED]: 'USABLE',
  [ProjectVersionStatus.COPYING_COMPLETED]: 'USABLE',
  [ProjectVersionStatus.STARTING]: 'USABLE',
  [ProjectVersionStatus.RUNNING]: 'USABLE',
  [ProjectVersionStatus.STOPPING]: 'USABLE',
  [ProjectVersionStatus.STOPPED]: 'USABLE',
  [ProjectVersionStatus.TRAINING_FAILED]: 'UNUSABLE',
  [ProjectVersionStatus.COPYING_FAILED]: 'UNUSABLE',
  [ProjectVersionStatus.FAILED]: 'UNUSABLE',
  [ProjectVersionStatus.EXPIRED]: 'UNUSABLE',
  [ProjectVersionStatus.DEPRECATED]: 'UNUSABLE',
  [ProjectVersionStatus.DELETING]: 'UNUSABLE',
  [ProjectVersionStatus.TRAINING_IN_PROGRESS]: 'PENDING',
  [ProjectVersionStatus.COPYING_IN_PROGRESS]: 'PENDING',
};

/** A status this SDK does not know is PENDING: it is neither counted as usable nor given up as junk. */
export function standingOf(status: string | undefined): VersionStanding {
  if (status === undefined || !Object.hasOwn(STANDING_BY_STATUS, status)) return 'PENDING';
  return STANDING_BY_STATUS[status as ProjectVersionStatus];
}

/** Serving, or about to: deleting it takes a StopProjectVersion, which a selector does only when told to. */
export function isServing(status: string | undefined): boolean {
  return status === ProjectVersionStatus.RUNNING || status === ProjectVersionStatus.STARTING;
}
