import type { CleanupJob } from '../../lambdas/core/job/types';
import { validateJob } from '../../lambdas/core/job/validate';
import type { World } from '../../local/emulator';
import type { InvocationHooks } from '../../local/runner';
import { expectedDeletions } from './support/expected-deletions';
import {
  closeEnv,
  type Env,
  quiesce,
  reliabilitySuite,
  runJob,
  sleep,
  startEnv,
  TRANSITION_MS,
} from './support/harness';
import { facesOf } from '../support/world-faces';
import { auditReport, deletedNothing } from './support/report-audit';
import { SOAK_SCENARIOS, type SoakScenario } from './support/soak-scenarios';
import { recordSummary, taskErrors } from './support/summary';
import { TaskFaults } from './support/task-faults';
import { applyDeletions, captureWorld, deletionCount, deletionsBetween, settled } from './support/world-state';

/**
 * Soak: every kind of job, each on its own emulator that throttles (quotas below what the stack was told), answers
 * slowly, fails transiently before or after applying a change (a lost response), while the runner crashes Lambdas
 * before and after their work and times them out mid-work. Each job must converge to exactly the planned end
 * state, report it accurately, and be a no-op when run again.
 *
 * SOAK_JOBS (default 8) jobs cycle through the four scenarios; SOAK_FAULT_RATES (default "0.1,0.25") gives the
 * fault rate of each round of four.
 */
const JOBS = positiveInt(process.env.SOAK_JOBS, 8);
const FAULT_RATES = (process.env.SOAK_FAULT_RATES ?? '0.1,0.25').split(',').map(Number);
if (FAULT_RATES.some((rate) => !(rate >= 0 && rate < 1))) throw new Error('SOAK_FAULT_RATES: rates in [0, 1)');

interface SoakCase {
  index: number;
  /** Which half of the work items crash after (rather than before) their first attempt. */
  round: number;
  scenario: SoakScenario;
  faultRate: number;
  randomSeed: number;
}

const CASES: SoakCase[] = Array.from({ length: JOBS }, (_, index) => ({
  index,
  round: Math.floor(index / SOAK_SCENARIOS.length),
  scenario: SOAK_SCENARIOS[index % SOAK_SCENARIOS.length]!,
  faultRate: FAULT_RATES[Math.floor(index / SOAK_SCENARIOS.length) % FAULT_RATES.length]!,
  randomSeed: 2026 + index,
}));

/** The account's real quotas are lower than the stack believes (another workload uses the rest). */
const EMULATOR_TPS = {
  ListFaces: 6,
  DeleteFaces: 6,
  ListUsers: 6,
  DeleteUser: 10,
  DescribeCollection: 5,
  DescribeProjectVersions: 6,
  ListTagsForResource: 5,
};
/**
 * Retries and waits at 1/200: the state machine's 5 s...2 min backoff on RekognitionThrottledError (8 retries, full
 * jitter) shrinks to 25 ms...0.6 s, which still leaves the SDK's own backoff to absorb most of the throttling, as it
 * does in production.
 */
const SOAK_TIME_SCALE = 0.005;

interface SoakResult {
  job: number;
  kind: string;
  faultRate: number;
  randomSeed: number;
  deleted: number;
  emulatorFaults: number;
  throttled: number;
  taskFaults: TaskFaults['counts'];
  taskErrors: Record<string, number>;
  lostResponses: unknown;
  uncountedPurgeFaces: number;
  ms: number;
}

const results: SoakResult[] = [];
const suite = reliabilitySuite();
// Jobs overlap: the runner's per-run environment restore must not pull variables from under another run.

