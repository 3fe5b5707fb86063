import './support/skip-builtin-validation';
import { testJobStore } from '../support/test-job-store';
import '../../local/polyfills';
import { StateMachine } from '../../local/vendor/aws-local-stepfunctions';
import type {
  CollectionProgress,
  JobRef,
  JobState,
  LaneInput,
  VersionProgress,
  WorkItem,
} from '../../lambdas/core/contracts';
import { finalizeStoredPlan } from '../../lambdas/core/finalize/finalize-stored-plan';
import { pollLane } from '../../lambdas/core/lanes/poll-lane';
import { runLane } from '../../lambdas/core/lanes/run-lane';
import { PLANNED_KINDS } from '../../lambdas/core/plan/plan-and-store';
import { DEFAULT_QUOTAS } from '../../lambdas/core/rates/quotas';
import { computeRatePlan } from '../../lambdas/core/rates/rate-plan';
import { reportStoredJob } from '../../lambdas/core/report/report-stored-job';
import type { JobStore } from '../../lambdas/core/store/job-store';
import { saveJobRef, savePlan } from '../../lambdas/core/store/plan-records';
import { TimeBudget } from '../../lambdas/core/time-budget';
import { workflowFromTemplate } from '../../local/runner';
import { synthCleanupTemplate } from '../../scripts/synth-template';

/**
 * The synthesized definition, run by aws-local-stepfunctions with the lane and store machinery of the real handlers
 * but simulated Rekognition steps: proves the loops of the definition itself (the real handlers are exercised end
 * to end in test/e2e).
 */
const { definition } = workflowFromTemplate(synthCleanupTemplate());
// A real job store (dynalite) for the file: started before its tests, closed after them.
const testStore = testJobStore();
let store: JobStore;
let jobs = 0;
beforeAll(() => {
  store = testStore.store();
});

/** What the Plan handler does with a plan: store it, return the reference. */
async function storedPlan(state: JobState): Promise<JobRef & { planning: { done: true; invocations: 1 } }> {
  jobs += 1;
  const jobId = `job-${jobs}`;
  const saved = await savePlan(store, jobId, state.plan, state.rates, PLANNED_KINDS);
  const ref: JobRef = {
    jobId,
    executionId: state.executionId,
    startedAt: state.startedAt,
    dryRun: false,
    rates: state.rates,
    ...saved,
  };
  await saveJobRef(store, ref);
  return { ...ref, planning: { done: true, invocations: 1 } };
}
const context = {
  Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:sm:test', StartTime: '2026-11-22T00:00:00.000Z' },
};
const VERSION_ARN = 'arn:aws:rekognition:us-east-1:123456789012:project/doors/version/v1/1700000000000';

function plannedState(): JobState {
  const state: Omit<JobState, 'rates'> = {
    executionId: 'arn:aws:states:us-east-1:123456789012:execution:sm:test',
    startedAt: '2026-11-22T00:00:00.000Z',
    dryRun: false,
    plan: {
      collections: [
        {
          collectionId: 'tmp-1',
          collectionArn: 'arn:aws:rekognition:us-east-1:123456789012:collection/tmp-1',
          action: 'DELETE_FACES',
          faceCount: 3 * 4096,
          userCount: 0,
          reasons: ['collections[0]: prefix "tmp-"'],
        },
      ],
      faceGroups: [],
      subjectSearches: [],
      subjectErasures: [],
      subjectSummaries: [],
      projectVersions: [
        { versionArn: VERSION_ARN, projectArn: 'p', versionName: 'v1', statusAtPlan: 'RUNNING', reasons: ['explicit'] },
      ],
      projects: [],
      skipped: [],
      absent: [],
      planFailures: [],
      notes: [],
    },
  };
  return { ...state, rates: computeRatePlan(state.plan, DEFAULT_QUOTAS) };
}

/** A version's life: RUNNING until stopped, STOPPING for two polls, STOPPED, then DELETING for one poll, then gone. */
function simulatedVersion() {
  const timeline: string[] = [];
  let status: string | undefined = 'RUNNING';
  let stoppingPolls = 0;
  let deletingPolls = 0;
  const advance = (item: WorkItem<unknown, VersionProgress>): VersionProgress => {
    const previous = item.progress as Partial<VersionProgress>;
    if (status === 'STOPPING' && ++stoppingPolls > 2) status = 'STOPPED';
    if (status === 'DELETING' && ++deletingPolls > 1) status = undefined;
    timeline.push(status ?? 'GONE');
    const polls = (previous.polls ?? 0) + 1;
    const base = {
      polls,
      stopRequested: previous.stopRequested ?? false,
      deleteRequested: previous.deleteRequested ?? false,
    };
    if (status === undefined) return { ...base, done: true, wait: 'NONE', outcome: 'DELETED' };
    if (status === 'RUNNING') {
      timeline.push('StopProjectVersion');
      status = 'STOPPING';
      return { ...base, done: false, wait: 'SHORT', lastStatus: 'RUNNING', stopRequested: true };
    }
    if (status === 'STOPPED') {
      timeline.push('DeleteProjectVersion');
      status = 'DELETING';
      return { ...base, done: false, wait: 'SHORT', lastStatus: 'STOPPED', deleteRequested: true };
    }
    return { ...base, done: false, wait: 'SHORT', lastStatus: status };
  };
  return { timeline, advance };
}

