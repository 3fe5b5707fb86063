import { cleanCollectionStep } from '../../../lambdas/core/collections/clean-collection-step';
import { DEFAULT_PURGE_TUNING } from '../../../lambdas/core/collections/purge-tuning';
import type { CollectionSelection, CollectionTarget } from '../../../lambdas/core/contracts';
import type { CollectionAction } from '../../../lambdas/core/job/types';
import type { DeletionBudget } from '../../../lambdas/core/store/deletion-budget';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import { faceIdsOf as faceIds, type TestRekognition, testRekognition } from '../../support/in-process-rekognition';
import { collectionItem, collectionTarget, PROTECTION } from './support/collection-items';

const STARTED_AT = '2026-11-22T09:00:00.000Z';
const CREATED = new Date('2026-01-01T00:00:00.000Z');

/** A counter like the stored budget, in memory: what the step reserved and gave back. */
function memoryBudget(cap: number): DeletionBudget & { used(): number } {
  let used = 0;
  return {
    cap,
    reserve: (count) => {
      const granted = Math.max(0, Math.min(count, cap - used));
      used += granted;
      return Promise.resolve(granted);
    },
    release: (count) => {
      used -= count;
      return Promise.resolve();
    },
    used: () => used,
  };
}

const ID = 'tmp-old';

function selected(fake: TestRekognition, selections: CollectionSelection[]): CollectionTarget {
  const action: CollectionAction = selections.some((s) => s.action === 'DELETE_COLLECTION')
    ? 'DELETE_COLLECTION'
    : 'DELETE_FACES';
  return { ...collectionTarget(fake, ID, action), createdAt: CREATED.toISOString(), selections };
}

function run(fake: TestRekognition, target: CollectionTarget, budget: DeletionBudget = memoryBudget(1_000_000)) {
  const item = { ...collectionItem(target), startedAt: STARTED_AT };
  return cleanCollectionStep(fake.client, item, TimeBudget.unlimited(), PROTECTION, DEFAULT_PURGE_TUNING, budget);
}

/** An emulator holding one collection created long ago on face model 6.0, tagged for retirement. */
function oldCollection(faces: number): TestRekognition {
  return testRekognition([
    {
      id: ID,
      createdAt: CREATED.toISOString(),
      faceModelVersion: '6.0',
      tags: { retire: 'yes' },
      faces: faceIds(faces).map((faceId) => ({ faceId })),
    },
  ]);
}

/** Someone deletes the collection and creates it again under the same id, with the same faces. */
function recreate(fake: TestRekognition, change: { createdAt?: Date; faceModelVersion?: string }): void {
  const old = fake.world.collection(ID)!;
  const faces = old.faceIds();
  fake.world.deleteCollection(ID);
  fake.world.createCollection(ID, {
    createdAt: change.createdAt?.getTime() ?? old.createdAt,
    faceModelVersion: change.faceModelVersion ?? old.faceModelVersion,
    tags: new Map(old.tags),
  });
  fake.addFaces(
    ID,
    faces.map((faceId) => ({ faceId })),
  );
}

const retire = (action: CollectionAction, source = 'collections[0]'): CollectionSelection => ({
  source,
  action,
  criteria: { olderThanDays: 30, tags: { retire: 'yes' }, faceModelVersion: '6.0' },
});

