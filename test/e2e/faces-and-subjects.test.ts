import { currentLaneItem } from '../support/lane-items';
import { subjectRefOf } from '../../lambdas/core/erasure/fingerprint';
import { e2eSuite, runJob } from './support/e2e-env';
import { listFaceIds, listUserIds } from './support/sdk-reads';
import { captureWorld, diffWorlds, onlyChanges } from './support/world-state';
import { faceId, facesOf, PROTECT_TAG } from '../support/world-faces';

/** Explicit face ids and GDPR erasure: exactly the requested person's faces and user go, in every collection. */
const suite = e2eSuite();

describe('explicit faces', () => {
  const F = (n: number) => faceId(0x5, n);
  const GHOSTS = [faceId(0xdead, 1), faceId(0xdead, 2)];

  test('deletes the listed faces only; unknown ids are already absent; a face held by a user is disassociated first', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'store', faces: facesOf(0x5, 10), users: [{ userId: 'u-9', faceIds: [F(9), F(10)] }] },
          { id: 'store-hold', tags: PROTECT_TAG, faces: facesOf(0x6, 3) },
        ],
      },
    });
    const before = captureWorld(env.emulator);

    const { run, report, calls } = await runJob(env, {
      faces: [
        { collectionId: 'store', faceIds: [F(1), F(2), F(9), ...GHOSTS] },
        { collectionId: 'store-hold', faceIds: [faceId(0x6, 1)] },
        { collectionId: 'store-closed', faceIds: [F(3)] },
      ],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({ facesDeleted: { store: [F(1), F(2), F(9)], 'store-hold': [faceId(0x6, 1)] } }),
    );
    // The user stays, with the face that was not requested.
    expect(await listUserIds(env.reader, 'store')).toEqual(['u-9']);
    expect(env.emulator.world.collection('store')?.userIdOf(F(10))).toBe('u-9');
    // Refused while held by the user, disassociated from it, then deleted.
    expect(
      calls
        .filter((c) => c.operation === 'DeleteFaces' || c.operation === 'DisassociateFaces')
        .filter((c) => c.input.CollectionId === 'store')
        .map((c) => [c.operation, c.input.FaceIds]),
    ).toEqual([
      ['DeleteFaces', [F(1), F(2), F(9), ...GHOSTS]],
      ['DisassociateFaces', [F(9)]],
      ['DeleteFaces', [F(9)]],
    ]);
    expect(calls.find((c) => c.operation === 'DisassociateFaces')?.input.UserId).toBe('u-9');

    expect(report?.faces).toEqual([
      {
        source: 'faces[0]',
        collectionId: 'store',
        outcome: 'DELETED',
        requested: 5,
        deleted: 3,
        alreadyAbsent: { count: 2, faceIds: GHOSTS },
        failed: { count: 0, faces: [] },
        collectionProtected: false,
      },
      expect.objectContaining({ source: 'faces[1]', outcome: 'DELETED', deleted: 1, collectionProtected: true }),
    ]);
    expect(report?.absent).toEqual([{ kind: 'faces', id: 'store-closed', source: 'faces[2]' }]);
    expect(report?.notes).toEqual([expect.stringMatching(/^faces\[1\]: .*"store-hold".*protect/)]);
    expect(report?.deleted).toMatchObject({ faces: 4, users: 0 });
    expect(report?.planned.faces).toBe(4);
  });
});

