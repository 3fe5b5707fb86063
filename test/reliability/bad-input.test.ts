import { takeErasureRequest } from '../../lambdas/core/erasure/intake';
import { InvalidJobError } from '../../lambdas/core/errors';
import { validateJob } from '../../lambdas/core/job/validate';
import { lambdaErrorMessage } from '../../lambdas/core/report/failure-text';
import { STATE_PAYLOAD_LIMIT_BYTES } from '../../local/runner/state-limits';
import { BAD_JOBS } from '../fixtures/bad-jobs';
import { BAD_ERASURE_EVENTS, erasureEvent } from './fixtures/bad-erasure-events';
import { fakeAws } from '../support/fake-erasure-aws';
import { closeEnv, type Env, reliabilitySuite, runJob, startEnv } from './support/harness';
import { faceIdsOf, facesOf, PROTECT_TAG } from '../support/world-faces';
import { recordSummary } from './support/summary';

/**
 * Bad input is refused before anything is touched: every malformed job of the shared fixtures through the deployed
 * state machine (one template, one emulator), and a corpus of malformed erasure events through the intake.
 */
reliabilitySuite();

/** A world where any job that slipped past validation would find something to list, describe or delete. */
const WORLD = {
  collections: [
    { id: 'tmp-a', createdDaysAgo: 40, faces: facesOf(0xbad1, 5, (n) => (n === 1 ? { userId: 'u1' } : {})) },
    { id: 'tmp-protected', createdDaysAgo: 40, tags: PROTECT_TAG, faces: facesOf(0xbad2, 3) },
    { id: 'c1', createdDaysAgo: 400, faces: facesOf(0xbad3, 4, () => ({ externalImageId: 'img-1' })) },
  ],
  projects: [
    {
      name: 'door-cam',
      createdDaysAgo: 300,
      versions: [{ name: 'v1', createdDaysAgo: 200, status: 'STOPPED' as const }],
    },
  ],
};

const isObject = (job: unknown) => typeof job === 'object' && job !== null && !Array.isArray(job);
/** What the Plan task receives: more than Step Functions' state limit never starts in AWS (StartExecution refuses). */
const planInputBytes = (job: unknown) =>
  Buffer.byteLength(JSON.stringify({ job, executionId: 'x'.repeat(120), startedAt: new Date().toISOString() }) ?? '');
const oversized = BAD_JOBS.filter((bad) => planInputBytes(bad.job) > STATE_PAYLOAD_LIMIT_BYTES);
const notObjects = BAD_JOBS.filter((bad) => !isObject(bad.job));
const objects = BAD_JOBS.filter((bad) => isObject(bad.job) && !oversized.includes(bad));

describe(`${BAD_JOBS.length} malformed jobs through the state machine`, () => {
  let env: Env;
  beforeAll(async () => {
    // One emulator for every job (not suite.start, whose emulators close after each test).
    env = await startEnv({ seed: WORLD });
  });
  afterAll(() => closeEnv(env));

  test('the corpus covers the three shapes, and a valid job does reach the emulator (the zero below can fail)', async () => {
    console.log(
      `bad-input: ${BAD_JOBS.length} malformed jobs (${objects.length} objects, ${notObjects.length} not objects, ` +
        `${oversized.length} over the 256 KiB state limit); ${BAD_ERASURE_EVENTS.length} malformed erasure events`,
    );
    expect(objects.length + notObjects.length + oversized.length).toBe(BAD_JOBS.length);
    expect(objects.length).toBeGreaterThan(100);
    const valid = await runJob(env, {
      dryRun: true,
      collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }],
    });
    expect(valid.run.status).toBe('SUCCEEDED');
    expect(valid.stats.total.calls).toBeGreaterThan(0);
  });

  test.each(objects.map((bad) => [bad.name, bad] as const))(
    'rejected with InvalidJobError naming its field, zero calls: %s',
    async (_name, bad) => {
      const { run, stats } = await runJob(env, bad.job);
      expect(run.status).toBe('FAILED');
      expect(run.error).toBe('InvalidJobError');
      const message = lambdaErrorMessage(run.cause ?? '');
      expect(message.slice(0, bad.field.length + 2)).toBe(`${bad.field}: `);
      expect(stats.total.calls).toBe(0);
    },
  );

  test.each(notObjects.map((bad) => [bad.name, bad] as const))(
    'a job that is %s fails without a single call',
    async (_name, bad) => {
      const { run, stats } = await runJob(env, bad.job);
      expect(run.status).toBe('FAILED');
      expect(stats.total.calls).toBe(0);
    },
  );

  // Used to fail with States.ResultPathMatchFailure (the Catch could not write `$.error` into a non-object input);
  // the definition now wraps the input first (ReadJob). `null` is left out: aws-local-stepfunctions 3.0.0 cannot
  // evaluate '$' on a null input and fails with States.Runtime before any task (a runner limitation, not the
  // product's); the test above still proves that nothing is touched.
  test.each(notObjects.filter((bad) => bad.job !== null).map((bad) => [bad.name, bad] as const))(
    'a job that is %s fails with InvalidJobError naming `job`',
    async (_name, bad) => {
      const { run } = await runJob(env, bad.job);
      expect(run.error).toBe('InvalidJobError');
      expect(lambdaErrorMessage(run.cause ?? '').startsWith(`${bad.field}: `)).toBe(true);
    },
  );

  test.each(oversized.map((bad) => [bad.name, bad] as const))(
    'over the state limit, %s never reaches the Plan, and validation still names its field',
    async (_name, bad) => {
      const { run, stats } = await runJob(env, bad.job);
      // In AWS, StartExecution refuses an input over 256 KiB; the runner fails the Plan task's input the same way.
      expect(run.status).toBe('FAILED');
      expect(run.error).toBe('States.DataLimitExceeded');
      expect(stats.total.calls).toBe(0);
      // The CLI and the intake validate before starting: that validation must name the field.
      let thrown: unknown;
      try {
        validateJob(bad.job, new Date());
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidJobError);
      expect((thrown as InvalidJobError).field).toBe(bad.field);
    },
  );

  test('the world is exactly as it was after every malformed job', () => {
    expect(env.emulator.world.collection('tmp-a')?.faceIds().sort()).toEqual(faceIdsOf(0xbad1, 5));
    expect(env.emulator.world.collection('tmp-a')?.userCount).toBe(1);
    expect(env.emulator.world.project('door-cam')?.versions.size).toBe(1);
  });
});

