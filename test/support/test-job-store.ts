import type { ActResults, ItemResult, JobRef, JobState, LaneInput } from '../../lambdas/core/contracts';
import { saveJobRef, savePlan } from '../../lambdas/core/store/plan-records';
import { JobStore, type WorkKind } from '../../lambdas/core/store/job-store';
import { createDocumentClient, withJobStore } from '../../lambdas/core/store/store-client';
import { type RunningJobStore, startJobStore } from '../../local/store';

export interface TestJobStore {
  store(): JobStore;
  /** A stored lane of these targets, and the input its worker gets on its first invocation. */
  lane<TTarget>(kind: WorkKind, targets: readonly TTarget[], input?: Partial<LaneInput>): Promise<LaneInput>;
  /** What the lane's worker stored for its `position`-th item. */
  result<TProgress>(input: LaneInput, position: number): Promise<ItemResult<TProgress> | undefined>;
  /** Runs a handler (or anything that calls jobStore()) with this store. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** A job as the workflow would have stored it: its plan, and its results if it has any; its reference. */
  storeJob(state: JobState): Promise<JobRef>;
}

/** Which stored kind each list of act results belongs to. */
const RESULT_KINDS = {
  collections: 'collections',
  faceGroups: 'faceGroups',
  subjectErasures: 'subjects',
  projectVersions: 'projectVersions',
  projects: 'projects',
} as const satisfies Record<keyof ActResults, WorkKind>;

/** Per test file: a real job store (dynalite), started before the file's tests and closed after them. */
export function testJobStore(): TestJobStore {
  let local: RunningJobStore | undefined;
  let store: JobStore | undefined;
  let jobs = 0;
  beforeAll(async () => {
    local = await startJobStore();
    await local.createTable('jobs');
    store = new JobStore(createDocumentClient({ endpoint: local.url }), 'jobs', 30);
  });
  afterAll(async () => {
    store?.client.destroy();
    await local?.close();
  });
  const current = (): JobStore => {
    if (store === undefined) throw new Error('the test job store starts in beforeAll');
    return store;
  };
  return {
    store: current,
    async lane(kind, targets, input = {}) {
      jobs += 1;
      const jobId = `test-job-${jobs}`;
      await current().putLane(
        jobId,
        kind,
        0,
        targets.map((target, index) => ({ index, target })),
      );
      return {
        jobId,
        kind,
        lane: 0,
        executionId: 'exec-1',
        startedAt: '2026-11-22T09:00:00.000Z',
        dryRun: false,
        progress: { done: false },
        ...input,
      };
    },
    result: (input, position) => current().getResult(input.jobId, input.kind, position),
    run: (work) => withJobStore(current(), work),
    async storeJob(state) {
      jobs += 1;
      const jobId = `test-job-${jobs}`;
      const saved = await savePlan(current(), jobId, state.plan, state.rates, [
        'find',
        'collections',
        'faceGroups',
        'subjects',
        'projectVersions',
        'projects',
      ]);
      const ref: JobRef = {
        jobId,
        executionId: state.executionId,
        startedAt: state.startedAt,
        ...(state.requestId === undefined ? {} : { requestId: state.requestId }),
        dryRun: state.dryRun,
        rates: state.rates,
        ...saved,
        ...(state.totals === undefined ? {} : { totals: state.totals }),
      };
      await saveJobRef(current(), ref);
      for (const [field, kind] of Object.entries(RESULT_KINDS)) {
        const results = state.results?.[field as keyof ActResults] ?? [];
        for (const [index, result] of results.entries()) {
          if (result !== undefined) await current().putResult(jobId, kind, index, result);
        }
      }
      return ref;
    },
  };
}
