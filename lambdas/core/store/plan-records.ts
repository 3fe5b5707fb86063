import type {
  ActResults,
  CollectionTarget,
  FaceDeletionTarget,
  ItemResult,
  JobRef,
  JobState,
  Plan,
  ProjectTarget,
  ProjectVersionTarget,
  RatePlan,
  CollectionSearch,
} from '../contracts';
import { assignLanes, laneNumbers } from '../lanes/assign-lanes';
import { WORK } from '../workers';
import type { JobStore, LaneEntry, WorkKind } from './job-store';

/** The plan's lists that are not work items: reported, never worked on. */
type PlanInfo = Pick<Plan, 'skipped' | 'absent' | 'notes' | 'planFailures' | 'subjectSummaries'>;

const PLAN_INFO = 'plan-info';
const JOB_REF = 'job-ref';

/**
 * The job's reference, as the state machine carries it, kept in the store too: with it the record of a job that
 * failed before its report can still be read (erasure receipts are built from it).
 */
export function saveJobRef(store: JobStore, ref: JobRef): Promise<void> {
  return store.putBlob(ref.jobId, JOB_REF, ref);
}

export function readJobRef(store: JobStore, jobId: string): Promise<JobRef | undefined> {
  return store.getBlob<JobRef>(jobId, JOB_REF);
}

/** Where each kind of work item sits in the plan (whose quota share its lanes run with: workers.ts). */
const FIELDS = {
  find: 'subjectSearches',
  collections: 'collections',
  faceGroups: 'faceGroups',
  subjects: 'subjectErasures',
  projectVersions: 'projectVersions',
  projects: 'projects',
} as const satisfies Record<WorkKind, keyof Plan>;

/**
 * Stores the given kinds of work items of the plan in lanes (as many as the kind's concurrency), and the plan's
 * other lists; returns the lane numbers each kind's Map iterates over.
 */
export async function savePlan(
  store: JobStore,
  jobId: string,
  plan: Plan,
  rates: RatePlan,
  kinds: readonly WorkKind[],
): Promise<Pick<JobRef, 'lanes' | 'planned'>> {
  const lanes: JobRef['lanes'] = {};
  const planned: JobRef['planned'] = { skipped: plan.skipped.length };
  for (const kind of kinds) {
    const targets = plan[FIELDS[kind]] as unknown[];
    // Versions and projects: one lane (the rate plan's concurrency is 1 for them), which polls every version at once.
    const laneCount = rates[WORK[kind].rate].concurrency;
    const assigned = assignLanes(targets, laneCount, (target) => workCost(kind, target));
    for (const [lane, entries] of assigned.entries()) await store.putLane(jobId, kind, lane, entries);
    lanes[kind] = laneNumbers(assigned);
    planned[kind] = targets.length;
  }
  const info: PlanInfo = {
    skipped: plan.skipped,
    absent: plan.absent,
    notes: plan.notes,
    planFailures: plan.planFailures,
    subjectSummaries: plan.subjectSummaries,
  };
  await store.putBlob(jobId, PLAN_INFO, info);
  return { lanes, planned };
}

/** The plan as it was stored: every kind the job reference has lanes for, in plan order. */
export async function loadPlan(store: JobStore, ref: JobRef): Promise<Plan> {
  const info = await store.getBlob<PlanInfo>(ref.jobId, PLAN_INFO);
  if (info === undefined) throw new Error(`job store: job ${ref.jobId} has no plan`);
  const items = async <T>(kind: WorkKind): Promise<T[]> => {
    const entries: LaneEntry<T>[] = [];
    for (const lane of ref.lanes[kind] ?? []) entries.push(...(await store.getLane<T>(ref.jobId, kind, lane)));
    return entries.sort((a, b) => a.index - b.index).map((entry) => entry.target);
  };
  return {
    collections: await items<CollectionTarget>('collections'),
    faceGroups: await items<FaceDeletionTarget>('faceGroups'),
    subjectSearches: await items<CollectionSearch>('find'),
    subjectErasures: await items<FaceDeletionTarget>('subjects'),
    projectVersions: await items<ProjectVersionTarget>('projectVersions'),
    projects: await items<ProjectTarget>('projects'),
    ...info,
  };
}

/** Every work item's stored result, aligned with the plan's lists (undefined where an item has none). */
export async function loadResults(store: JobStore, jobId: string, plan: Plan): Promise<ActResults> {
  const aligned = async <T>(kind: WorkKind, count: number): Promise<ItemResult<T>[]> => {
    const byIndex = await store.listResults<ItemResult<T>>(jobId, kind);
    return Array.from({ length: count }, (_, index) => byIndex.get(index)) as ItemResult<T>[];
  };
  return {
    collections: await aligned('collections', plan.collections.length),
    faceGroups: await aligned('faceGroups', plan.faceGroups.length),
    subjectErasures: await aligned('subjects', plan.subjectErasures.length),
    projectVersions: await aligned('projectVersions', plan.projectVersions.length),
    projects: await aligned('projects', plan.projects.length),
  };
}

/** The job in memory, for the functions that compute on all of it (finalize-plan, report). */
export async function loadJobState(store: JobStore, ref: JobRef, withResults: boolean): Promise<JobState> {
  const plan = await loadPlan(store, ref);
  return {
    executionId: ref.executionId,
    startedAt: ref.startedAt,
    ...(ref.requestId === undefined ? {} : { requestId: ref.requestId }),
    dryRun: ref.dryRun,
    ...(ref.independentSubjects === true ? { independentSubjects: true } : {}),
    ...(ref.maxDeletions === undefined ? {} : { maxDeletions: ref.maxDeletions }),
    ...(ref.maxDeletionsSource === undefined ? {} : { maxDeletionsSource: ref.maxDeletionsSource }),
    plan,
    rates: ref.rates,
    ...(ref.totals === undefined ? {} : { totals: ref.totals }),
    ...(withResults ? { results: await loadResults(store, ref.jobId, plan) } : {}),
  };
}

/** How long an item keeps its lane busy, roughly: what lane assignment balances. */
function workCost(kind: WorkKind, target: unknown): number {
  if (kind === 'collections') {
    const collection = target as CollectionTarget;
    return collection.action === 'DELETE_COLLECTION' ? 1 : 1 + collection.faceCount + collection.userCount;
  }
  if (kind === 'faceGroups' || kind === 'subjects') return 1 + (target as FaceDeletionTarget).faceIds.length;
  return 1;
}