test('the version loop stops, waits until STOPPED, deletes, then waits until gone; a purge pages', async () => {
  const version = simulatedVersion();
  const purgeCalls: Array<string | undefined> = [];
  const waitsEntered: string[] = [];
  const purge = (item: WorkItem<unknown, CollectionProgress>): CollectionProgress => {
    const previous = item.progress as Partial<CollectionProgress>;
    purgeCalls.push(previous.nextToken);
    const page = purgeCalls.length;
    const last = page === 3;
    return {
      done: last,
      phase: last ? 'DONE' : 'FACES',
      ...(last ? {} : { nextToken: `page-${page + 1}` }),
      usersDeleted: 0,
      facesDeleted: (previous.facesDeleted ?? 0) + 4096,
      facesAlreadyAbsent: 0,
      facesDisassociated: 0,
      ...(last ? { facesRemaining: 0, outcome: 'EMPTIED' as const } : {}),
      invocations: page,
    };
  };
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(
    { any: 'job' },
    {
      overrides: {
        taskResourceLocalHandlers: {
          Plan: () => storedPlan(plannedState()) as never,
          FinalizePlan: (input) => finalizeStoredPlan(store, input as never, DEFAULT_QUOTAS) as never,
          CleanCollection: (input) =>
            runLane(store, input as unknown as LaneInput, TimeBudget.unlimited(), async (item) =>
              purge(item as never),
            ) as never,
          AdvanceProjectVersions: (input) =>
            pollLane(store, input as unknown as LaneInput, async (item) => version.advance(item as never)) as never,
          Report: async (input) => (await reportStoredJob(store, input as never, new Date())) as never,
        },
        waitTimeOverrides: {
          AdvanceProjectVersionsWaitShort: 1,
          AdvanceProjectVersionsWaitMedium: 1,
          AdvanceProjectVersionsWaitLong: 1,
        },
      },
      context,
    },
  );
  const events = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered' && event.state.type === 'Wait') waitsEntered.push(event.state.name);
    }
  })();
  const output = (await execution.result) as { status: string; deleted: { faces: number; projectVersions: number } };
  await events;

  expect(version.timeline).toEqual([
    'RUNNING',
    'StopProjectVersion',
    'STOPPING',
    'STOPPING',
    'STOPPED',
    'DeleteProjectVersion',
    'DELETING',
    'GONE',
  ]);
  // One Wait between every two polls: the state machine waits, the function never sleeps.
  expect(waitsEntered.filter((w) => w === 'AdvanceProjectVersionsWaitShort')).toHaveLength(5);
  expect(purgeCalls).toEqual([undefined, 'page-2', 'page-3']);
  expect(output).toMatchObject({ status: 'SUCCEEDED', deleted: { faces: 3 * 4096, projectVersions: 1 } });
});

test('a version still not deletable at the ceiling fails alone; the job reports it and fails', async () => {
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(
    {},
    {
      overrides: {
        taskResourceLocalHandlers: {
          Plan: () => storedPlan({ ...plannedState(), plan: { ...plannedState().plan, collections: [] } }) as never,
          FinalizePlan: (input) => finalizeStoredPlan(store, input as never, DEFAULT_QUOTAS) as never,
          AdvanceProjectVersions: (input) =>
            pollLane(store, input as unknown as LaneInput, async () => ({
              done: true,
              wait: 'NONE',
              polls: 200,
              stopRequested: false,
              deleteRequested: false,
              lastStatus: 'TRAINING_IN_PROGRESS',
              outcome: 'FAILED',
              failureReason: 'still TRAINING_IN_PROGRESS after 200 polls',
            })) as never,
          Report: async (input) => (await reportStoredJob(store, input as never, new Date())) as never,
        },
      },
      context,
    },
  );
  await expect(execution.result).rejects.toThrow();
  const failed = [] as { Error?: string; Cause?: unknown }[];
  for await (const event of execution.eventLogs) if (event.type === 'ExecutionFailed') failed.push(event);
  expect(failed[0]?.Error).toBe('CleanupIncomplete');
  const report = JSON.parse(String(failed[0]?.Cause));
  expect(report.status).toBe('FAILED');
  expect(report.projectVersions[0]).toMatchObject({ outcome: 'FAILED', lastStatus: 'TRAINING_IN_PROGRESS' });
});
