import { cleanCollectionStep } from '../../../lambdas/core/collections/clean-collection-step';
import type { CollectionProgress } from '../../../lambdas/core/contracts';
import { ErrorNames } from '../../../lambdas/core/errors';
import type { CollectionAction } from '../../../lambdas/core/job/types';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import { faceIdOf as id, faceIdsOf as faceIds, testRekognition, throttled } from '../../support/in-process-rekognition';
import { collectionItem, collectionTarget, PROTECTION } from './support/collection-items';

describe('cleanCollectionStep: before anything is deleted', () => {
  it.each<CollectionAction>(['DELETE_COLLECTION', 'DELETE_FACES'])(
    'refuses a dry run of %s before any call',
    async (action) => {
      const fake = testRekognition({ c: [{ faceId: id('a') }] });
      const item = { ...collectionItem(collectionTarget(fake, 'c', action)), dryRun: true };

      await expect(cleanCollectionStep(fake.client, item, TimeBudget.unlimited(), PROTECTION)).rejects.toMatchObject({
        name: ErrorNames.UnsafeOperation,
      });
      expect(fake.calls).toEqual([]);
      expect(fake.liveFaceIds('c')).toEqual([id('a')]);
    },
  );

  it.each<CollectionAction>(['DELETE_COLLECTION', 'DELETE_FACES'])(
    'skips a collection tagged protected after planning (%s)',
    async (action) => {
      const fake = testRekognition({ c: [{ faceId: id('a'), userId: 'u' }] });
      const target = collectionTarget(fake, 'c', action);
      fake.setTags('c', { 'cleanup:protect': ' TRUE ' });

      const progress = await cleanCollectionStep(
        fake.client,
        collectionItem(target),
        TimeBudget.unlimited(),
        PROTECTION,
      );

      expect(progress).toMatchObject({ done: true, phase: 'DONE', outcome: 'SKIPPED_PROTECTED', facesDeleted: 0 });
      // Read-only: the re-check (what is left, so the report can say whether anything had gone, then the tags).
      expect(fake.calls.map((call) => call.name)).toEqual(['DescribeCollection', 'ListTagsForResource']);
      expect(progress.facesRemaining).toBe(1);
      expect(fake.world.collection('c')).toBeDefined();
      expect(fake.liveFaceIds('c')).toEqual([id('a')]);
    },
  );

  it('reports a collection gone since planning as ALREADY_ABSENT', async () => {
    const fake = testRekognition({ c: [] });
    const target = collectionTarget(fake, 'c', 'DELETE_FACES');
    fake.world.deleteCollection('c');

    const progress = await cleanCollectionStep(fake.client, collectionItem(target), TimeBudget.unlimited(), PROTECTION);

    expect(progress).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT', invocations: 1 });
    // The re-check only (its two reads go together), and nothing that changes anything.
    expect(fake.calls.map((call) => call.name).sort()).toEqual(['DescribeCollection', 'ListTagsForResource']);
  });

  it('returns a finished progress unchanged without any call', async () => {
    const fake = testRekognition({ c: [] });
    const finished: CollectionProgress = {
      done: true,
      phase: 'DONE',
      usersDeleted: 0,
      facesDeleted: 0,
      facesAlreadyAbsent: 0,
      facesDisassociated: 0,
      outcome: 'EMPTIED',
      invocations: 2,
    };

    const progress = await cleanCollectionStep(
      fake.client,
      collectionItem(collectionTarget(fake, 'c', 'DELETE_FACES'), finished),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toBe(finished);
    expect(fake.calls).toEqual([]);
  });
});

describe('cleanCollectionStep: DELETE_COLLECTION', () => {
  it('deletes the collection and reports its FaceCount as faces deleted', async () => {
    const fake = testRekognition({ c: faceIds(42).map((faceId) => ({ faceId })) });
    fake.setTags('c', { 'cleanup:protect': 'false' });

    const progress = await cleanCollectionStep(
      fake.client,
      collectionItem(collectionTarget(fake, 'c', 'DELETE_COLLECTION')),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, phase: 'DONE', outcome: 'DELETED', facesDeleted: 42 });
    expect(fake.calls.map((call) => call.name)).toEqual([
      'DescribeCollection',
      'ListTagsForResource',
      'DeleteCollection',
    ]);
    expect(fake.world.collection('c')).toBeUndefined();
  });

  it('reports ALREADY_ABSENT when the collection vanishes between DescribeCollection and DeleteCollection', async () => {
    const fake = testRekognition({ c: [{ faceId: id('a') }] });
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteCollection') fake.world.deleteCollection('c');
    };

    const progress = await cleanCollectionStep(
      fake.client,
      collectionItem(collectionTarget(fake, 'c', 'DELETE_COLLECTION')),
      TimeBudget.unlimited(),
      PROTECTION,
    );

    expect(progress).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT', facesDeleted: 0 });
  });

  it('is a no-op on a second run: the collection is already absent', async () => {
    const fake = testRekognition({ c: [{ faceId: id('a') }] });
    const item = collectionItem(collectionTarget(fake, 'c', 'DELETE_COLLECTION'));
    await cleanCollectionStep(fake.client, item, TimeBudget.unlimited(), PROTECTION);

    const again = await cleanCollectionStep(fake.client, item, TimeBudget.unlimited(), PROTECTION);

    expect(again).toMatchObject({ done: true, outcome: 'ALREADY_ABSENT' });
    expect(fake.callsOf('DeleteCollection')).toHaveLength(1);
  });

  it('surfaces throttling as RekognitionThrottledError', async () => {
    const fake = testRekognition({ c: [{ faceId: id('a') }] });
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteCollection') throw throttled();
    };

    await expect(
      cleanCollectionStep(
        fake.client,
        collectionItem(collectionTarget(fake, 'c', 'DELETE_COLLECTION')),
        TimeBudget.unlimited(),
        PROTECTION,
      ),
    ).rejects.toMatchObject({ name: ErrorNames.RekognitionThrottled });
    expect(fake.world.collection('c')).toBeDefined();
  });
});
