import type { World } from '../../local/emulator';
import { BAD_JOBS } from '../fixtures/bad-jobs';
import { e2eSuite, errorMessageOf, mutatingOperations, runJob } from './support/e2e-env';
import { captureWorld, diffWorlds, onlyChanges, projectArnIn, versionArnIn } from './support/world-state';
import { faceId, faceIdsOf, facesOf } from '../support/world-faces';

/** Before the first delete: dry runs change nothing, maxDeletions refuses big plans, invalid jobs touch nothing. */
const suite = e2eSuite();

const ALICE_KYC = faceIdsOf(0xa11ce, 2);
const ALICE_STORE = faceId(0xa11ce, 9);
const MIXED_WORLD: World = {
  collections: [
    {
      id: 'tmp-old',
      createdDaysAgo: 40,
      faces: facesOf(0x1, 10, (n) => (n <= 4 ? { userId: `trainee-${n % 2}` } : {})),
    },
    { id: 'archive-2020', createdDaysAgo: 1500, faces: facesOf(0x2, 6) },
    { id: 'tmp-new', createdDaysAgo: 2, faces: facesOf(0x3, 3) },
    {
      id: 'kyc',
      createdDaysAgo: 100,
      faces: [...facesOf(0xa11ce, 2, () => ({ userId: 'alice' })), ...facesOf(0x4, 3, () => ({ userId: 'bob' }))],
    },
    {
      id: 'store',
      createdDaysAgo: 100,
      faces: [...facesOf(0x5, 5), { faceId: ALICE_STORE, externalImageId: 'alice-passport' }],
    },
  ],
  projects: [
    {
      name: 'door-cam',
      createdDaysAgo: 300,
      versions: [
        { name: 'v-running', createdDaysAgo: 200, status: 'RUNNING' },
        { name: 'v-stopped', createdDaysAgo: 250, status: 'STOPPED' },
      ],
    },
  ],
};

describe('dry run', () => {
  test('reports what would be deleted and why, changes nothing, and sends only List*/Describe* calls', async () => {
    const env = await suite.start({ seed: MIXED_WORLD });
    const snapshotBefore = JSON.stringify(env.emulator.snapshot());
    const before = captureWorld(env.emulator);
    const projectArn = projectArnIn(env.emulator, 'door-cam');

    const { run, report, stats, calls } = await runJob(env, {
      requestId: 'preview-1',
      dryRun: true,
      collections: [
        { select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' },
        { select: { ids: ['archive-2020'] }, action: 'DELETE_COLLECTION' },
      ],
      faces: [{ collectionId: 'store', faceIds: [faceId(0x5, 1), faceId(0x5, 2), faceId(0xdead, 1)] }],
      subjects: [{ userId: 'alice', externalImageIds: ['alice-passport'] }],
      projectVersions: [{ select: { projectArn }, stopRunning: true }],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(report).toMatchObject({ dryRun: true, status: 'SUCCEEDED', requestId: 'preview-1' });
    expect(report?.collections.map((c) => [c.collectionId, c.action, c.outcome, c.plannedFaces])).toEqual([
      ['archive-2020', 'DELETE_COLLECTION', 'WOULD_DELETE', 6],
      ['tmp-old', 'DELETE_FACES', 'WOULD_EMPTY', 10],
    ]);
    expect(report?.collections[1]?.reasons).toEqual([
      expect.stringMatching(/^collections\[0\]: prefix "tmp-", created .*, older than 30 days$/),
    ]);
    expect(report?.faces).toEqual([
      expect.objectContaining({ source: 'faces[0]', collectionId: 'store', outcome: 'WOULD_DELETE', requested: 3 }),
    ]);
    // The subject is searched in every collection; only its own faces are listed.
    const subjectFaces = Object.fromEntries(
      (report?.subjects[0]?.collections ?? []).map((c) => [c.collectionId, [c.outcome, c.faceIds]]),
    );
    expect(subjectFaces).toEqual({
      'archive-2020': ['WOULD_DELETE', []],
      kyc: ['WOULD_DELETE', ALICE_KYC],
      store: ['WOULD_DELETE', [ALICE_STORE]],
      'tmp-new': ['WOULD_DELETE', []],
      'tmp-old': ['WOULD_DELETE', []],
    });
    expect(report?.subjects[0]).toMatchObject({ collectionsSearched: 5 });
    expect(report?.projectVersions.map((v) => [v.versionArn, v.outcome, v.statusAtPlan]).sort()).toEqual(
      [
        [versionArnIn(env.emulator, 'door-cam', 'v-running'), 'WOULD_DELETE', 'RUNNING'],
        [versionArnIn(env.emulator, 'door-cam', 'v-stopped'), 'WOULD_DELETE', 'STOPPED'],
      ].sort(),
    );
    expect(report?.projectVersions.map((v) => v.reasons)).toEqual([
      ['projectVersions[0]: every version of project "door-cam"'],
      ['projectVersions[0]: every version of project "door-cam"'],
    ]);
    // 10 + 6 faces in the collections, 2 existing explicit faces, 3 subject faces; 1 collection; 2 versions.
    expect(report?.planned).toMatchObject({ faces: 21, collections: 1, projectVersions: 2, plannedDeletions: 24 });
    expect(report?.deleted).toEqual({ faces: 0, collections: 0, users: 0, projectVersions: 0, projects: 0 });

    expect(JSON.stringify(env.emulator.snapshot())).toBe(snapshotBefore);
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(onlyChanges({}));
    expect(stats.total.calls).toBeGreaterThan(0);
    expect(mutatingOperations(stats)).toEqual([]);
    expect(calls.filter((c) => !/^(List|Describe)/.test(c.operation))).toEqual([]);
  });

  // Fixed bug: the dry run promised to delete the user in every searched collection and counted them all; where
  // the search found none of the user's faces it now says WOULD_DELETE_IF_PRESENT and does not count it.
  test('a dry run promises user deletions only where the user exists, and counts only those', async () => {
    const env = await suite.start({ seed: MIXED_WORLD });
    const { report } = await runJob(env, {
      dryRun: true,
      collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }],
      subjects: [{ userId: 'alice', externalImageIds: ['alice-passport'] }],
    });
    const promised = (report?.subjects[0]?.collections ?? [])
      .filter((c) => c.userOutcome === 'WOULD_DELETE')
      .map((c) => c.collectionId);
    expect(promised).toEqual(['kyc']);
    // tmp-old's two trainees, and alice in kyc.
    expect(report?.planned.users).toBe(3);
  });
});

describe('maxDeletions', () => {
  const world: World = {
    collections: [
      { id: 'tmp-a', createdDaysAgo: 40, faces: facesOf(0x1, 30, (n) => (n <= 3 ? { userId: `u-${n}` } : {})) },
      { id: 'tmp-b', createdDaysAgo: 40, faces: facesOf(0x2, 20) },
    ],
    projects: [{ name: 'p', versions: [{ name: 'old', createdDaysAgo: 100, status: 'STOPPED' }] }],
  };
  const job = (maxDeletions: number, projectArn: string) => ({
    maxDeletions,
    collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }],
    projectVersions: [{ select: { projectArn } }],
  });

  test('a plan over the limit fails with MaxDeletionsExceededError before any mutating call', async () => {
    const env = await suite.start({ seed: world });
    const snapshotBefore = JSON.stringify(env.emulator.snapshot());

    // 50 faces + 1 version = 51; the 3 users do not count.
    const { run, outcome, stats, calls } = await runJob(env, job(50, projectArnIn(env.emulator, 'p')));

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('MaxDeletionsExceededError');
    expect(outcome.report).toBeUndefined();
    expect(errorMessageOf(run)).toMatch(/deletes 51 resources, more than maxDeletions=50; nothing was deleted/);
    expect(stats.total.calls).toBeGreaterThan(0);
    expect(mutatingOperations(stats)).toEqual([]);
    expect(calls.filter((c) => !/^(List|Describe)/.test(c.operation))).toEqual([]);
    expect(JSON.stringify(env.emulator.snapshot())).toBe(snapshotBefore);
  });

  test('a plan exactly at the limit runs', async () => {
    const env = await suite.start({ seed: world });
    const before = captureWorld(env.emulator);
    const { run, report } = await runJob(env, job(51, projectArnIn(env.emulator, 'p')));
    expect(run.status).toBe('SUCCEEDED');
    expect(report?.planned.plannedDeletions).toBe(51);
    expect(report?.deleted).toEqual({ faces: 50, collections: 0, users: 3, projectVersions: 1, projects: 0 });
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        facesDeleted: { 'tmp-a': faceIdsOf(0x1, 30), 'tmp-b': faceIdsOf(0x2, 20) },
        usersDeleted: { 'tmp-a': ['u-1', 'u-2', 'u-3'] },
        versionsDeleted: ['p/old'],
      }),
    );
  });
});

