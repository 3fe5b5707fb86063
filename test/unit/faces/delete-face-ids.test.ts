import { DeleteFacesCommand } from '@aws-sdk/client-rekognition';
import { ID_SAMPLE_LIMIT } from '../../../lambdas/core/contracts';
import { ErrorNames } from '../../../lambdas/core/errors';
import { deleteFaceIds } from '../../../lambdas/core/faces/delete-face-ids';
import { disassociateFromUsers } from '../../../lambdas/core/faces/disassociate-faces';
import { FakeCollection, FakeRekognition, faceIds, throttled } from './support/fake-rekognition';

const COLLECTION = 'photos';

function setUp(faces: Parameters<FakeCollection['addFaces']>[0], options = {}) {
  const collection = new FakeCollection(COLLECTION, faces);
  return { collection, fake: new FakeRekognition([collection], options) };
}

describe('deleteFaceIds', () => {
  it.each([
    [4096, [4096]],
    [4097, [4096, 1]],
    [10_000, [4096, 4096, 1808]],
  ])('deletes %i ids in DeleteFaces batches of at most 4096', async (count, batchSizes) => {
    const ids = faceIds(count);
    const { collection, fake } = setUp(ids.map((faceId) => ({ faceId })));

    const tally = await deleteFaceIds(fake.client, COLLECTION, ids);

    expect(fake.callsOf('DeleteFaces').map((input) => (input.FaceIds as string[]).length)).toEqual(batchSizes);
    expect(fake.idsSentToDeleteFaces()).toEqual(ids);
    expect(tally).toMatchObject({ deleted: count, alreadyAbsentCount: 0, failedCount: 0, collectionAbsent: false });
    expect(collection.liveFaceIds()).toEqual([]);
  });

  it('counts FACE_NOT_FOUND as already absent, not as a failure', async () => {
    const { fake } = setUp([{ faceId: 'present' }]);

    const tally = await deleteFaceIds(fake.client, COLLECTION, ['present', 'gone-1', 'gone-2']);

    expect(tally).toMatchObject({ deleted: 1, alreadyAbsentCount: 2, failedCount: 0, failed: [] });
    expect(tally.alreadyAbsentSample).toEqual(['gone-1', 'gone-2']);
  });

  it('caps the id samples at ID_SAMPLE_LIMIT while the counts stay exact', async () => {
    const { fake } = setUp([]);

    const tally = await deleteFaceIds(fake.client, COLLECTION, faceIds(250));

    expect(tally.alreadyAbsentCount).toBe(250);
    expect(tally.alreadyAbsentSample).toHaveLength(ID_SAMPLE_LIMIT);
    expect(tally.alreadyAbsentSample).toEqual(faceIds(ID_SAMPLE_LIMIT));
  });

  it('disassociates faces ASSOCIATED_TO_AN_EXISTING_USER (UserId in the answer), then deletes them', async () => {
    const { collection, fake } = setUp([
      { faceId: 'a1', userId: 'alice' },
      { faceId: 'a2', userId: 'alice' },
      { faceId: 'b1', userId: 'bob' },
      { faceId: 'free' },
    ]);

    const tally = await deleteFaceIds(fake.client, COLLECTION, ['a1', 'a2', 'b1', 'free']);

    expect(tally).toMatchObject({ deleted: 4, disassociated: 3, failedCount: 0, alreadyAbsentCount: 0 });
    expect(fake.callsOf('DisassociateFaces')).toEqual([
      { CollectionId: COLLECTION, UserId: 'alice', FaceIds: ['a1', 'a2'] },
      { CollectionId: COLLECTION, UserId: 'bob', FaceIds: ['b1'] },
    ]);
    expect(fake.callsOf('ListFaces')).toEqual([]);
    expect(fake.callsOf('DeleteFaces').map((input) => input.FaceIds)).toEqual([
      ['a1', 'a2', 'b1', 'free'],
      ['a1', 'a2', 'b1'],
    ]);
    expect(collection.liveFaceIds()).toEqual([]);
  });

  it('finds the user with ListFaces (FaceIds filter) when DeleteFaces does not name it', async () => {
    const { collection, fake } = setUp([{ faceId: 'a1', userId: 'alice' }, { faceId: 'free' }], {
      omitUserIdOnAssociated: true,
    });

    const tally = await deleteFaceIds(fake.client, COLLECTION, ['a1', 'free']);

    expect(fake.callsOf('ListFaces')).toEqual([
      expect.objectContaining({ CollectionId: COLLECTION, FaceIds: ['a1'], MaxResults: 4096 }),
    ]);
    expect(fake.callsOf('DisassociateFaces')).toEqual([{ CollectionId: COLLECTION, UserId: 'alice', FaceIds: ['a1'] }]);
    expect(tally).toMatchObject({ deleted: 2, disassociated: 1, failedCount: 0 });
    expect(collection.liveFaceIds()).toEqual([]);
  });

  it('disassociates at most 100 faces per DisassociateFaces call', async () => {
    const ids = faceIds(250);
    const { collection, fake } = setUp(ids.map((faceId) => ({ faceId, userId: 'crowd' })));

    const tally = await deleteFaceIds(fake.client, COLLECTION, ids);

    expect(fake.callsOf('DisassociateFaces').map((input) => (input.FaceIds as string[]).length)).toEqual([
      100, 100, 50,
    ]);
    expect(fake.callsOf('DisassociateFaces').flatMap((input) => input.FaceIds as string[])).toEqual(ids);
    expect(tally).toMatchObject({ deleted: 250, disassociated: 250, failedCount: 0 });
    expect(collection.liveFaceIds()).toEqual([]);
  });

  it('reports a face that stays associated as failed, with the reasons from both calls', async () => {
    const { collection, fake } = setUp([{ faceId: 'a1', userId: 'alice' }]);
    // Someone moves the face to another user between DeleteFaces and DisassociateFaces.
    fake.beforeCall = (call) => {
      const slot = collection.slotOf('a1');
      if (call.name === 'DisassociateFaces' && slot) slot.userId = 'mallory';
    };

    const tally = await deleteFaceIds(fake.client, COLLECTION, ['a1']);

    expect(tally).toMatchObject({ deleted: 0, failedCount: 1, disassociated: 0 });
    expect(tally.failed).toEqual([
      { faceId: 'a1', reasons: ['ASSOCIATED_TO_AN_EXISTING_USER', 'DISASSOCIATE_ASSOCIATED_TO_A_DIFFERENT_USER'] },
    ]);
    expect(collection.liveFaceIds()).toEqual(['a1']);
  });

  it('deletes a face released by its user between DeleteFaces and DisassociateFaces, with no note', async () => {
    const { collection, fake } = setUp([{ faceId: 'a1', userId: 'alice' }, { faceId: 'b1' }]);
    // Someone deletes the user meanwhile: DisassociateFaces then ignores the face (documented) and says nothing.
    fake.beforeCall = (call) => {
      const slot = collection.slotOf('a1');
      if (call.name === 'DisassociateFaces' && slot) delete slot.userId;
    };

    const tally = await deleteFaceIds(fake.client, COLLECTION, ['a1']);

    expect(tally).toMatchObject({ deleted: 1, failedCount: 0, disassociated: 0, failed: [] });
    expect(collection.liveFaceIds()).toEqual(['b1']);
    const released = await disassociateFromUsers(fake.client, COLLECTION, [{ faceId: 'b1', userId: 'alice' }]);
    expect(released).toEqual({ disassociated: 0, notes: new Map(), kept: new Set() });
  });

  it('reports an unknown reason as failed, as Rekognition gave it', async () => {
    const { fake } = setUp([]);
    fake.mock.on(DeleteFacesCommand).resolves({
      DeletedFaces: ['x'],
      UnsuccessfulFaceDeletions: [
        { FaceId: 'y', Reasons: ['SOMETHING_NEW' as never] },
        { FaceId: 'z', Reasons: [] },
      ],
    });

    const tally = await deleteFaceIds(fake.client, COLLECTION, ['x', 'y', 'z']);

    expect(tally).toMatchObject({ deleted: 1, failedCount: 2, alreadyAbsentCount: 0 });
    expect(tally.failed).toEqual([
      { faceId: 'y', reasons: ['SOMETHING_NEW'] },
      { faceId: 'z', reasons: ['UNKNOWN'] },
    ]);
  });

  it('treats the collection vanishing mid-way as: every remaining id is already absent, no more calls', async () => {
    const ids = faceIds(10_000);
    const { collection, fake } = setUp(ids.map((faceId) => ({ faceId })));
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteFaces' && fake.callsOf('DeleteFaces').length === 2) collection.exists = false;
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
    const { collection, fake } = setUp([{ faceId: 'a1', userId: 'alice' }, { faceId: 'free' }]);
    fake.beforeCall = (call) => {
      if (call.name === 'DisassociateFaces') collection.exists = false;
    };

    const tally = await deleteFaceIds(fake.client, COLLECTION, ['a1', 'free']);

    expect(tally).toMatchObject({ deleted: 1, alreadyAbsentCount: 1, collectionAbsent: true, failedCount: 0 });
    expect(tally.alreadyAbsentSample).toEqual(['a1']);
  });

  it('surfaces throttling that outlived the SDK retries as RekognitionThrottledError', async () => {
    const { fake } = setUp([{ faceId: 'a' }]);
    fake.beforeCall = () => {
      throw throttled();
    };

    await expect(deleteFaceIds(fake.client, COLLECTION, ['a'])).rejects.toMatchObject({
      name: ErrorNames.RekognitionThrottled,
    });
  });

  it('re-throws errors it does not understand unchanged', async () => {
    const { fake } = setUp([{ faceId: 'a' }]);
    const boom = new Error('boom');
    fake.beforeCall = () => {
      throw boom;
    };

    await expect(deleteFaceIds(fake.client, COLLECTION, ['a'])).rejects.toBe(boom);
  });

  it('makes no call for an empty list', async () => {
    const { fake } = setUp([]);

    const tally = await deleteFaceIds(fake.client, COLLECTION, []);

    expect(fake.calls).toEqual([]);
    expect(tally.deleted + tally.alreadyAbsentCount + tally.failedCount).toBe(0);
  });
});
