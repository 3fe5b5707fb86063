import type { VersionProgress, VersionWait } from '../contracts';

/**
 * What an unsettled version is waiting for. What this job asked for comes first: right after DeleteProjectVersion
 * or StopProjectVersion the version was last described in the status it had before (TRAINING_COMPLETED, RUNNING),
 * and naming that status would say the wrong thing about what happens next.
 */
export function versionWait(progress: VersionProgress): VersionWait {
  if (progress.deleteRequested) return 'DELETION';
  switch (progress.lastStatus) {
    case 'STOPPING':
      return 'STOP';
    case 'DELETING':
      return 'DELETION';
    case 'STARTING':
      // StopProjectVersion was refused mid-start, or a DELETE waits for the start to end before it stops it.
      return progress.stopRequested ? 'STOP' : 'START';
    case 'RUNNING':
      // Stopped by this job and not yet seen STOPPING, or the stop was refused and is tried again.
      return 'STOP';
    case 'TRAINING_IN_PROGRESS':
      return 'TRAINING';
    case 'COPYING_IN_PROGRESS':
      return 'COPYING';
    default:
      return progress.stopRequested ? 'STOP' : 'KNOWN_STATUS';
  }
}
