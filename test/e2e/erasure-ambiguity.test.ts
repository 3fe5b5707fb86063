import { AssociateFacesCommand } from '@aws-sdk/client-rekognition';
import { e2eSuite, errorMessageOf, mutatingOperations, runJob } from './support/e2e-env';
import { listFaceIds, listUserIds } from './support/sdk-reads';
import { captureWorld, diffWorlds, onlyChanges } from './support/world-state';
import { faceId, facesOf } from '../support/world-faces';
import { REQUEST_IMAGE_MATCH_LIMIT } from '../../lambdas/core/subjects/subject-too-broad-error';

/**
 * Issue 10, case 4: an ExternalImageId names an image, not a person. An erasure takes the subject's own faces, never
 * a face another user holds, keeps ambiguous matches for review, and refuses a request too broad as a whole.
 */
const suite = e2eSuite();

describe('an erasure through a shared ExternalImageId', () => {
  const A = (n: number) => faceId(0xa11ce, n);
  const BOB = faceId(0xb0b, 1);
  const DAVE = faceId(0xda7e, 1);
  const UNKNOWN = faceId(0x0, 1);
  const world = {
    collections: [
      {
        id: 'members',
        faces: [
          { faceId: A(1), userId: 'alice', externalImageId: 'alice-passport' },
          { faceId: A(2), userId: 'alice' },
          // Unattributed, and the only face alice-passport labels besides alice's own: alice's.
          { faceId: A(3), externalImageId: 'alice-passport' },
          // Alice's own face on the group photo: hers through her UserId, whatever its image id.
          { faceId: A(4), userId: 'alice', externalImageId: 'photo.jpg' },
          { faceId: BOB, userId: 'bob', externalImageId: 'photo.jpg' },
          { faceId: DAVE, userId: 'dave', externalImageId: 'photo.jpg' },
          { faceId: UNKNOWN, externalImageId: 'photo.jpg' },
          ...facesOf(0x7, 5, (n) => ({ externalImageId: `other-${n}` })),
        ],
      },
    ],
  };

  test("alice's faces go; bob's and dave's stay theirs; the unattributed face stays, listed NEEDS_REVIEW", async () => {
    const env = await suite.start({ seed: world });
    const before = captureWorld(env.emulator);

    const { run, report, calls } = await runJob(env, {
      requestId: 'dsar-photo',
      subjects: [{ userId: 'alice', externalImageIds: ['alice-passport', 'photo.jpg'] }],
    });

    // Everything the erasure may do is done: the execution succeeds, the report says review is needed.
    expect(run.status).toBe('SUCCEEDED');
    expect(report?.status).toBe('NEEDS_REVIEW');
    expect(report?.needsReview).toBe(1);
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        facesDeleted: { members: [A(1), A(2), A(3), A(4)].sort() },
        usersDeleted: { members: ['alice'] },
      }),
    );
    expect(await listUserIds(env.reader, 'members')).toEqual(['bob', 'dave']);
    expect(env.emulator.world.collection('members')?.userIdOf(BOB)).toBe('bob');
    expect(env.emulator.world.collection('members')?.userIdOf(DAVE)).toBe('dave');
    expect(calls.filter((c) => c.operation === 'DisassociateFaces')).toEqual([]);
    expect(calls.flatMap((c) => (c.operation === 'DeleteFaces' ? (c.input.FaceIds as string[]) : []))).not.toEqual(
      expect.arrayContaining([BOB]),
    );

    const members = report?.subjects[0]?.collections.find((c) => c.collectionId === 'members');
    expect(members).toMatchObject({
      outcome: 'NEEDS_REVIEW',
      userOutcome: 'DELETED',
      facesDeleted: 4,
      needsReview: [UNKNOWN],
      verifiedAbsent: true,
    });
    expect([...(members?.heldByOtherUsers ?? [])].sort()).toEqual([BOB, DAVE].sort());
    expect([...(members?.faceIds ?? [])].sort()).toEqual([A(1), A(2), A(3), A(4)].sort());
    // The read-back: ListFaces by the erased ids and by alice's UserId, after the deletes.
    const reads = calls.filter((c) => c.operation === 'ListFaces' && c.input.CollectionId === 'members');
    expect(reads.at(-1)?.input).toMatchObject({ UserId: 'alice' });
    expect(reads.at(-2)?.input.FaceIds).toEqual(expect.arrayContaining([A(1), A(2), A(3), A(4)]));
    const serialized = JSON.stringify(run.output);
    for (const raw of ['alice-passport', 'photo.jpg', '"alice"']) expect(serialized).not.toContain(raw);

    // The privacy team settles the review with an explicit faces job, from what the report lists.
    const settle = await runJob(env, { faces: [{ collectionId: 'members', faceIds: members?.needsReview ?? [] }] });
    expect(settle.report?.status).toBe('SUCCEEDED');
    expect(await listFaceIds(env.reader, 'members')).not.toContain(UNKNOWN);
    expect(await listFaceIds(env.reader, 'members')).toEqual(expect.arrayContaining([BOB, DAVE]));
  });
});

