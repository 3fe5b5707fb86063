import { laneItems } from '../support/lane-items';
import {
  DeleteProjectVersionCommand,
  StopProjectVersionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-rekognition';
import type {
  CollectionProgress,
  CollectionTarget,
  ProjectVersionTarget,
  VersionProgress,
} from '../../lambdas/core/contracts';
import type { CleanupJob } from '../../lambdas/core/job/types';
import type { CleanupReport } from '../../lambdas/core/report/types';
import type { World } from '../../local/emulator';
import type { InvocationInfo } from '../../local/runner';
import { type Env, type JobRun, quiesce, reliabilitySuite, runJob, sleep, TRANSITION_MS } from './support/harness';
import { faceId, faceIdsOf, facesOf, PROTECT_TAG } from '../support/world-faces';
import {
  applyDeletions,
  captureWorld,
  type Deletions,
  deletionsBetween,
  normalizeDeletions,
  settled,
  type WorldState,
} from './support/world-state';

/**
 * Jobs running into each other, and people acting on the account while a job runs. Whatever the interleaving: no
 * failure a retry would have fixed, nothing lost (every face that should go is gone, every other face is there),
 * and the reports of the jobs involved add up to what happened.
 */
const suite = reliabilitySuite();

/** Both runs succeeded and reported no failure: nothing was left for a retry to fix. */
function expectClean(...runs: JobRun[]): void {
  for (const { run, report } of runs) {
    expect({ status: run.status, error: run.error, reportStatus: report?.status, failures: report?.failures }).toEqual({
      status: 'SUCCEEDED',
      error: undefined,
      reportStatus: 'SUCCEEDED',
      failures: [],
    });
  }
}

async function settledWorld(env: Env): Promise<WorldState> {
  await quiesce(env.emulator);
  return settled(captureWorld(env.emulator));
}

const collectionOf = (report: CleanupReport | undefined, id: string) =>
  report?.collections.find((c) => c.collectionId === id);

describe('two purges of the same collection at once', () => {
  const world: World = {
    collections: [
      {
        id: 'tmp-shared',
        createdDaysAgo: 40,
        faces: facesOf(0xc1, 600, (n) => (n <= 60 ? { userId: `u-${Math.ceil(n / 3)}` } : {})),
      },
      { id: 'keep', createdDaysAgo: 40, faces: facesOf(0xc2, 30, (n) => (n <= 6 ? { userId: 'k' } : {})) },
    ],
  };

  test('both succeed, the collection is empty, and their counts add up to each face and user once', async () => {
    const env = await suite.start({ seed: world, latencyMs: 4 });
    const before = settled(captureWorld(env.emulator));
    const byId: CleanupJob = { collections: [{ select: { ids: ['tmp-shared'] }, action: 'DELETE_FACES' }] };
    const byPrefix: CleanupJob = { collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] };

    const [a, b] = await Promise.all([
      runJob(env, byId, { lambdaTimeoutMs: 1500 }),
      runJob(env, byPrefix, { lambdaTimeoutMs: 1500 }),
    ]);

    expectClean(a, b);
    // They did overlap: each started before the other finished.
    const span = (r: JobRun) => [r.run.events[0]!.timestamp, r.run.events.at(-1)!.timestamp] as const;
    expect(span(a)[0]).toBeLessThan(span(b)[1]);
    expect(span(b)[0]).toBeLessThan(span(a)[1]);
    const after = await settledWorld(env);
    const expected = normalizeDeletions({
      collections: [],
      faces: { 'tmp-shared': Object.keys(before.collections['tmp-shared']!.faces) },
      users: { 'tmp-shared': Object.keys(before.collections['tmp-shared']!.users) },
      versions: [],
      projects: [],
    });
    expect(deletionsBetween(before, after)).toEqual(expected);
    expect(after).toEqual(applyDeletions(before, expected));
    const [ra, rb] = [collectionOf(a.report, 'tmp-shared')!, collectionOf(b.report, 'tmp-shared')!];
    for (const r of [ra, rb]) {
      expect(r).toMatchObject({ outcome: 'EMPTIED', facesRemaining: 0, plannedFaces: 600 });
      expect(r.facesDeleted + r.facesAlreadyAbsent).toBeLessThanOrEqual(600);
    }
    // Every face and user was deleted by exactly one of them; the other found it gone or never listed it.
    expect(ra.facesDeleted + rb.facesDeleted).toBe(600);
    expect(ra.usersDeleted + rb.usersDeleted).toBe(20);
  });
});