describe(`soak: ${JOBS} jobs under faults at rates ${FAULT_RATES.join(', ')}`, () => {
  // Concurrent: the jobs run on separate emulators, a few at a time (jest's maxConcurrency), which is also more load.
  test.concurrent.each(CASES.map((c) => [c.index, c.scenario.kind, c.faultRate, c] as const))(
    'job %i (%s) at fault rate %f converges, reports exactly, and re-runs as a no-op',
    (_index, _kind, _rate, soak) => soakJob(soak),
    240_000,
  );

  afterAll(async () => {
    // A rate is survived when every job planned at that rate converged.
    const survived = FAULT_RATES.filter((rate) =>
      CASES.filter((c) => c.faultRate === rate).every((c) => results.some((r) => r.job === c.index)),
    );
    const summary = {
      jobsRun: results.length,
      jobsPlanned: JOBS,
      faultRatesSurvived: survived,
      faultTiming: 'mixed',
      emulatorTps: EMULATOR_TPS,
      injectedEmulatorFaults: results.reduce((n, r) => n + r.emulatorFaults, 0),
      throttledRequests: results.reduce((n, r) => n + r.throttled, 0),
      lambdaCrashesBefore: results.reduce((n, r) => n + r.taskFaults.crashedBefore, 0),
      lambdaCrashesAfter: results.reduce((n, r) => n + r.taskFaults.crashedAfter, 0),
      lambdaTimeouts: results.reduce((n, r) => n + r.taskFaults.timedOut, 0),
      resourcesDeleted: results.reduce((n, r) => n + r.deleted, 0),
      facesCountedAlreadyAbsentByLostResponses: results.reduce(
        (n, r) => n + (r.lostResponses as { faces: number }).faces,
        0,
      ),
      facesUncountedByCrashedPurges: results.reduce((n, r) => n + r.uncountedPurgeFaces, 0),
      jobs: results.sort((a, b) => a.job - b.job),
    };
    console.log(
      `soak: ${summary.jobsRun}/${JOBS} jobs converged at fault rates ${survived.join(', ')} ` +
        `(${summary.injectedEmulatorFaults} injected faults, ${summary.throttledRequests} throttled requests, ` +
        `${summary.lambdaCrashesBefore} crashes before, ${summary.lambdaCrashesAfter} after, ` +
        `${summary.lambdaTimeouts} timeouts)`,
    );
    await recordSummary('soak', summary);
  });
});

async function soakJob(soak: SoakCase): Promise<void> {
  const started = Date.now();
  const env = await startEnv({
    seed: soak.scenario.world,
    faultRate: soak.faultRate,
    faultTiming: 'mixed',
    tps: EMULATOR_TPS,
    latencyMs: 3,
    randomSeed: soak.randomSeed,
  });
  try {
    await soakOn(env, soak, started);
  } finally {
    await closeEnv(env);
  }
}

async function soakOn(env: Env, soak: SoakCase, started: number): Promise<void> {
  const before = settled(captureWorld(env.emulator));
  const job = soak.scenario.job(env.emulator);
  const expected = expectedDeletions(before, validateJob(job, new Date()), Date.now());
  const faults = new TaskFaults(soak.round);

  const { run, report, stats } = await runJob(env, job, {
    timeScale: SOAK_TIME_SCALE,
    hooks: faults.hooks,
    lambdaTimeoutMs: faults.lambdaTimeoutMs,
  });
  await quiesce(env.emulator);
  await sleep(TRANSITION_MS + 50);
  const after = settled(captureWorld(env.emulator));
  const actual = deletionsBetween(before, after);
  const context =
    `seed ${soak.randomSeed}, ${JSON.stringify(faults.counts)}, ${JSON.stringify(taskErrors(run))}, ` +
    `failures ${JSON.stringify(report?.failures ?? run.cause)}`;

  // Finished the right thing, and nothing that a retry would have fixed is left failed.
  expect({ status: run.status, error: run.error, context }).toEqual({
    status: 'SUCCEEDED',
    error: undefined,
    context,
  });
  // Converged to exactly the planned end state: the deletions are the oracle's, and nothing else changed.
  expect(deletionCount(expected)).toBeGreaterThan(0);
  expect(actual).toEqual(expected);
  expect(after).toEqual(applyDeletions(before, expected));
  // The report says what happened.
  const audit = auditReport(report!, before, actual, job, { tolerateUncountedPurges: true });
  expect(audit.problems).toEqual([]);
  // The soak really was one: faults and throttling reached the handlers, tasks crashed and were retried.
  expect(stats.total.faults + stats.total.throttled).toBeGreaterThan(0);
  expect(faults.counts.crashedBefore + faults.counts.crashedAfter).toBeGreaterThan(0);
  expect(run.stats.retries).toBeGreaterThan(0);

  // Run again, under the same faults, as a new execution (Step Functions refuses to reuse a closed execution's
  // name): a no-op.
  const rerunFaults = new TaskFaults(soak.round + 1);
  const rerun = await runJob(
    env,
    { ...job, requestId: `${job.requestId}-again` },
    { timeScale: SOAK_TIME_SCALE, hooks: rerunFaults.hooks, lambdaTimeoutMs: rerunFaults.lambdaTimeoutMs },
  );
  await quiesce(env.emulator);
  await sleep(TRANSITION_MS + 50);
  const rerunContext =
    `seed ${soak.randomSeed}, ${JSON.stringify(rerunFaults.counts)}, ${JSON.stringify(taskErrors(rerun.run))}, ` +
    `error ${rerun.run.error}, failures ${JSON.stringify(rerun.report?.failures ?? rerun.run.cause)}`;
  expect({ status: rerun.run.status, context: rerunContext }).toEqual({ status: 'SUCCEEDED', context: rerunContext });
  expect(deletedNothing(rerun.report)).toBe(true);
  expect(settled(captureWorld(env.emulator))).toEqual(after);

  results.push({
    job: soak.index,
    kind: soak.scenario.kind,
    faultRate: soak.faultRate,
    randomSeed: soak.randomSeed,
    deleted: deletionCount(actual),
    emulatorFaults: stats.total.faults,
    throttled: stats.total.throttled,
    taskFaults: faults.counts,
    taskErrors: taskErrors(run),
    lostResponses: audit.lostResponses,
    uncountedPurgeFaces: audit.uncountedPurgeFaces,
    ms: Date.now() - started,
  });
}

