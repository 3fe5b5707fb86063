/**
 * The names of the workflow's states: one source for the definition that deploys (definition.ts, worker-loop.ts)
 * and for whatever reads an execution (the CLI's progress display, the local runner's checks, tests). A plain data
 * module on purpose: the CLI imports it without loading aws-cdk-lib. Renaming a state here renames it everywhere,
 * and changes the deployed definition: histories of running executions keep the old names.
 */
import type { WorkKind } from '../../lambdas/core/store/job-store';

/** The states outside the lane loops, in the order a job meets them. */
export const STATE = {
  erasureBatch: 'ErasureBatch?',
  batchWindow: 'BatchWindow',
  closeErasureBatch: 'CloseErasureBatch',
  readJob: 'ReadJob',
  plan: 'Plan',
  planDone: 'PlanDone?',
  findSubjectFaces: 'FindSubjectFaces',
  finalizePlan: 'FinalizePlan',
  jobRejected: 'JobRejected',
  dryRun: 'DryRun?',
  act: 'Act',
  cleanCollections: 'CleanCollections',
  deleteFaceGroups: 'DeleteFaceGroups',
  eraseSubjects: 'EraseSubjects',
  deleteProjectVersions: 'DeleteProjectVersions',
  deleteEmptiedProjects: 'DeleteEmptiedProjects',
  report: 'Report',
  jobComplete: 'JobComplete?',
  done: 'Done',
  jobIncomplete: 'JobIncomplete',
} as const;

/** The worker state of each kind's lane loop: the prefix of that loop's other states. */
export const LANE_WORKER: Readonly<Record<WorkKind, string>> = {
  find: 'FindSubjectFacesPage',
  collections: 'CleanCollection',
  faceGroups: 'DeleteFaceGroup',
  subjects: 'EraseSubject',
  projectVersions: 'AdvanceProjectVersions',
  projects: 'DeleteProjectIfEmpty',
};

/** How long a polling lane waits before its next poll (the worker's `progress.wait`). */
export type LaneWait = 'SHORT' | 'MEDIUM' | 'LONG';

const WAIT_SUFFIX: Readonly<Record<LaneWait, string>> = { SHORT: 'Short', MEDIUM: 'Medium', LONG: 'Long' };

/** Every state of one lane loop, named after its worker. */
export function laneLoopStates(worker: string) {
  return {
    worker,
    finished: `${worker}Finished`,
    /** Recording a failure failed as well: the lane stops. */
    abandoned: `${worker}Abandoned`,
    /** An item failed beyond its retries: the worker is called again to record it. */
    recordFailure: `${worker}RecordFailure`,
    failedTwice: `${worker}FailedTwice?`,
    moreWork: `${worker}MoreWork?`,
    wait: (wait: LaneWait) => `${worker}Wait${WAIT_SUFFIX[wait]}`,
  };
}

/** What a lane state is, for readers that only have its name (a history event, a runner event). */
export type LaneStateRole = { kind: WorkKind; role: 'worker' | 'recordFailure' | 'abandoned' };

const LANE_STATE_ROLES: ReadonlyMap<string, LaneStateRole> = new Map(
  (Object.entries(LANE_WORKER) as [WorkKind, string][]).flatMap(([kind, worker]): [string, LaneStateRole][] => {
    const states = laneLoopStates(worker);
    return [
      [states.worker, { kind, role: 'worker' }],
      [states.recordFailure, { kind, role: 'recordFailure' }],
      [states.abandoned, { kind, role: 'abandoned' }],
    ];
  }),
);

export function laneStateRole(stateName: string): LaneStateRole | undefined {
  return LANE_STATE_ROLES.get(stateName);
}