describe('an erasure during a purge of a collection that holds the subject', () => {
  const world: World = {
    collections: [
      {
        id: 'tmp-visitors',
        createdDaysAgo: 40,
        faces: [
          ...facesOf(0xa11c, 3, () => ({ userId: 'alice' })),
          { faceId: faceId(0xa11c, 4), externalImageId: 'alice-passport' },
          ...facesOf(0xd1, 300, (n) => (n <= 30 ? { userId: `v-${n}` } : { externalImageId: `visit-${n}` })),
        ],
      },
      {
        id: 'employees',
        createdDaysAgo: 400,
        faces: [
          ...facesOf(0xa11d, 2, () => ({ userId: 'alice', externalImageId: 'alice-badge' })),
          ...facesOf(0xd2, 100, (n) => (n <= 20 ? { userId: `e-${n}` } : {})),
        ],
      },
      {
        id: 'tmp-this-week',
        createdDaysAgo: 3,
        faces: [{ faceId: faceId(0xa11e, 1), externalImageId: 'alice-passport' }, ...facesOf(0xd3, 20)],
      },
    ],
  };
  const purge: CleanupJob = {
    collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }],
  };
  const erasure: CleanupJob = {
    requestId: 'erasure-during-purge',
    subjects: [{ userId: 'alice', externalImageIds: ['alice-passport'] }],
  };

  test.each([
    ['at the same moment', 'together'],
    ["once the purge's first worker has started", 'mid-purge'],
  ] as const)('started %s: both succeed, every face of the subject is gone, nothing else', async (_when, mode) => {
    const env = await suite.start({ seed: world, latencyMs: 4 });
    const before = settled(captureWorld(env.emulator));
    let erasureRun: Promise<JobRun> | undefined = mode === 'together' ? runJob(env, erasure) : undefined;
    const purgeRun = await runJob(env, purge, {
      lambdaTimeoutMs: 1500,
      hooks: {
        beforeInvoke(call) {
          if (mode === 'mid-purge' && erasureRun === undefined && call.stateName === 'CleanCollection') {
            erasureRun = runJob(env, erasure);
          }
        },
      },
    });
    const erasureDone = await erasureRun!;

    expectClean(purgeRun, erasureDone);
    const after = await settledWorld(env);
    const visitors = before.collections['tmp-visitors']!;
    const expected = normalizeDeletions({
      collections: [],
      faces: {
        'tmp-visitors': Object.keys(visitors.faces),
        employees: faceIdsOf(0xa11d, 2),
        'tmp-this-week': [faceId(0xa11e, 1)],
      },
      users: { 'tmp-visitors': Object.keys(visitors.users), employees: ['alice'] },
      versions: [],
      projects: [],
    });
    expect(deletionsBetween(before, after)).toEqual(expected);
    expect(after).toEqual(applyDeletions(before, expected));

    // Each face and user of tmp-visitors was deleted once, by one job or the other.
    const purged = collectionOf(purgeRun.report, 'tmp-visitors')!;
    const erased = erasureDone.report?.subjects[0]?.collections.find((c) => c.collectionId === 'tmp-visitors');
    expect(purged.facesDeleted + (erased?.facesDeleted ?? 0)).toBe(304);
    expect(purged.usersDeleted + (erased?.userOutcome === 'DELETED' ? 1 : 0)).toBe(31);
    // The erasure accounts for every face it found: deleted by it, or found gone (the purge got there first).
    const subject = erasureDone.report?.subjects[0];
    const accounted = (subject?.collections ?? []).reduce((n, c) => n + c.facesDeleted + c.alreadyAbsent, 0);
    // facesFound is in the report (the plan's subject summary), though SubjectReport does not declare it.
    expect(accounted).toBe((subject as { facesFound?: number } | undefined)?.facesFound);
    const employees = erasureDone.report?.subjects[0]?.collections.find((c) => c.collectionId === 'employees');
    expect(employees).toMatchObject({ outcome: 'DELETED', userOutcome: 'DELETED', facesDeleted: 2 });
  });
});