/** Known report bugs the soak runs into, reproduced deterministically (no emulator faults, one injected crash). */
describe('report accuracy after a crash, reproduced', () => {
  const world: World = {
    collections: [
      { id: 'tmp-a', createdDaysAgo: 40, faces: facesOf(0xabc, 200, (n) => (n <= 6 ? { userId: `u${n}` } : {})) },
    ],
  };
  const purge: CleanupJob = { collections: [{ select: { ids: ['tmp-a'] }, action: 'DELETE_FACES' }] };
  /** The first CleanCollection invocation empties the collection, then its Lambda dies before answering. */
  const crashAfterFirstPurge = (): InvocationHooks => {
    let invocations = 0;
    return {
      afterInvoke(call) {
        if (call.stateName !== 'CleanCollection') return;
        invocations += 1;
        if (invocations > 1) return;
        const error = new Error('CleanCollection crashed after its work (injected)');
        error.name = 'Runtime.ExitError';
        throw error;
      },
    };
  };

  test('a purge worker that crashes after deleting: the retry converges, the collection is empty', async () => {
    const env = await suite.start({ seed: world });
    const { run, report } = await runJob(env, purge, { hooks: crashAfterFirstPurge() });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.stats.retries).toBe(1);
    expect(env.emulator.world.collection('tmp-a')).toMatchObject({ faceCount: 0, userCount: 0 });
    expect(report?.collections[0]).toMatchObject({ outcome: 'EMPTIED', plannedFaces: 200, facesRemaining: 0 });
  });

  // Fixed bug: a purge invocation that crashed after deleting lost its counts with its progress, and the report said
  // the job deleted nothing. Counts that die with an invocation cannot be recovered, but the report now reconciles
  // the end state: whatever disappeared without being counted is reported as already absent, so deleted + already
  // absent is exact (for faces and for users).
  test('a purge worker that crashes after deleting: the report still accounts for every face and user', async () => {
    const env = await suite.start({ seed: world });
    const { report } = await runJob(env, purge, { hooks: crashAfterFirstPurge() });
    const purged = report?.collections[0];
    expect((purged?.facesDeleted ?? 0) + (purged?.facesAlreadyAbsent ?? 0)).toBe(200);
    expect((purged?.usersDeleted ?? 0) + (purged?.usersAlreadyAbsent ?? 0)).toBe(6);
  });

  const erasureWorld: World = {
    collections: [
      { id: 'kyc', createdDaysAgo: 10, users: [{ userId: 'subject-1' }], faces: facesOf(0xe1, 3) },
      { id: 'visitors', createdDaysAgo: 10, faces: facesOf(0xe2, 2, () => ({ userId: 'subject-1' })) },
    ],
  };
  const erasure: CleanupJob = { requestId: 'erase-user-vector', subjects: [{ userId: 'subject-1' }] };

  test('a subject whose user holds no face: the user is deleted, and userOutcome says so', async () => {
    const env = await suite.start({ seed: erasureWorld });
    const { run, report } = await runJob(env, erasure);
    expect(run.status).toBe('SUCCEEDED');
    expect(env.emulator.world.collection('kyc')?.userCount).toBe(0);
    const kyc = report?.subjects[0]?.collections.find((c) => c.collectionId === 'kyc');
    expect(kyc).toMatchObject({ userOutcome: 'DELETED', facesDeleted: 0 });
    expect(report?.deleted.users).toBe(2);
  });

  // Fixed bug: a subject's user that held no face was deleted, yet the collection's outcome read ALREADY_ABSENT.
  test('a subject whose user holds no face: the collection outcome is DELETED, not ALREADY_ABSENT', async () => {
    const env = await suite.start({ seed: erasureWorld });
    const { report } = await runJob(env, erasure);
    const kyc = report?.subjects[0]?.collections.find((c) => c.collectionId === 'kyc');
    expect(kyc?.outcome).toBe('DELETED');
  });
});

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