describe('an invalid job touches nothing', () => {
  const isObject = (job: unknown) => typeof job === 'object' && job !== null && !Array.isArray(job);
  // Payloads over Step Functions' 256 KiB input limit never reach the Plan (StartExecution refuses them in AWS,
  // and the runner fails them with States.DataLimitExceeded): they are the CLI's and intake's to reject.
  const eligible = BAD_JOBS.filter((bad) => isObject(bad.job) && JSON.stringify(bad.job).length < 200_000);
  const SAMPLE_SIZE = 15;
  const sample = Array.from(
    { length: SAMPLE_SIZE },
    (_, i) => eligible[Math.floor((i * eligible.length) / SAMPLE_SIZE)]!,
  );

  test.each(sample.map((bad) => [bad.name, bad] as const))('%s', async (_name, bad) => {
    const env = await suite.start({ seed: MIXED_WORLD });
    const { run, stats, calls } = await runJob(env, bad.job);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('InvalidJobError');
    expect(errorMessageOf(run).startsWith(`${bad.field}: `)).toBe(true);
    expect(stats.total.calls).toBe(0);
    expect(calls).toEqual([]);
  });

  const notObjects = BAD_JOBS.filter((bad) => !isObject(bad.job));

  test.each(notObjects.map((bad) => [bad.name, bad] as const))(
    'a job that is %s fails and touches nothing',
    async (_name, bad) => {
      const env = await suite.start({ seed: MIXED_WORLD });
      const { run, stats } = await runJob(env, bad.job);
      expect(run.status).toBe('FAILED');
      expect(stats.total.calls).toBe(0);
    },
  );

  // Fixed bug: non-object jobs used to fail with States.ResultPathMatchFailure; the definition now wraps the input
  // (ReadJob) so the Plan rejects them. `null` is the exception locally: aws-local-stepfunctions 3.0.0 cannot
  // evaluate '$' on a null input (States.Runtime before any task), which the test above still covers: nothing runs.
  test.each(notObjects.filter((bad) => bad.job !== null).map((bad) => [bad.name, bad] as const))(
    'a job that is %s fails with InvalidJobError naming the field',
    async (_name, bad) => {
      const env = await suite.start({ seed: MIXED_WORLD });
      const { run } = await runJob(env, bad.job);
      expect(run.error).toBe('InvalidJobError');
      expect(errorMessageOf(run).startsWith(`${bad.field}: `)).toBe(true);
    },
  );
});