describe(`${BAD_ERASURE_EVENTS.length} malformed erasure events through the intake`, () => {
  test('a valid event is started (the zero starts below can fail)', async () => {
    const aws = fakeAws();
    const outcome = await takeErasureRequest(
      erasureEvent({ requestId: 'crm-1', subject: { userId: 'customer-8841' } }),
      aws.deps,
    );
    expect(outcome.kind).toBe('STARTED');
    expect(aws.starts()).toBe(1);
    aws.restore();
  });

  test.each(BAD_ERASURE_EVENTS.map((bad) => [bad.name, bad] as const))(
    'refused before any StartExecution, naming its field: %s',
    async (_name, bad) => {
      const aws = fakeAws();
      try {
        for (const earlier of bad.precededBy ?? []) {
          expect((await takeErasureRequest(earlier, aws.deps)).kind).toMatch(/^(STARTED|DUPLICATE)$/);
        }
        const startsBefore = aws.starts();
        const writesBefore = aws.receiptWrites();
        const receiptsBefore = JSON.stringify([...aws.receipts]);
        aws.published.length = 0;

        const outcome = await takeErasureRequest(bad.event, aws.deps);

        expect(outcome.kind).toBe('REJECTED');
        const reason = outcome.kind === 'REJECTED' ? outcome.reason : undefined;
        expect(reason?.code).toBe(bad.code ?? 'INVALID_REQUEST');
        expect(reason?.field).toBe(bad.field);
        expect(reason?.message.startsWith(`${bad.field}: `)).toBe(true);
        expect(aws.starts()).toBe(startsBefore);
        // Refused requests leave every existing receipt alone; a malformed one records nothing at all.
        expect(JSON.stringify([...aws.receipts])).toBe(receiptsBefore);
        if ((bad.code ?? 'INVALID_REQUEST') === 'INVALID_REQUEST') expect(aws.receiptWrites()).toBe(writesBefore);
        // The refusal is answered on the bus, with the same reason, for the invalid-requests queue and the requester.
        expect(aws.published.map((e) => e.detailType)).toEqual(['ErasureRejected', 'ErasureFailed']);
        for (const event of aws.published) expect(event.detail.reason).toEqual(reason);
        if (bad.mustNotEcho !== undefined) {
          expect(JSON.stringify({ outcome, published: aws.published })).not.toContain(bad.mustNotEcho);
        }
        // Bounded output whatever came in: a 5 MB field does not come back out.
        expect(JSON.stringify(aws.published).length).toBeLessThan(4096);
      } finally {
        aws.restore();
      }
    },
  );

  afterAll(async () => {
    await recordSummary('badInput', {
      malformedJobs: BAD_JOBS.length,
      malformedJobsThroughStateMachine: BAD_JOBS.length,
      rejectedWithInvalidJobError: objects.length,
      notObjects: notObjects.length,
      overStateLimit: oversized.length,
      malformedErasureEvents: BAD_ERASURE_EVENTS.length,
    });
  });
});
