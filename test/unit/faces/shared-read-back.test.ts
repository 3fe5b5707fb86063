import type { WorldFace } from '../../../local/emulator';
import type { FaceDeletionProgress, FaceDeletionTarget, ItemResult, LaneInput } from '../../../lambdas/core/contracts';
import { deleteFacesStep } from '../../../lambdas/core/faces/delete-faces-step';
import { sharedReadBack } from '../../../lambdas/core/faces/shared-read-back';
import { runLane } from '../../../lambdas/core/lanes/run-lane';
import { NO_CAP } from '../../../lambdas/core/store/deletion-budget';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import { faceIdOf as id, type TestRekognition, testRekognition, throttled } from '../../support/in-process-rekognition';
import { testJobStore } from '../../support/test-job-store';

const jobs = testJobStore();

function erasure(collectionId: string, ids: string[], extra: Partial<FaceDeletionTarget> = {}): FaceDeletionTarget {
  return {
    collectionId,
    faceIds: ids,
    source: 'subjects[0]',
    existingFaceCount: ids.length,
    collectionProtected: false,
    subjectErasure: true,
    ...extra,
  };
}

/** One invocation of the delete-faces lane as the handler runs it: the read-back shared, or each item's own. */
async function runErasures(fake: TestRekognition, input: LaneInput, readBack: 'shared' | 'inline'): Promise<LaneInput> {
  return runLane<FaceDeletionTarget, FaceDeletionProgress>(
    jobs.store(),
    input,
    TimeBudget.unlimited(),
    (item, budget) => deleteFacesStep(fake.client, item, budget, NO_CAP, readBack),
    (progress) => progress.deleted ?? 0,
    readBack === 'shared' ? sharedReadBack(fake.client) : undefined,
  );
}

async function results(input: LaneInput, count: number): Promise<ItemResult<FaceDeletionProgress>[]> {
  const stored = [];
  for (let i = 0; i < count; i += 1) stored.push((await jobs.result<FaceDeletionProgress>(input, i))!);
  return stored;
}

const byFaceIds = (fake: TestRekognition) => fake.callsOf('ListFaces').filter((input) => 'FaceIds' in input);