describe('clean-collection re-verifies the collection before every delete batch', () => {
  it('leaves a collection re-created under the same id: CHANGED_SINCE_PLAN, with what changed', async () => {
    const fake = oldCollection(3);
    const target = selected(fake, [retire('DELETE_COLLECTION')]);
    recreate(fake, { createdAt: new Date('2026-11-22T08:59:00.000Z') });

    const progress = await run(fake, target);

    expect(progress).toMatchObject({ done: true, outcome: 'CHANGED_SINCE_PLAN', facesDeleted: 0 });
    expect(progress.changeDetail).toMatch(/re-created since the plan: now created 2026-11-22T08:59:00.000Z/);
    expect(fake.world.collection(ID)).toBeDefined();
    expect(fake.callsOf('DeleteCollection')).toEqual([]);
  });

  it('stops when a selector tag changed after the plan, naming the tag', async () => {
    const fake = oldCollection(3);
    const target = selected(fake, [retire('DELETE_COLLECTION')]);
    fake.setTags(ID, { retire: 'no' });

    const progress = await run(fake, target);

    expect(progress).toMatchObject({ outcome: 'CHANGED_SINCE_PLAN' });
    expect(progress.changeDetail).toBe(
      'no longer selected: collections[0]: tag "retire" is now "no" (selected for "yes")',
    );
    expect(fake.world.collection(ID)).toBeDefined();
  });

  it('stops when the face model is no longer the selected one', async () => {
    const fake = oldCollection(3);
    const target = selected(fake, [retire('DELETE_FACES')]);
    recreate(fake, { faceModelVersion: '7.0' });

    const progress = await run(fake, target);

    expect(progress).toMatchObject({ outcome: 'CHANGED_SINCE_PLAN', facesDeleted: 0 });
    expect(fake.liveFaceIds(ID)).toHaveLength(3);
  });

  it('stays eligible while any section that selected it still matches; empties instead of deleting', async () => {
    const fake = oldCollection(3);
    const keepsFaces: CollectionSelection = { source: 'collections[1]', action: 'DELETE_FACES', criteria: {} };
    const target = selected(fake, [retire('DELETE_COLLECTION'), keepsFaces]);
    fake.setTags(ID, { retire: 'no' });

    const progress = await run(fake, target);

    expect(progress).toMatchObject({ done: true, outcome: 'EMPTIED', facesDeleted: 3, action: 'DELETE_FACES' });
    expect(fake.world.collection(ID)).toBeDefined();
    expect(fake.callsOf('DeleteCollection')).toEqual([]);
  });

  it('stops a purge at the next page when the protect tag arrives after the first DeleteFaces', async () => {
    const fake = oldCollection(10_000);
    const target = selected(fake, [retire('DELETE_FACES')]);
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteFaces' && fake.callsOf('DeleteFaces').length === 1) {
        fake.setTags(ID, { retire: 'yes', 'cleanup:protect': 'true' });
      }
    };
    const sequential = { ...DEFAULT_PURGE_TUNING, deletesInFlight: 1, listAhead: 1 };
    const item = { ...collectionItem(target), startedAt: STARTED_AT };

    const progress = await cleanCollectionStep(
      fake.client,
      item,
      TimeBudget.unlimited(),
      PROTECTION,
      sequential,
      memoryBudget(1_000_000),
    );

    expect(progress).toMatchObject({ done: true, outcome: 'SKIPPED_PROTECTED', facesDeleted: 4096 });
    expect(fake.callsOf('DeleteFaces')).toHaveLength(1);
    expect(fake.liveFaceIds(ID)).toHaveLength(10_000 - 4096);
  });

  it('reads DescribeCollection and the tags once per DeleteFaces page, not once per face', async () => {
    const fake = oldCollection(10_000);

    const progress = await run(fake, selected(fake, [retire('DELETE_FACES')]));

    expect(progress.outcome).toBe('EMPTIED');
    const pages = fake.callsOf('DeleteFaces').length;
    expect(pages).toBe(3);
    // One re-check per page, one before the users' round; the VERIFY round adds one DescribeCollection.
    expect(fake.callsOf('ListTagsForResource')).toHaveLength(pages + 1);
    expect(fake.callsOf('DescribeCollection')).toHaveLength(pages + 2);
  });
});

describe('clean-collection and maxDeletions at act time', () => {
  it('trims the page that crosses the cap, deletes exactly up to it and ends CAP_REACHED', async () => {
    const fake = oldCollection(5_000);
    const budget = memoryBudget(4_100);

    const progress = await run(fake, selected(fake, [retire('DELETE_FACES')]), budget);

    expect(progress).toMatchObject({ done: true, outcome: 'CAP_REACHED', facesDeleted: 4_100 });
    expect(fake.liveFaceIds(ID)).toHaveLength(900);
    expect(budget.used()).toBe(4_100);
  });

  it('gives back what a page did not delete (faces already gone)', async () => {
    const fake = oldCollection(10);
    fake.beforeCall = (call) => {
      // Someone else deletes 4 of the listed faces just before our DeleteFaces.
      if (call.name !== 'DeleteFaces') return;
      const faces = fake.world.collection(ID)!.faces;
      for (const faceId of faceIds(4)) if (faces.slotOf(faceId) >= 0) faces.remove(faces.slotOf(faceId));
    };
    const budget = memoryBudget(100);

    const progress = await run(fake, selected(fake, [retire('DELETE_FACES')]), budget);

    expect(progress).toMatchObject({ outcome: 'EMPTIED', facesDeleted: 6 });
    expect(budget.used()).toBe(6);
  });

  it('deletes a whole collection only when its faces and itself fit in what is left', async () => {
    const fake = oldCollection(40);
    const budget = memoryBudget(40);

    const progress = await run(fake, selected(fake, [retire('DELETE_COLLECTION')]), budget);

    expect(progress).toMatchObject({ done: true, outcome: 'CAP_REACHED', facesDeleted: 0, facesRemaining: 40 });
    expect(fake.world.collection(ID)).toBeDefined();
    expect(budget.used()).toBe(0);
  });

  it('reserves the fresh FaceCount plus one before DeleteCollection', async () => {
    const fake = oldCollection(40);
    const target = selected(fake, [retire('DELETE_COLLECTION')]);
    fake.addFaces(
      ID,
      faceIds(5, 'late').map((faceId) => ({ faceId })),
    );
    const budget = memoryBudget(46);

    const progress = await run(fake, target, budget);

    expect(progress).toMatchObject({ outcome: 'DELETED', facesDeleted: 45 });
    expect(budget.used()).toBe(46);
  });
});
