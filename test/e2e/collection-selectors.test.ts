import { DescribeCollectionCommand } from '@aws-sdk/client-rekognition';
import type { World } from '../../local/emulator';
import { e2eSuite, runJob } from './support/e2e-env';
import { listCollectionIds, listFaceIds, listUserIds } from './support/sdk-reads';
import { captureWorld, diffWorlds, onlyChanges } from './support/world-state';
import { faceIdsOf, facesOf } from '../support/world-faces';

/**
 * Retention purges and decommissions by selector: exactly the collections that meet every criterion are emptied
 * (faces and users) or deleted, and every other collection keeps every face, user and tag.
 */
const suite = e2eSuite();

describe('retention purge by prefix and olderThanDays (DELETE_FACES)', () => {
  const world: World = {
    collections: [
      {
        id: 'tmp-old-a',
        createdDaysAgo: 45,
        faces: [
          ...facesOf(0xa, 12, (n) => (n <= 6 ? { userId: `visitor-${Math.ceil(n / 2)}` } : {})),
          { generate: { count: 300, idTag: '0000aaaa', users: { count: 10, facesPerUser: 3 } } },
        ],
        users: [{ userId: 'user-without-faces' }],
      },
      { id: 'tmp-old-b', createdDaysAgo: 31, faces: facesOf(0xb, 20) },
      {
        id: 'tmp-recent',
        createdDaysAgo: 29,
        faces: facesOf(0xc, 8, (n) => (n === 1 ? { userId: 'recent-user' } : {})),
      },
      { id: 'prod-old', createdDaysAgo: 400, faces: facesOf(0xd, 9, () => ({ userId: 'employee-1' })) },
      { id: 'tmp', createdDaysAgo: 400, faces: facesOf(0xe, 3) },
    ],
  };

  test('empties exactly the old tmp- collections and keeps them; everything else is identical', async () => {
    const env = await suite.start({ seed: world });
    const before = captureWorld(env.emulator);

    const { run, report } = await runJob(env, {
      requestId: 'retention-e2e',
      collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.status).toBe('SUCCEEDED');
    const a = before.collections['tmp-old-a']!;
    const b = before.collections['tmp-old-b']!;
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        facesDeleted: { 'tmp-old-a': a.faces, 'tmp-old-b': b.faces },
        usersDeleted: { 'tmp-old-a': a.users },
      }),
    );
    // The emptied collections still exist, and the SDK sees them empty.
    expect(await listCollectionIds(env.reader)).toEqual(['prod-old', 'tmp', 'tmp-old-a', 'tmp-old-b', 'tmp-recent']);
    expect(await listFaceIds(env.reader, 'tmp-old-a')).toEqual([]);
    expect(await listUserIds(env.reader, 'tmp-old-a')).toEqual([]);
    expect(await listFaceIds(env.reader, 'tmp-old-b')).toEqual([]);
    expect(await listFaceIds(env.reader, 'tmp-recent')).toEqual(faceIdsOf(0xc, 8));

    expect(
      report?.collections.map((c) => [c.collectionId, c.action, c.outcome, c.facesDeleted, c.usersDeleted]),
    ).toEqual([
      ['tmp-old-a', 'DELETE_FACES', 'EMPTIED', 312, 14],
      ['tmp-old-b', 'DELETE_FACES', 'EMPTIED', 20, 0],
    ]);
    expect(report?.collections[0]?.reasons).toEqual([expect.stringMatching(/prefix "tmp-".*older than 30 days/)]);
    expect(report?.deleted).toEqual({ faces: 332, collections: 0, users: 14, projectVersions: 0, projects: 0 });
    expect(report?.planned).toMatchObject({ plannedDeletions: 332, faces: 332, collections: 0, users: 14 });
    expect(report?.counts).toEqual({ alreadyAbsent: 0, skipped: 0, failed: 0 });
  });
});

