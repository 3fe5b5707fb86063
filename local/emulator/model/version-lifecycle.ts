/**
 * Custom Labels model-version statuses and how they move on their own. Nothing runs on a timer: a transitional
 * status records when it began, and every read settles it from the clock, so there are no timers to leak and a
 * test can use any `transitionMs`.
 */
export const VERSION_STATUSES = [
  'TRAINING_IN_PROGRESS',
  'TRAINING_COMPLETED',
  'TRAINING_FAILED',
  'STARTING',
  'RUNNING',
  'FAILED',
  'STOPPING',
  'STOPPED',
  'DELETING',
  'COPYING_IN_PROGRESS',
  'COPYING_COMPLETED',
  'COPYING_FAILED',
  'EXPIRED',
  'DEPRECATED',
] as const;

export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** Where a transitional status ends once `transitionMs` has passed ('GONE': the version is deleted). */
export const SETTLES_TO: Partial<Record<VersionStatus, VersionStatus | 'GONE'>> = {
  TRAINING_IN_PROGRESS: 'TRAINING_COMPLETED',
  STARTING: 'RUNNING',
  STOPPING: 'STOPPED',
  COPYING_IN_PROGRESS: 'COPYING_COMPLETED',
  DELETING: 'GONE',
};

/** Statuses from which StartProjectVersion is accepted. */
export const STARTABLE: ReadonlySet<VersionStatus> = new Set(['TRAINING_COMPLETED', 'STOPPED', 'COPYING_COMPLETED']);

/** Statuses from which StopProjectVersion is accepted. */
export const STOPPABLE: ReadonlySet<VersionStatus> = new Set(['RUNNING', 'STARTING']);

/** Statuses in which DeleteProjectVersion is refused with ResourceInUseException. */
export const UNDELETABLE: ReadonlySet<VersionStatus> = new Set([
  'RUNNING',
  'STARTING',
  'STOPPING',
  'TRAINING_IN_PROGRESS',
  'COPYING_IN_PROGRESS',
]);

export const STATUS_MESSAGES: Record<VersionStatus, string> = {
  TRAINING_IN_PROGRESS: 'The model is being trained.',
  TRAINING_COMPLETED: 'The model is ready to run.',
  TRAINING_FAILED: 'The model training failed: the training dataset contains invalid annotations.',
  STARTING: 'The model is starting.',
  RUNNING: 'The model is running.',
  FAILED: 'The model failed to start.',
  STOPPING: 'The model is being stopped.',
  STOPPED: 'The model is ready to run.',
  DELETING: 'The model is being deleted.',
  COPYING_IN_PROGRESS: 'The model is being copied.',
  COPYING_COMPLETED: 'The model is ready to run.',
  COPYING_FAILED: 'The model copy failed.',
  EXPIRED: 'The model has expired.',
  DEPRECATED: 'The model is deprecated.',
};

export function isVersionStatus(value: unknown): value is VersionStatus {
  return typeof value === 'string' && (VERSION_STATUSES as readonly string[]).includes(value);
}