describe('a face that another user comes to hold between the plan and the delete', () => {
  const SELFIE = faceId(0x5e1f, 1);
  const BOB = faceId(0xb0b, 1);
  const world = {
    collections: [
      {
        id: 'desk',
        faces: [
          { faceId: faceId(0xa11ce, 1), userId: 'alice' },
          // The only face alice-selfie labels, unattributed at plan time: alice's.
          { faceId: SELFIE, externalImageId: 'alice-selfie' },
          { faceId: BOB, userId: 'bob' },
        ],
      },
    ],
  };

  test('stays with that user, and the erasure says it could not take it and did not verify', async () => {
    const env = await suite.start({ seed: world });
    let associated = false;

    const { run, report, calls } = await runJob(
      env,
      { subjects: [{ userId: 'alice', externalImageIds: ['alice-selfie'] }] },
      {
        hooks: {
          async beforeInvoke(call) {
            if (call.stateName !== 'EraseSubject' || associated) return;
            associated = true;
            await env.reader.send(
              new AssociateFacesCommand({ CollectionId: 'desk', UserId: 'bob', FaceIds: [SELFIE] }),
            );
          },
        },
      },
    );

    expect(associated).toBe(true);
    expect(env.emulator.world.collection('desk')?.userIdOf(SELFIE)).toBe('bob');
    expect(env.emulator.world.collection('desk')?.hasFace(faceId(0xa11ce, 1))).toBe(false);
    expect(calls.filter((c) => c.operation === 'DisassociateFaces')).toEqual([]);
    expect(run.error).toBe('CleanupIncomplete');
    expect(report?.status).toBe('PARTIALLY_FAILED');
    expect(report?.subjects[0]?.collections[0]).toMatchObject({
      outcome: 'PARTIALLY_DELETED',
      verifiedAbsent: false,
      failed: {
        count: 1,
        faces: [{ faceId: SELFIE, reasons: ['ASSOCIATED_TO_AN_EXISTING_USER', 'HELD_BY_ANOTHER_USER'] }],
      },
    });
  });
});

describe('a request too broad for one erasure', () => {
  // cam-7 labels 4,995 faces held by 100 other users in 5 collections: 999 per collection, under the bound in each.
  const PER_COLLECTION = 999;
  const cameraWorld = {
    collections: Array.from({ length: 5 }, (_, c) => ({
      id: `site-${c}`,
      faces: [
        ...facesOf(0x100 + c, PER_COLLECTION, (n) => ({
          externalImageId: 'cam-7',
          userId: `visitor-${c * 20 + (n % 20)}`,
        })),
        ...(c === 0 ? [{ faceId: faceId(0xa11ce, 1), userId: 'alice' }] : []),
      ],
    })),
  };

  test("is refused as a whole at FinalizePlan: no DeleteFaces, no DeleteUser, not even alice's own face", async () => {
    expect(PER_COLLECTION).toBeLessThanOrEqual(REQUEST_IMAGE_MATCH_LIMIT);
    const env = await suite.start({ seed: cameraWorld });
    const before = captureWorld(env.emulator);

    const { run, stats } = await runJob(env, {
      requestId: 'dsar-cam',
      subjects: [{ userId: 'alice', externalImageIds: ['cam-7'] }],
    });

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('SubjectTooBroadError');
    expect(errorMessageOf(run)).toMatch(/subjects\[0\] match at least 4995 faces/);
    expect(errorMessageOf(run)).not.toContain('cam-7');
    expect(mutatingOperations(stats)).toEqual([]);
    expect(stats.operations.DeleteFaces?.calls ?? 0).toBe(0);
    expect(stats.operations.DeleteUser?.calls ?? 0).toBe(0);
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(onlyChanges({}));
  });
});
