import { TagResourceCommand } from '@aws-sdk/client-rekognition';
import { e2eSuite, runJob } from './support/e2e-env';
import { captureWorld, diffWorlds, onlyChanges, projectArnIn, versionArnIn } from './support/world-state';
import { faceIdsOf, facesOf, PROTECT_TAG } from '../support/world-faces';

/**
 * The protect tag stops selectors, explicit ids and ARNs included, and is read again right before each delete, so
 * a tag added while the job runs still protects.
 */
const suite = e2eSuite();

describe('protected collections', () => {
  test('a matching protected collection is skipped as PROTECTED and untouched, by selector and by explicit id', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'tmp-a', createdDaysAgo: 40, faces: facesOf(0x1, 4, (n) => (n === 1 ? { userId: 'u-a' } : {})) },
          {
            id: 'tmp-kiosk',
            createdDaysAgo: 60,
            tags: { ...PROTECT_TAG, owner: 'security' },
            faces: facesOf(0x2, 5, (n) => (n <= 2 ? { userId: 'guard' } : {})),
          },
          // The value is compared case-insensitively.
          { id: 'tmp-legal-hold', createdDaysAgo: 90, tags: { 'cleanup:protect': 'TRUE' }, faces: facesOf(0x3, 2) },
          // Any other value does not protect.
          { id: 'tmp-not-protected', createdDaysAgo: 90, tags: { 'cleanup:protect': 'no' }, faces: facesOf(0x4, 2) },
        ],
      },
    });
    const before = captureWorld(env.emulator);

    const { run, report } = await runJob(env, {
      collections: [
        { select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' },
        { select: { ids: ['tmp-kiosk'] }, action: 'DELETE_COLLECTION' },
      ],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        facesDeleted: { 'tmp-a': faceIdsOf(0x1, 4), 'tmp-not-protected': faceIdsOf(0x4, 2) },
        usersDeleted: { 'tmp-a': ['u-a'] },
      }),
    );
    expect(report?.collections.map((c) => c.collectionId)).toEqual(['tmp-a', 'tmp-not-protected']);
    expect(report?.skipped).toEqual([
      {
        kind: 'collection',
        id: 'tmp-kiosk',
        reason: 'PROTECTED',
        detail: expect.stringMatching(/collections\[0\].*protect tag.*collections\[1\].*listed by id/s),
      },
      { kind: 'collection', id: 'tmp-legal-hold', reason: 'PROTECTED', detail: expect.stringContaining('protect') },
    ]);
    expect(report?.counts.skipped).toBe(2);
    expect(report?.planned.faces).toBe(6);
  });

  test('a protect tag added after planning, before the collection is cleaned, still protects it', async () => {
    const env = await suite.start({
      seed: { collections: [{ id: 'tmp-a', createdDaysAgo: 40, faces: facesOf(0x1, 6) }] },
    });
    const before = captureWorld(env.emulator);
    const arn = env.emulator.world.collection('tmp-a')!.arn;

    const { run, report } = await runJob(
      env,
      { collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] },
      {
        hooks: {
          async beforeInvoke(call) {
            // Someone puts the collection on legal hold between the plan and the purge.
            if (call.stateName === 'CleanCollection' && call.sequence === 1) {
              await env.reader.send(new TagResourceCommand({ ResourceArn: arn, Tags: PROTECT_TAG }));
            }
          },
        },
      },
    );

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.planned.faces).toBe(6);
    expect(report?.collections.map((c) => [c.collectionId, c.outcome, c.facesDeleted])).toEqual([
      ['tmp-a', 'SKIPPED_PROTECTED', 0],
    ]);
    expect(report?.skipped).toEqual([
      { kind: 'collection', id: 'tmp-a', reason: 'PROTECTED', detail: 'tagged after planning' },
    ]);
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ metadataChanged: ['collection tmp-a'] }),
    );
  });
});

describe('protected project versions', () => {
  const world = {
    projects: [
      {
        name: 'door-cam',
        createdDaysAgo: 300,
        versions: [
          { name: 'v1', createdDaysAgo: 200, status: 'STOPPED' as const },
          { name: 'golden', createdDaysAgo: 250, status: 'STOPPED' as const, tags: PROTECT_TAG },
          { name: 'golden-running', createdDaysAgo: 240, status: 'RUNNING' as const, tags: PROTECT_TAG },
        ],
      },
    ],
  };

  test('a protected version is skipped as PROTECTED and untouched, by selector and by explicit ARN', async () => {
    const env = await suite.start({ seed: world });
    const before = captureWorld(env.emulator);
    const golden = versionArnIn(env.emulator, 'door-cam', 'golden');
    const goldenRunning = versionArnIn(env.emulator, 'door-cam', 'golden-running');
    const v1 = versionArnIn(env.emulator, 'door-cam', 'v1');

    const { run, report, calls } = await runJob(env, {
      projectVersions: [
        // stopRunning, so that only the protect tag keeps golden-running from being stopped.
        { select: { projectArn: projectArnIn(env.emulator, 'door-cam'), olderThanDays: 30 }, stopRunning: true },
        { select: { arns: [golden] } },
      ],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(onlyChanges({ versionsDeleted: ['door-cam/v1'] }));
    expect(report?.projectVersions.map((v) => [v.versionArn, v.outcome])).toEqual([[v1, 'DELETED']]);
    expect(report?.skipped.map((s) => [s.kind, s.id, s.reason]).sort()).toEqual(
      [
        ['project-version', golden, 'PROTECTED'],
        ['project-version', goldenRunning, 'PROTECTED'],
      ].sort(),
    );
    // Not even stopped: a protected running model keeps serving.
    expect(calls.filter((c) => c.operation === 'StopProjectVersion')).toEqual([]);
  });

  test('a protect tag added while a running version is being stopped keeps it from being deleted', async () => {
    const env = await suite.start({
      seed: { projects: [{ name: 'door-cam', versions: [{ name: 'v2', createdDaysAgo: 100, status: 'RUNNING' }] }] },
    });
    const before = captureWorld(env.emulator);
    const arn = versionArnIn(env.emulator, 'door-cam', 'v2');

    const { run, report, calls } = await runJob(
      env,
      { projectVersions: [{ select: { arns: [arn] } }] },
      {
        hooks: {
          async beforeInvoke(call) {
            if (call.stateName === 'AdvanceProjectVersions' && call.sequence === 2) {
              await env.reader.send(new TagResourceCommand({ ResourceArn: arn, Tags: PROTECT_TAG }));
            }
          },
        },
      },
    );

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.projectVersions).toEqual([
      expect.objectContaining({
        versionArn: arn,
        outcome: 'SKIPPED_PROTECTED',
        statusAtPlan: 'RUNNING',
        stopped: true,
      }),
    ]);
    expect(report?.skipped).toEqual([
      { kind: 'project-version', id: arn, reason: 'PROTECTED', detail: 'tagged after planning' },
    ]);
    expect(calls.filter((c) => c.operation === 'DeleteProjectVersion')).toEqual([]);
    // It was stopped before the tag appeared; it is still there, stopped.
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ versionsChanged: ['door-cam/v2: RUNNING -> STOPPED'], metadataChanged: ['version door-cam/v2'] }),
    );
  });
});