describe('createdBefore', () => {
  test('matches collections created strictly before the instant; one created at the instant is kept', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'events-2024-q4', createdAt: '2024-10-01T00:00:00Z', faces: facesOf(0x1, 5) },
          { id: 'events-2024-q4-late', createdAt: '2024-12-31T23:59:59.999Z', faces: facesOf(0x2, 4) },
          { id: 'events-2025-q1', createdAt: '2025-01-01T00:00:00Z', faces: facesOf(0x3, 6) },
          { id: 'events-2025-q2', createdAt: '2025-04-01T00:00:00Z', faces: facesOf(0x4, 2) },
        ],
      },
    });
    const before = captureWorld(env.emulator);

    // +01:00: the instant is 2024-12-31T23:00:00Z, so the 23:59:59 collection is after it.
    const { run, report } = await runJob(env, {
      collections: [{ select: { createdBefore: '2025-01-01T00:00:00+01:00' }, action: 'DELETE_FACES' }],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ facesDeleted: { 'events-2024-q4': faceIdsOf(0x1, 5) } }),
    );
    expect(report?.collections.map((c) => [c.collectionId, c.outcome, c.facesDeleted])).toEqual([
      ['events-2024-q4', 'EMPTIED', 5],
    ]);
  });

  test('the boundary is strict: a collection created exactly at createdBefore is kept', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'at-cutoff', createdAt: '2025-01-01T00:00:00Z', faces: facesOf(0x1, 2) },
          { id: 'just-before', createdAt: '2024-12-31T23:59:59.999Z', faces: facesOf(0x2, 2) },
        ],
      },
    });
    const before = captureWorld(env.emulator);
    const { run } = await runJob(env, {
      collections: [{ select: { createdBefore: '2025-01-01T00:00:00Z' }, action: 'DELETE_FACES' }],
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ facesDeleted: { 'just-before': faceIdsOf(0x2, 2) } }),
    );
  });
});

describe('tags', () => {
  test('every tag of the filter must match exactly; other tags do not matter', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'kiosk-1', tags: { team: 'kiosk', stage: 'retired', owner: 'x' }, faces: facesOf(0x1, 3) },
          { id: 'kiosk-2', tags: { team: 'kiosk', stage: 'live' }, faces: facesOf(0x2, 3) },
          { id: 'kiosk-3', tags: { team: 'Kiosk', stage: 'retired' }, faces: facesOf(0x3, 3) },
          { id: 'lobby', tags: { stage: 'retired' }, faces: facesOf(0x4, 3) },
          { id: 'untagged', faces: facesOf(0x5, 3) },
        ],
      },
    });
    const before = captureWorld(env.emulator);
    const { run, report } = await runJob(env, {
      collections: [{ select: { tags: { team: 'kiosk', stage: 'retired' } }, action: 'DELETE_FACES' }],
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ facesDeleted: { 'kiosk-1': faceIdsOf(0x1, 3) } }),
    );
    expect(report?.collections.map((c) => c.collectionId)).toEqual(['kiosk-1']);
  });
});

describe('faceModelVersion with DELETE_COLLECTION', () => {
  test('deletes the collections on that face model, faces and all; others stay', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'kiosk-v4', faceModelVersion: '4.0', faces: facesOf(0x1, 7, () => ({ userId: 'u-1' })) },
          { id: 'lobby-v4', faceModelVersion: '4.0' },
          { id: 'kiosk-v6', faceModelVersion: '6.0', faces: facesOf(0x2, 3) },
          { id: 'kiosk-v7', faces: facesOf(0x3, 3) },
          { id: 'kiosk-v4.1', faceModelVersion: '4.1', faces: facesOf(0x4, 1) },
        ],
      },
    });
    const before = captureWorld(env.emulator);
    const { run, report } = await runJob(env, {
      collections: [{ select: { faceModelVersion: '4.0' }, action: 'DELETE_COLLECTION' }],
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ collectionsDeleted: ['kiosk-v4', 'lobby-v4'] }),
    );
    await expect(env.reader.send(new DescribeCollectionCommand({ CollectionId: 'kiosk-v4' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(report?.collections.map((c) => [c.collectionId, c.action, c.outcome, c.facesDeleted])).toEqual([
      ['kiosk-v4', 'DELETE_COLLECTION', 'DELETED', 7],
      ['lobby-v4', 'DELETE_COLLECTION', 'DELETED', 0],
    ]);
    expect(report?.deleted).toMatchObject({ collections: 2, faces: 7 });
    expect(report?.planned).toMatchObject({ plannedDeletions: 9, faces: 7, collections: 2 });
  });
});