describe('shared read-back of subject erasures', () => {
  it('reads back two erasures of one collection with one ListFaces call, each verified on its own', async () => {
    const fake = testRekognition({
      photos: [{ faceId: id('alice-1') }, { faceId: id('alice-2') }, { faceId: id('bob-1') }, { faceId: id('other') }],
    });
    const input = await jobs.lane('subjects', [
      erasure('photos', [id('alice-1'), id('alice-2')]),
      erasure('photos', [id('bob-1')], { source: 'subjects[1]' }),
    ]);

    const output = await runErasures(fake, input, 'shared');

    expect(byFaceIds(fake)).toEqual([
      expect.objectContaining({ CollectionId: 'photos', FaceIds: [id('alice-1'), id('alice-2'), id('bob-1')] }),
    ]);
    const [alice, bob] = await results(input, 2);
    expect(alice).toEqual({ progress: expect.objectContaining({ done: true, deleted: 2 }) });
    expect(alice?.progress).toMatchObject({ verification: { verifiedAbsent: true, stillPresent: [] } });
    expect(bob?.progress).toMatchObject({ done: true, deleted: 1, verification: { verifiedAbsent: true } });
    expect(output.progress).toMatchObject({ done: true, position: 2, facesDeleted: 3, facesSettled: 3 });
    expect(fake.liveFaceIds('photos')).toEqual([id('other')]);
  });

  it('attributes a face still present to the erasure it belongs to only, exactly as reading each alone', async () => {
    // Planned as unattributed; bob was given the face before the delete, so the erasure leaves it (and says so).
    const world = (): Record<string, WorldFace[]> => ({
      photos: [{ faceId: id('now-bobs'), userId: 'bob' }, { faceId: id('alice-1') }, { faceId: id('carol-1') }],
    });
    const targets = [
      erasure('photos', [id('alice-1'), id('now-bobs')]),
      erasure('photos', [id('carol-1')], { source: 'subjects[1]' }),
      erasure('photos', [id('dave-1')], { source: 'subjects[2]', deleteUserId: 'dave' }),
    ];
    const shared = testRekognition(world());
    const alone = testRekognition(world());
    const sharedInput = await jobs.lane('subjects', targets);
    const aloneInput = await jobs.lane('subjects', targets);

    await runErasures(shared, sharedInput, 'shared');
    await runErasures(alone, aloneInput, 'inline');

    const sharedResults = await results(sharedInput, 3);
    expect(sharedResults.map((r) => r.progress)).toEqual([
      expect.objectContaining({
        done: true,
        verification: { verifiedAbsent: false, stillPresent: [id('now-bobs')], userFacesPresent: 0 },
      }),
      expect.objectContaining({
        done: true,
        verification: { verifiedAbsent: true, stillPresent: [], userFacesPresent: 0 },
      }),
      expect.objectContaining({
        done: true,
        verification: { verifiedAbsent: true, stillPresent: [], userFacesPresent: 0 },
      }),
    ]);
    // Item by item, what was stored is what reading each one back alone stores.
    expect(sharedResults).toEqual(await results(aloneInput, 3));
    expect(byFaceIds(shared)).toHaveLength(1);
    expect(byFaceIds(alone)).toHaveLength(3);
    // The UserId read-back stays the erasure's own.
    expect(shared.callsOf('ListFaces').filter((input) => 'UserId' in input)).toEqual([
      expect.objectContaining({ CollectionId: 'photos', UserId: 'dave' }),
    ]);
  });

  it('does not share across collections: one FaceIds call per collection, with only its own ids', async () => {
    const fake = testRekognition({
      a: [{ faceId: id('a-1') }, { faceId: id('a-2') }],
      b: [{ faceId: id('b-1') }, { faceId: id('still-here'), userId: 'bob' }],
    });
    const input = await jobs.lane('subjects', [
      erasure('a', [id('a-1')]),
      erasure('b', [id('b-1'), id('still-here')], { source: 'subjects[1]' }),
      erasure('a', [id('a-2')], { source: 'subjects[2]' }),
      // The collection is gone: nothing of the subject is left in it.
      erasure('gone', [id('g-1')], { source: 'subjects[3]' }),
    ]);

    await runErasures(fake, input, 'shared');

    expect(byFaceIds(fake)).toEqual([
      expect.objectContaining({ CollectionId: 'a', FaceIds: [id('a-1'), id('a-2')] }),
      expect.objectContaining({ CollectionId: 'b', FaceIds: [id('b-1'), id('still-here')] }),
      expect.objectContaining({ CollectionId: 'gone', FaceIds: [id('g-1')] }),
    ]);
    const stored = await results(input, 4);
    expect(stored.map((r) => r.progress.done)).toEqual([true, true, true, true]);
    expect(stored.map((r) => (r.progress as FaceDeletionProgress).verification?.stillPresent)).toEqual([
      [],
      [id('still-here')],
      [],
      [],
    ]);
    expect((stored[3]?.progress as FaceDeletionProgress).verification?.verifiedAbsent).toBe(true);
  });

  it('reads back in chunks of 4,096 ids, the FaceIds filter limit, over the union of the erasures', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => id(`face-${i}`));
    const fake = testRekognition({ photos: ids.map((faceId) => ({ faceId })) });
    const input = await jobs.lane('subjects', [
      erasure('photos', ids.slice(0, 3000)),
      erasure('photos', ids.slice(3000), { source: 'subjects[1]' }),
    ]);

    await runErasures(fake, input, 'shared');

    expect(byFaceIds(fake).map((call) => (call.FaceIds as string[]).length)).toEqual([4096, 904]);
    const stored = await results(input, 2);
    expect(stored.map((r) => (r.progress as FaceDeletionProgress).verification?.verifiedAbsent)).toEqual([true, true]);
  });

  it('keeps a crash before the read-back safe: the deletes are stored, not settled, and the retry reads again', async () => {
    const fake = testRekognition({ photos: [{ faceId: id('alice-1') }, { faceId: id('bob-1') }] });
    const input = await jobs.lane('subjects', [
      erasure('photos', [id('alice-1')]),
      erasure('photos', [id('bob-1')], { source: 'subjects[1]' }),
    ]);
    let throttle = true;
    fake.beforeCall = (call) => {
      if (call.name === 'ListFaces' && throttle) {
        throttle = false;
        throw throttled();
      }
    };

    await expect(runErasures(fake, input, 'shared')).rejects.toMatchObject({ name: 'RekognitionThrottledError' });
    const crashed = await results(input, 2);
    expect(crashed.map((r) => r.progress)).toEqual([
      expect.objectContaining({ done: false, deleted: 1, nextIndex: 1 }),
      expect.objectContaining({ done: false, deleted: 1, nextIndex: 1 }),
    ]);
    expect(crashed.map((r) => (r.progress as FaceDeletionProgress).verification)).toEqual([undefined, undefined]);

    // The state machine retries the invocation with the same input.
    const output = await runErasures(fake, input, 'shared');

    expect(fake.callsOf('DeleteFaces')).toHaveLength(2);
    expect(byFaceIds(fake)).toHaveLength(2);
    const settled = await results(input, 2);
    expect(settled.map((r) => r.progress)).toEqual([
      expect.objectContaining({ done: true, deleted: 1, invocations: 2, verification: expect.anything() }),
      expect.objectContaining({ done: true, deleted: 1, invocations: 2, verification: expect.anything() }),
    ]);
    expect(output.progress).toMatchObject({ done: true, position: 2, facesDeleted: 2 });
  });

  it("records a failing read-back against that collection's erasures only", async () => {
    const fake = testRekognition({ a: [{ faceId: id('a-1') }], b: [{ faceId: id('b-1') }] });
    const input = await jobs.lane('subjects', [
      erasure('a', [id('a-1')]),
      erasure('b', [id('b-1')], { source: 'subjects[1]' }),
    ]);
    fake.beforeCall = (call) => {
      if (call.name === 'ListFaces' && call.input.CollectionId === 'a') {
        throw Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
      }
    };

    const output = await runErasures(fake, input, 'shared');

    const [a, b] = await results(input, 2);
    expect(a?.failure?.Error).toBe('AccessDeniedException');
    expect(a?.progress).toMatchObject({ done: false, deleted: 1 });
    expect(b?.failure).toBeUndefined();
    expect(b?.progress).toMatchObject({ done: true, verification: { verifiedAbsent: true } });
    expect(output.progress).toMatchObject({ done: true, position: 2, failed: 1, facesSettled: 2 });
  });
});
