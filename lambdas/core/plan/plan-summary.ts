import type { JobState } from '../contracts';

/** Counts only, for the Plan's log line: collection ids and ARNs stay in the state, subjects never appear. */
export function summarisePlan(state: JobState): Record<string, number | boolean> {
  const { plan } = state;
  return {
    dryRun: state.dryRun,
    collections: plan.collections.length,
    faceGroups: plan.faceGroups.length,
    explicitFaceIds: plan.faceGroups.reduce((sum, group) => sum + group.faceIds.length, 0),
    subjectSearches: plan.subjectSearches.length,
    projectVersions: plan.projectVersions.length,
    projects: plan.projects.length,
    skipped: plan.skipped.length,
    absent: plan.absent.length,
    notes: plan.notes.length,
  };
}
