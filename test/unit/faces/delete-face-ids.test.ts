import { ID_SAMPLE_LIMIT } from '../../../lambdas/core/contracts';
import { ErrorNames } from '../../../lambdas/core/errors';
import { deleteFaceIds } from '../../../lambdas/core/faces/delete-face-ids';
import { disassociateFromUsers } from '../../../lambdas/core/faces/disassociate-faces';
import type { WorldFace } from '../../../local/emulator';
import { faceIdOf as id, faceIdsOf as faceIds, testRekognition, throttled } from '../../support/in-process-rekognition';

const COLLECTION = 'photos';

function setUp(faces: WorldFace[]) {
  const fake = testRekognition({ [COLLECTION]: faces });
  return { fake };
}

describe('deleteFaceIds', () => {
  it.each([
    [4096, [4096]],
    [4097, [4096, 1]],
    [10_000, [4096, 4096, 1808]],
  ])('deletes %i ids in DeleteFaces batches of at most 4096', async (count, batchSizes) => {
    const ids = faceIds(count);
    const { fake } = setUp(ids.map((faceId) => ({ faceId })));

    const tally = await deleteFaceIds(fake.client, COLLECTION, ids);

    expect(fake.callsOf('DeleteFaces').map((input) => (input.FaceIds as string[]).length)).toEqual(batchSizes);
    expect(fake.idsSentToDeleteFaces()).toEqual(ids);
    expect(tally).toMatchObject({ deleted: count, alreadyAbsentCount: 0, failedCount: 0, collectionAbsent: false });
    expect(fake.liveFaceIds(COLLECTION)).toEqual([]);
  });

  it('counts FACE_NOT_FOUND as already absent, not as a failure', async () => {
    const { fake } = setUp([{ faceId: id('present') }]);

    const tally = await deleteFaceIds(fake.client, COLLECTION, [id('present'), id('gone-1'), id('gone-2')]);

    expect(tally).toMatchObject({ deleted: 1, alreadyAbsentCount: 2, failedCount: 0, failed: [] });
    expect(tally.alreadyAbsentSample).toEqual([id('gone-1'), id('gone-2')]);
  });

  it('caps the id samples at ID_SAMPLE_LIMIT while the counts stay exact', async () => {
    const { fake } = setUp([]);

    const tally = await deleteFaceIds(fake.client, COLLECTION, faceIds(250));

    expect(tally.alreadyAbsentCount).toBe(250);
    expect(tally.alreadyAbsentSample).toHaveLength(ID_SAMPLE_LIMIT);
    expect(tally.alreadyAbsentSample).toEqual(faceIds(ID_SAMPLE_LIMIT));
  });

  it('disassociates faces ASSOCIATED_TO_AN_EXISTING_USER (UserId in the answer), then deletes them', async () => {
    const { fake } = setUp([
      { faceId: id('a1'), userId: 'alice' },
      { faceId: id('a2'), userId: 'alice' },
      { faceId: id('b1'), userId: 'bob' },
      { faceId: id('free') },
    ]);

    const tally = await deleteFaceIds(fake.client, COLLECTION, [id('a1'), id('a2'), id('b1'), id('free')]);

    expect(tally).toMatchObject({ deleted: 4, disassociated: 3, failedCount: 0, alreadyAbsentCount: 0 });
    expect(fake.callsOf('DisassociateFaces')).toEqual([
      { CollectionId: COLLECTION, UserId: 'alice', FaceIds: [id('a1'), id('a2')] },
      { CollectionId: COLLECTION, UserId: 'bob', FaceIds: [id('b1')] },
    ]);
    expect(fake.callsOf('ListFaces')).toEqual([]);
    expect(fake.callsOf('DeleteFaces').map((input) => input.FaceIds)).toEqual([
      [id('a1'), id('a2'), id('b1'), id('free')],
      [id('a1'), id('a2'), id('b1')],
    ]);
    expect(fake.liveFaceIds(COLLECTION)).toEqual([]);
  });

  it('finds the user with ListFaces (FaceIds filter) when DeleteFaces does not name it', async () => {
    const { fake } = setUp([{ faceId: id('a1'), userId: 'alice' }, { faceId: id('free') }]);
    // An answer that leaves UserId out of its ASSOCIATED_TO_AN_EXISTING_USER entries.
    fake.rewriteAnswers('DeleteFaces', (output) => ({
      ...output,
      UnsuccessfulFaceDeletions: (output.UnsuccessfulFaceDeletions as Array<Record<string, unknown>>).map(
        ({ UserId: _user, ...rest }) => rest,
      ),
    }));

    const tally = await deleteFaceIds(fake.client, COLLECTION, [id('a1'), id('free')]);

    expect(fake.callsOf('ListFaces')).toEqual([
      expect.objectContaining({ CollectionId: COLLECTION, FaceIds: [id('a1')], MaxResults: 4096 }),
    ]);
    expect(fake.callsOf('DisassociateFaces')).toEqual([
      { CollectionId: COLLECTION, UserId: 'alice', FaceIds: [id('a1')] },
    ]);
    expect(tally).toMatchObject({ deleted: 2, disassociated: 1, failedCount: 0 });
    expect(fake.liveFaceIds(COLLECTION)).toEqual([]);
  });

  it('disassociates each user its own faces, at most 100 per DisassociateFaces call', async () => {
    // A user holds at most 100 faces (the emulator refuses more, as the service does): 250 faces, three users.
    const ids = faceIds(250);
    const { fake } = setUp(ids.map((faceId, i) => ({ faceId, userId: `crowd-${Math.floor(i / 100)}` })));

    const tally = await deleteFaceIds(fake.client, COLLECTION, ids);

    expect(
      fake.callsOf('DisassociateFaces').map((input) => [input.UserId, (input.FaceIds as string[]).length]),
    ).toEqual([
      ['crowd-0', 100],
      ['crowd-1', 100],
      ['crowd-2', 50],
    ]);
    expect(fake.callsOf('DisassociateFaces').flatMap((input) => input.FaceIds as string[])).toEqual(ids);
    expect(tally).toMatchObject({ deleted: 250, disassociated: 250, failedCount: 0 });
    expect(fake.liveFaceIds(COLLECTION)).toEqual([]);
  });

  it('reports a face that stays associated as failed, with the reasons from both calls', async () => {
    const { fake } = setUp([{ faceId: id('a1'), userId: 'alice' }]);
    // Someone moves the face to another user between DeleteFaces and DisassociateFaces.
    fake.beforeCall = (call) => {
      if (call.name === 'DisassociateFaces') fake.setHolder(COLLECTION, id('a1'), 'mallory');
    };

    const tally = await deleteFaceIds(fake.client, COLLECTION, [id('a1')]);

    expect(tally).toMatchObject({ deleted: 0, failedCount: 1, disassociated: 0 });
    expect(tally.failed).toEqual([
      { faceId: id('a1'), reasons: ['ASSOCIATED_TO_AN_EXISTING_USER', 'DISASSOCIATE_ASSOCIATED_TO_A_DIFFERENT_USER'] },
    ]);
    expect(fake.liveFaceIds(COLLECTION)).toEqual([id('a1')]);
  });

  it('deletes a face released by its user between DeleteFaces and DisassociateFaces, with no note', async () => {
    const { fake } = setUp([{ faceId: id('a1'), userId: 'alice' }, { faceId: id('b1') }]);
    // Someone deletes the user meanwhile: DisassociateFaces then ignores the face (documented) and says nothing.
    let released = false;
    fake.beforeCall = (call) => {
      if (call.name !== 'DisassociateFaces' || released) return;
      released = true;
      fake.setHolder(COLLECTION, id('a1'), undefined);
    };

    const tally = await deleteFaceIds(fake.client, COLLECTION, [id('a1')]);

    expect(tally).toMatchObject({ deleted: 1, failedCount: 0, disassociated: 0, failed: [] });
    expect(fake.liveFaceIds(COLLECTION)).toEqual([id('b1')]);
    const again = await disassociateFromUsers(fake.client, COLLECTION, [{ faceId: id('b1'), userId: 'alice' }]);
    expect(again).toEqual({ disassociated: 0, notes: new Map(), kept: new Set() });
  });

  it('reports an unknown reason as failed, as Rekognition gave it', async () => {
    const { fake } = setUp([]);
    // Reasons the model does not know: the service may add one.
    fake.rewriteAnswers('DeleteFaces', () => ({
      DeletedFaces: [id('x')],
      UnsuccessfulFaceDeletions: [
        { FaceId: id('y'), Reasons: ['SOMETHING_NEW'] },
        { FaceId: id('z'), Reasons: [] },
      ],
    }));

    const tally = await deleteFaceIds(fake.client, COLLECTION, [id('x'), id('y'), id('z')]);

    expect(tally).toMatchObject({ deleted: 1, failedCount: 2, alreadyAbsentCount: 0 });
    expect(tally.failed).toEqual([
      { faceId: id('y'), reasons: ['SOMETHING_NEW'] },
      { faceId: id('z'), reasons: ['UNKNOWN'] },
    ]);
  });

  it('treats the collection vanishing mid-way as: every remaining id is already absent, no more calls', async () => {
    const ids = faceIds(10_000);
    const { fake } = setUp(ids.map((faceId) => ({ faceId })));
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteFaces' && fake.callsOf('DeleteFaces').length === 2)
        fake.world.deleteCollection(COLLECTION);
    };

    const tally = await deleteFaceIds(fake.client, COLLECTION, ids);

    expect(fake.callsOf('DeleteFaces')).toHaveLength(2);
    expect(tally).toMatchObject({
      deleted: 4096,
      alreadyAbsentCount: 10_000 - 4096,
      collectionAbsent: true,
      failedCount: 0,
    });
  });

  it('treats a collection gone before the retry of associated faces as absent', async () => {
    const { fake } = setUp([{ faceId: id('a1'), userId: 'alice' }, { faceId: id('free') }]);
    fake.beforeCall = (call) => {
      if (call.name === 'DisassociateFaces') fake.world.deleteCollection(COLLECTION);
    };

    const tally = await deleteFaceIds(fake.client, COLLECTION, [id('a1'), id('free')]);

    expect(tally).toMatchObject({ deleted: 1, alreadyAbsentCount: 1, collectionAbsent: true, failedCount: 0 });
    expect(tally.alreadyAbsentSample).toEqual([id('a1')]);
  });

  it('surfaces throttling that outlived the SDK retries as RekognitionThrottledError', async () => {
    const { fake } = setUp([{ faceId: id('a') }]);
    fake.beforeCall = () => {
      throw throttled();
    };

    await expect(deleteFaceIds(fake.client, COLLECTION, [id('a')])).rejects.toMatchObject({
      name: ErrorNames.RekognitionThrottled,
    });
  });

  it('re-throws errors it does not understand unchanged', async () => {
    const { fake } = setUp([{ faceId: id('a') }]);
    const boom = new Error('boom');
    fake.beforeCall = () => {
      throw boom;
    };

    await expect(deleteFaceIds(fake.client, COLLECTION, [id('a')])).rejects.toBe(boom);
  });

  it('makes no call for an empty list', async () => {
    const { fake } = setUp([]);

    const tally = await deleteFaceIds(fake.client, COLLECTION, []);

    expect(fake.calls).toEqual([]);
    expect(tally.deleted + tally.alreadyAbsentCount + tally.failedCount).toBe(0);
  });
});
