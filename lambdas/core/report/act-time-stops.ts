import type { JobState, SkippedItem } from '../contracts';
import type { CleanupReport, CollectionReport, FailureReport, ItemOutcome } from './types';

/** What the act-time checks stopped: shown under skipped (changed since the plan), and the cap's note. */
export interface ActTimeStops {
  skipped: SkippedItem[];
  failures: FailureReport[];
  notes: string[];
  deletionCap?: CleanupReport['deletionCap'];
}

type Items = Pick<CleanupReport, 'collections' | 'faces' | 'subjects' | 'projectVersions'>;

/**
 * A collection re-created or no longer selected is skipped, with what changed and how much it had deleted before.
 * The cap reached is a job-level failure (the job did not do all it planned, so it ends CleanupIncomplete) and a
 * note naming the cap and where it came from.
 */
export function actTimeStops(state: JobState, items: Items): ActTimeStops {
  const skipped: SkippedItem[] = items.collections
    .filter((c) => c.outcome === 'CHANGED_SINCE_PLAN')
    .map((c) => ({
      kind: 'collection' as const,
      id: c.collectionId,
      reason: 'CHANGED_SINCE_PLAN' as const,
      detail: `${c.detail ?? 'changed since the plan'}${deletedBefore(c)}`,
    }));
  if (state.maxDeletions === undefined) return { skipped, failures: [], notes: [] };

  const outcomes: ItemOutcome[] = [
    ...items.collections.map((c) => c.outcome),
    ...items.faces.map((g) => g.outcome),
    ...items.subjects.flatMap((s) => s.collections.map((c) => c.outcome)),
    ...items.projectVersions.map((v) => v.outcome),
  ];
  const capped = outcomes.filter((outcome) => outcome === 'CAP_REACHED').length;
  const source = state.maxDeletionsSource === 'default' ? 'the default cap for selectors' : "the job's";
  const deletionCap = {
    maxDeletions: state.maxDeletions,
    source: state.maxDeletionsSource ?? ('job' as const),
    reached: capped > 0,
  };
  if (capped === 0 || state.dryRun) return { skipped, failures: [], notes: [], deletionCap };
  const text =
    `maxDeletions=${state.maxDeletions} (${source}) was reached while deleting: ` +
    `${capped} ${capped === 1 ? 'item was' : 'items were'} stopped (outcome CAP_REACHED), nothing more was deleted`;
  return {
    skipped,
    failures: [{ kind: 'job', id: 'maxDeletions', error: `CAP_REACHED: ${text}` }],
    notes: [text],
    deletionCap,
  };
}

/** A collection stopped after part of its purge: the owner needs to know what had already gone. */
export function deletedBefore(collection: CollectionReport): string {
  return collection.facesDeleted > 0 ? `; ${collection.facesDeleted} faces were deleted before` : '';
}
