import { CreateUserCommand } from '@aws-sdk/client-rekognition';
import type { World } from '../../local/emulator';
import { e2eSuite, mutatingOperations, runJob } from './support/e2e-env';
import { listUserIds } from './support/sdk-reads';
import { until } from './support/wait';
import { captureWorld, diffWorlds, onlyChanges, projectArnIn, versionArnIn } from './support/world-state';
import { facesOf } from '../support/world-faces';

/**
 * Running the same job again is a no-op: the second run deletes nothing, says why (already absent, nothing left),
 * and succeeds. Each run is a new execution, as a re-submitted job is in Step Functions.
 */
const suite = e2eSuite();

const NOTHING_DELETED = { faces: 0, collections: 0, users: 0, projectVersions: 0, projects: 0 };

describe('the same job twice', () => {
  test('retention purge: the second run empties nothing and succeeds', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'tmp-a', createdDaysAgo: 40, faces: facesOf(0x1, 25, (n) => (n <= 4 ? { userId: `u-${n}` } : {})) },
          { id: 'keep', faces: facesOf(0x2, 3) },
        ],
      },
    });
    const job = { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }] };
    const first = await runJob(env, job);
    expect(first.report?.deleted).toMatchObject({ faces: 25, users: 4 });
    const afterFirst = captureWorld(env.emulator);

    const second = await runJob(env, job);

    expect(second.run.status).toBe('SUCCEEDED');
    expect(second.report?.status).toBe('SUCCEEDED');
    expect(second.report?.deleted).toEqual(NOTHING_DELETED);
    expect(second.report?.collections.map((c) => [c.collectionId, c.outcome, c.plannedFaces, c.facesDeleted])).toEqual([
      ['tmp-a', 'EMPTIED', 0, 0],
    ]);
    expect(diffWorlds(afterFirst, captureWorld(env.emulator))).toEqual(onlyChanges({}));
    expect(mutatingOperations(second.stats)).toEqual([]);
  });

  const SUBJECT_WORLD: World = {
    collections: [
      {
        id: 'kyc',
        faces: [
          ...facesOf(0xa11ce, 2, () => ({ userId: 'alice' })),
          { faceId: '000a11ce-0000-4000-8000-0000000000ff', externalImageId: 'alice-passport' },
          ...facesOf(0xb0b, 2, () => ({ userId: 'bob' })),
        ],
      },
      { id: 'visitors', faces: facesOf(0xc, 2) },
    ],
  };
  const ERASURE = { subjects: [{ userId: 'alice', externalImageIds: ['alice-passport'] }] };

  test('subject erasure: the second run finds nothing, deletes nothing and succeeds', async () => {
    const env = await suite.start({ seed: SUBJECT_WORLD });
    const first = await runJob(env, ERASURE);
    expect(first.report?.deleted).toMatchObject({ faces: 3, users: 1 });
    const afterFirst = captureWorld(env.emulator);

    const second = await runJob(env, ERASURE);

    expect(second.run.status).toBe('SUCCEEDED');
    expect(second.report?.deleted).toEqual(NOTHING_DELETED);
    expect(
      second.report?.subjects[0]?.collections.map((c) => [c.collectionId, c.outcome, c.userOutcome, c.faceIds]),
    ).toEqual([
      ['kyc', 'ALREADY_ABSENT', 'ALREADY_ABSENT', []],
      ['visitors', 'ALREADY_ABSENT', 'ALREADY_ABSENT', []],
    ]);
    expect(diffWorlds(afterFirst, captureWorld(env.emulator))).toEqual(onlyChanges({}));
    // The only change it attempts is DeleteUser, which finds no user.
    expect(mutatingOperations(second.stats)).toEqual(['DeleteUser']);
    expect(second.calls.filter((c) => c.operation === 'DeleteUser').map((c) => c.error)).toEqual([
      'ResourceNotFoundException',
      'ResourceNotFoundException',
    ]);
  });

  // Fixed bug: the DeleteUser ClientRequestToken was derived from the execution name only, which a local re-run
  // under the same requestId reuses; Rekognition then replayed the first answer and kept a re-enrolled user. The
  // token now includes the execution's start time.
  test('subject erasure with a requestId, run again locally after the person re-enrolled: the user is erased', async () => {
    const env = await suite.start({ seed: SUBJECT_WORLD });
    const job = { requestId: 'dsar-0042', ...ERASURE };
    await runJob(env, job);
    await env.reader.send(new CreateUserCommand({ CollectionId: 'kyc', UserId: 'alice' }));

    const second = await runJob(env, job);

    expect(second.run.status).toBe('SUCCEEDED');
    expect(await listUserIds(env.reader, 'kyc')).toEqual(['bob']);
    expect(second.report?.deleted.users).toBe(1);
  });

  test('model decommission: the second run reports the project and versions absent and succeeds', async () => {
    const env = await suite.start({
      transitionMs: 150,
      seed: {
        projects: [
          {
            name: 'door-cam',
            versions: [
              { name: 'v1', createdDaysAgo: 90, status: 'RUNNING' },
              { name: 'v2', createdDaysAgo: 80, status: 'STOPPED' },
            ],
          },
          {
            name: 'kiosk',
            versions: [
              { name: 'k1', status: 'STOPPED' },
              { name: 'k2', status: 'STOPPED' },
            ],
          },
        ],
      },
    });
    const projectArn = projectArnIn(env.emulator, 'door-cam');
    const k1 = versionArnIn(env.emulator, 'kiosk', 'k1');
    const job = {
      projectVersions: [
        { select: { projectArn }, deleteProjectWhenEmpty: true, stopRunning: true },
        { select: { arns: [k1] } },
      ],
    };
    const first = await runJob(env, job);
    expect(first.report?.deleted).toMatchObject({ projectVersions: 3, projects: 1 });
    // The project's own deletion completes on the service's clock; a re-run comes later than that.
    await until(() => env.emulator.world.project('door-cam') === undefined, 'door-cam is gone');
    const afterFirst = captureWorld(env.emulator);

    const second = await runJob(env, job);

    expect(second.run.status).toBe('SUCCEEDED');
    expect(second.report?.deleted).toEqual(NOTHING_DELETED);
    expect(second.report?.projectVersions).toEqual([]);
    expect(second.report?.absent).toEqual([
      { kind: 'project', id: projectArn, source: 'projectVersions[0]' },
      { kind: 'project-version', id: k1, source: 'projectVersions[1]' },
    ]);
    expect(second.report?.counts.alreadyAbsent).toBe(2);
    expect(diffWorlds(afterFirst, captureWorld(env.emulator))).toEqual(onlyChanges({}));
    expect(mutatingOperations(second.stats)).toEqual([]);
  });
});