describe('versions changed by someone else while the workflow polls them', () => {
  const world: World = {
    projects: [
      {
        name: 'door-cam',
        createdDaysAgo: 400,
        versions: [
          { name: 'stopped-by-someone', createdDaysAgo: 200, status: 'RUNNING' },
          { name: 'deleted-by-someone', createdDaysAgo: 190, status: 'STOPPED' },
          { name: 'deleted-while-stopping', createdDaysAgo: 180, status: 'RUNNING' },
          { name: 'training', createdDaysAgo: 170, status: 'TRAINING_IN_PROGRESS' },
          { name: 'protected', createdDaysAgo: 300, status: 'STOPPED', tags: PROTECT_TAG },
          { name: 'current', createdDaysAgo: 5, status: 'RUNNING', minInferenceUnits: 1 },
        ],
      },
    ],
  };

  test('stopped or deleted by someone else: no failure, every target gone, outcomes say who did it', async () => {
    const env = await suite.start({ seed: world });
    const before = settled(captureWorld(env.emulator));
    const arn = (name: string) => before.projects['door-cam']!.versions[name]!.arn;
    const job: CleanupJob = {
      projectVersions: [
        {
          select: { projectArn: before.projects['door-cam']!.arn, olderThanDays: 30, keepLatest: 1 },
          stopRunning: true,
        },
      ],
    };
    const acted: string[] = [];

    const run = await runJob(env, job, {
      hooks: {
        async beforeInvoke(call: InvocationInfo) {
          if (call.stateName !== 'AdvanceProjectVersions') return;
          // The lane polls every unsettled version in this invocation: each one's condition, before its poll.
          for (const item of await laneItems<ProjectVersionTarget, VersionProgress>(call.payload)) {
            if (item.settled) continue;
            await actOn(item.target.versionName, (item.progress as Partial<VersionProgress>).polls ?? 0);
          }
        },
      },
    });

    async function actOn(name: string, polls: number): Promise<void> {
      if (name === 'stopped-by-someone' && polls === 0) {
        await env.reader.send(new StopProjectVersionCommand({ ProjectVersionArn: arn(name) }));
        acted.push(`stopped ${name}`);
      }
      if (name === 'deleted-by-someone' && polls === 0) {
        await env.reader.send(new DeleteProjectVersionCommand({ ProjectVersionArn: arn(name) }));
        acted.push(`deleted ${name}`);
      }
      // The workflow has stopped it and polls while it stops: someone deletes it as soon as it can be deleted.
      if (name === 'deleted-while-stopping' && polls === 1 && !acted.includes(`deleted ${name}`)) {
        await until(() => env.emulator.world.versionByArn(arn(name))?.status === 'STOPPED');
        await env.reader.send(new DeleteProjectVersionCommand({ ProjectVersionArn: arn(name) }));
        acted.push(`deleted ${name}`);
      }
    }

    expect(acted.sort()).toEqual([
      'deleted deleted-by-someone',
      'deleted deleted-while-stopping',
      'stopped stopped-by-someone',
    ]);
    expectClean(run);
    await sleep(TRANSITION_MS + 50);
    const after = await settledWorld(env);
    const targets = ['stopped-by-someone', 'deleted-by-someone', 'deleted-while-stopping', 'training'];
    const expected = normalizeDeletions({
      collections: [],
      faces: {},
      users: {},
      versions: targets.map(arn),
      projects: [],
    });
    expect(deletionsBetween(before, after)).toEqual(expected);
    // 'current' still RUNNING, 'protected' untouched.
    expect(after).toEqual(applyDeletions(before, expected));
    const outcome = (name: string) => run.report?.projectVersions.find((v) => v.versionArn === arn(name));
    expect(outcome('stopped-by-someone')).toMatchObject({ outcome: 'DELETED', stopped: false });
    expect(outcome('deleted-by-someone')).toMatchObject({ outcome: 'ALREADY_ABSENT' });
    expect(outcome('deleted-while-stopping')).toMatchObject({ outcome: 'ALREADY_ABSENT', stopped: true });
    expect(outcome('training')).toMatchObject({ outcome: 'DELETED', stopped: false });
    expect(run.report?.deleted.projectVersions).toBe(2);
  });
});