describe('subject erasure across every collection', () => {
  const SUBJECT = { userId: 'customer-8841', externalImageIds: ['selfie-8841-01', 'id-card-8841'] };
  const S = (n: number) => faceId(0x5b1ec7, n);
  const O = (n: number) => faceId(0x07e5, n);

  const world = {
    collections: [
      {
        id: 'kyc-eu',
        faces: [
          { faceId: S(1), userId: 'customer-8841', externalImageId: 'selfie-8841-01' },
          { faceId: S(2), userId: 'customer-8841' },
          // The subject's image id, on a face someone else's user holds.
          { faceId: S(3), userId: 'customer-9999', externalImageId: 'id-card-8841' },
          { faceId: O(1), userId: 'customer-9999', externalImageId: 'other-1' },
          { faceId: O(2), externalImageId: 'other-2' },
        ],
      },
      {
        id: 'kyc-eu-archive',
        faces: [
          { faceId: S(4), externalImageId: 'selfie-8841-01' },
          { faceId: O(3), externalImageId: 'selfie-8841-01x' },
        ],
        // A user vector with no face left is still the subject's biometric data.
        users: [{ userId: 'customer-8841' }],
      },
      {
        id: 'visitors',
        tags: PROTECT_TAG,
        faces: [
          { faceId: S(5), userId: 'customer-8841' },
          { faceId: O(4), userId: 'customer-1' },
        ],
      },
      {
        id: 'unrelated',
        faces: [
          { faceId: O(5) },
          { faceId: O(6), userId: 'customer-1' },
          { faceId: O(7), externalImageId: 'SELFIE-8841-01' },
        ],
      },
      {
        id: 'badges',
        // More than one ListFaces page (4096), so the ExternalImageId scan has to page to find the last face.
        faces: [
          { generate: { count: 4200, externalImageIdPrefix: 'badge-' } },
          { faceId: S(6), externalImageId: 'id-card-8841' },
        ],
      },
    ],
  };

  test("deletes the subject's faces and user everywhere, and nothing of anyone else", async () => {
    const env = await suite.start({ seed: world });
    const before = captureWorld(env.emulator);

    const { run, report, calls } = await runJob(env, { requestId: 'dsar-e2e', subjects: [SUBJECT] });

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        facesDeleted: {
          'kyc-eu': [S(1), S(2)],
          'kyc-eu-archive': [S(4)],
          visitors: [S(5)],
          badges: [S(6)],
        },
        usersDeleted: { 'kyc-eu': ['customer-8841'], 'kyc-eu-archive': ['customer-8841'], visitors: ['customer-8841'] },
      }),
    );
    // A face another user holds is never taken by an erasure, even one carrying the subject's image id.
    expect(await listUserIds(env.reader, 'kyc-eu')).toEqual(['customer-9999']);
    expect(await listFaceIds(env.reader, 'kyc-eu')).toEqual([S(3), O(1), O(2)].sort());
    expect(env.emulator.world.collection('kyc-eu')?.userIdOf(S(3))).toBe('customer-9999');
    expect(calls.filter((c) => c.operation === 'DisassociateFaces')).toEqual([]);

    const subject = report?.subjects[0];
    expect(subject).toMatchObject({
      source: 'subjects[0]',
      subjectRef: await subjectRefOf(SUBJECT),
      collectionsSearched: 5,
    });
    const byCollection = Object.fromEntries(
      (subject?.collections ?? []).map((c) => [
        c.collectionId,
        { outcome: c.outcome, user: c.userOutcome, faceIds: [...c.faceIds].sort(), protected: c.collectionProtected },
      ]),
    );
    expect(byCollection).toEqual({
      'kyc-eu': { outcome: 'DELETED', user: 'DELETED', faceIds: [S(1), S(2)].sort(), protected: false },
      'kyc-eu-archive': { outcome: 'DELETED', user: 'DELETED', faceIds: [S(4)], protected: false },
      visitors: { outcome: 'DELETED', user: 'DELETED', faceIds: [S(5)], protected: true },
      unrelated: { outcome: 'ALREADY_ABSENT', user: 'ALREADY_ABSENT', faceIds: [], protected: false },
      badges: { outcome: 'DELETED', user: 'ALREADY_ABSENT', faceIds: [S(6)], protected: false },
    });
    expect(subject?.collections.find((c) => c.collectionId === 'kyc-eu')?.heldByOtherUsers).toEqual([S(3)]);
    // Every collection where something was erased was read back afterwards.
    expect(subject?.collections.map((c) => c.verifiedAbsent)).toEqual([true, true, true, true, true]);
    expect(report?.deleted).toMatchObject({ faces: 5, users: 3 });
    expect(report?.notes).toEqual([expect.stringMatching(/^subjects\[0\]: .*"visitors".*protect/)]);

    // Personal data never leaves in the report, wherever it is serialized.
    const serialized = JSON.stringify(run.output);
    for (const id of [SUBJECT.userId, ...SUBJECT.externalImageIds]) expect(serialized).not.toContain(id);
  });

  test('an incomplete erasure report (the Fail cause) carries no personal data either', async () => {
    const env = await suite.start({ seed: world });
    const { run, report } = await runJob(
      env,
      { subjects: [SUBJECT] },
      {
        hooks: {
          async beforeInvoke(call) {
            // One collection's erasure fails for good (UnsafeOperationError is never retried).
            if (call.stateName !== 'EraseSubject') return;
            const item = await currentLaneItem<{ collectionId: string }, unknown>(call.payload);
            if (item?.target.collectionId === 'visitors') {
              const error = new Error('simulated permanent failure');
              error.name = 'UnsafeOperationError';
              throw error;
            }
          },
        },
      },
    );
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('CleanupIncomplete');
    expect(report?.status).toBe('PARTIALLY_FAILED');
    expect(report?.failures).toEqual([expect.objectContaining({ kind: 'subject', id: 'subjects[0] visitors' })]);
    for (const id of [SUBJECT.userId, ...SUBJECT.externalImageIds]) expect(run.cause).not.toContain(id);
  });
});
