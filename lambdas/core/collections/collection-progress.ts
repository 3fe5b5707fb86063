import type { CollectionOutcome, CollectionProgress } from '../contracts';

/**
 * The progress a purge carries. `verifyRounds` is not in the shared contract yet; the state machine hands the
 * returned object back whole, so the field survives from one invocation to the next.
 */
/** The purge's own name for the collection progress (verifyRounds counts its VERIFY checks). */
export type PurgeProgress = CollectionProgress;

export function isCollectionProgress(progress: unknown): progress is PurgeProgress {
  return typeof progress === 'object' && progress !== null && 'phase' in progress;
}

/** A copy to build on (the input is never mutated), counting this invocation. */
export function resumeCollectionProgress(progress: CollectionProgress | { done: false }): PurgeProgress {
  const base: PurgeProgress = isCollectionProgress(progress)
    ? structuredClone(progress)
    : {
        done: false,
        phase: 'USERS',
        usersDeleted: 0,
        facesDeleted: 0,
        facesAlreadyAbsent: 0,
        facesDisassociated: 0,
        invocations: 0,
      };
  base.invocations += 1;
  return base;
}

export function finish(progress: PurgeProgress, outcome: CollectionOutcome | undefined): PurgeProgress {
  const { nextToken: _cursor, ...rest } = progress;
  return { ...rest, done: true, phase: 'DONE', ...(outcome === undefined ? {} : { outcome }) };
}