describe('a protect tag added after planning, before the worker acts', () => {
  const world: World = {
    collections: [
      {
        id: 'tmp-tagged-late',
        createdDaysAgo: 40,
        faces: facesOf(0x7a61, 50, (n) => (n <= 9 ? { userId: `t-${n}` } : {})),
      },
      { id: 'tmp-other', createdDaysAgo: 40, faces: facesOf(0x7a62, 30, (n) => (n <= 3 ? { userId: 'o' } : {})) },
      { id: 'scratch-tagged-late', createdDaysAgo: 40, faces: facesOf(0x7a63, 10) },
    ],
    projects: [
      {
        name: 'p',
        createdDaysAgo: 300,
        versions: [
          { name: 'tagged-late', createdDaysAgo: 100, status: 'STOPPED' },
          { name: 'tagged-while-stopping', createdDaysAgo: 100, status: 'RUNNING' },
          { name: 'plain', createdDaysAgo: 100, status: 'STOPPED' },
        ],
      },
    ],
  };

  test('the collections and versions survive, reported as skipped; the rest of the job goes on', async () => {
    const env = await suite.start({ seed: world });
    const before = settled(captureWorld(env.emulator));
    const version = (name: string) => before.projects.p!.versions[name]!.arn;
    const job: CleanupJob = {
      collections: [
        { select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' },
        { select: { prefix: 'scratch-' }, action: 'DELETE_COLLECTION' },
      ],
      projectVersions: [{ select: { projectArn: before.projects.p!.arn, olderThanDays: 30 }, stopRunning: true }],
    };
    const tagged: string[] = [];
    const protect = async (arn: string, what: string) => {
      await env.reader.send(new TagResourceCommand({ ResourceArn: arn, Tags: PROTECT_TAG }));
      tagged.push(what);
    };

    const run = await runJob(env, job, {
      hooks: {
        async beforeInvoke(call: InvocationInfo) {
          if (call.stateName === 'CleanCollection') {
            // A lane may clean several collections in one invocation: tag each before the lane first acts on it.
            for (const item of await laneItems<CollectionTarget, CollectionProgress>(call.payload)) {
              const first = !item.settled && !('phase' in item.progress);
              if (
                first &&
                item.target.collectionId.endsWith('-tagged-late') &&
                !tagged.includes(item.target.collectionId)
              ) {
                await protect(item.target.collectionArn, item.target.collectionId);
              }
            }
          }
          if (call.stateName !== 'AdvanceProjectVersions') return;
          for (const item of await laneItems<ProjectVersionTarget, VersionProgress>(call.payload)) {
            if (item.settled) continue;
            const { versionName } = item.target;
            const progress = item.progress as Partial<VersionProgress>;
            if (versionName === 'tagged-late' && progress.polls === undefined) {
              await protect(version(versionName), versionName);
            }
            // Stopped by the workflow; the tag arrives while it stops, before it could be deleted.
            if (
              versionName === 'tagged-while-stopping' &&
              progress.stopRequested === true &&
              !tagged.includes(versionName)
            ) {
              await protect(version(versionName), versionName);
            }
          }
        },
      },
    });

    expect(tagged.sort()).toEqual(['scratch-tagged-late', 'tagged-late', 'tagged-while-stopping', 'tmp-tagged-late']);
    expectClean(run);
    await sleep(TRANSITION_MS + 50);
    const after = await settledWorld(env);
    const expected: Deletions = normalizeDeletions({
      collections: [],
      faces: { 'tmp-other': faceIdsOf(0x7a62, 30) },
      users: { 'tmp-other': ['o'] },
      versions: [version('plain')],
      projects: [],
    });
    expect(deletionsBetween(before, after)).toEqual(expected);
    // Byte-identical apart from the tags the test added, and the version the workflow had stopped before its tag.
    const expectedAfter = applyDeletions(before, expected);
    for (const id of ['tmp-tagged-late', 'scratch-tagged-late'])
      expectedAfter.collections[id]!.tags = { ...PROTECT_TAG };
    for (const name of ['tagged-late', 'tagged-while-stopping'])
      expectedAfter.projects.p!.versions[name]!.tags = { ...PROTECT_TAG };
    expectedAfter.projects.p!.versions['tagged-while-stopping']!.status = 'STOPPED';
    expect(after).toEqual(expectedAfter);

    const report = run.report!;
    expect(collectionOf(report, 'tmp-tagged-late')).toMatchObject({ outcome: 'SKIPPED_PROTECTED', facesDeleted: 0 });
    expect(collectionOf(report, 'scratch-tagged-late')).toMatchObject({
      outcome: 'SKIPPED_PROTECTED',
      facesDeleted: 0,
    });
    expect(collectionOf(report, 'tmp-other')).toMatchObject({ outcome: 'EMPTIED', facesDeleted: 30, usersDeleted: 1 });
    for (const name of ['tagged-late', 'tagged-while-stopping']) {
      expect(report.projectVersions.find((v) => v.versionArn === version(name))?.outcome).toBe('SKIPPED_PROTECTED');
    }
    expect(report.skipped.map((s) => s.id).sort()).toEqual(
      ['scratch-tagged-late', 'tmp-tagged-late', version('tagged-late'), version('tagged-while-stopping')].sort(),
    );
    expect(report.deleted).toEqual({ faces: 30, collections: 0, users: 1, projectVersions: 1, projects: 0 });
  });
});

describe('a protect tag added while the first purge invocation is in flight', () => {
  const world: World = {
    collections: [
      { id: 'tmp-late', createdDaysAgo: 40, faces: facesOf(0x7a70, 120, (n) => (n <= 4 ? { userId: 'u' } : {})) },
    ],
  };
  const job: CleanupJob = { collections: [{ select: { ids: ['tmp-late'] }, action: 'DELETE_FACES' }] };
  /**
   * The first CleanCollection invocation empties the collection; meanwhile someone tags it protect; the Lambda dies
   * before answering (or times out with its calls already sent). The retry is a "first" invocation again.
   */
  const hooks = (env: Env) => {
    let done = false;
    return {
      async afterInvoke(call: InvocationInfo) {
        if (call.stateName !== 'CleanCollection' || done) return;
        done = true;
        const arn = env.emulator.world.collection('tmp-late')!.arn;
        await env.reader.send(new TagResourceCommand({ ResourceArn: arn, Tags: PROTECT_TAG }));
        const error = new Error('CleanCollection crashed after its work (injected)');
        error.name = 'Runtime.ExitError';
        throw error;
      },
    };
  };

  test('the job succeeds; the faces deleted before the tag are gone, the tag is kept', async () => {
    const env = await suite.start({ seed: world });
    const result = await runJob(env, job, { hooks: hooks(env) });
    expectClean(result);
    expect(env.emulator.world.collection('tmp-late')).toMatchObject({ faceCount: 0, userCount: 0 });
    expect(Object.fromEntries(env.emulator.world.collection('tmp-late')!.tags)).toEqual(PROTECT_TAG);
  });

  // Fixed bug: the retry of a first invocation that crashed after emptying the collection read the new protect tag
  // and reported SKIPPED_PROTECTED with 0 deleted. It now reads what is left: an emptied collection is EMPTIED, and
  // the faces that went before the tag are accounted for.
  test('the report does not claim the collection was skipped untouched', async () => {
    const env = await suite.start({ seed: world });
    const { report } = await runJob(env, job, { hooks: hooks(env) });
    const item = collectionOf(report, 'tmp-late');
    expect(item?.outcome).not.toBe('SKIPPED_PROTECTED');
    expect((item?.facesDeleted ?? 0) + (item?.facesAlreadyAbsent ?? 0)).toBe(120);
  });
});

describe('a project someone else is already deleting', () => {
  const world: World = { projects: [{ name: 'retired', createdDaysAgo: 300, status: 'DELETING' }] };
  const job = (env: Env): CleanupJob => ({
    projectVersions: [
      { select: { projectArn: env.emulator.world.project('retired')!.arn }, deleteProjectWhenEmpty: true },
    ],
  });

  test('the job succeeds and the project goes', async () => {
    const env = await suite.start({ seed: world, transitionMs: 3000 });
    const result = await runJob(env, job(env));
    expectClean(result);
    expect(env.emulator.world.project('retired')?.status ?? 'GONE').toMatch(/^(DELETING|GONE)$/);
  });

  // Fixed bug: a project already DELETING got a second DeleteProject, counted as this job's deletion. Its status
  // is now read first.
  test('the report does not count a deletion it did not make', async () => {
    const env = await suite.start({ seed: world, transitionMs: 3000 });
    const { report } = await runJob(env, job(env));
    expect(report?.projects[0]?.outcome).toBe('ALREADY_ABSENT');
    expect(report?.deleted.projects).toBe(0);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
