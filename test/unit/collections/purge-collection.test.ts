import { cleanCollectionStep } from '../../../lambdas/core/collections/clean-collection-step';
import { DEFAULT_PURGE_TUNING, type PurgeTuning } from '../../../lambdas/core/collections/purge-tuning';
import type { CollectionProgress } from '../../../lambdas/core/contracts';
import { ErrorNames } from '../../../lambdas/core/errors';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import type { WorldFace } from '../../../local/emulator';
import {
  faceIdOf as id,
  faceIdsOf as faceIds,
  ManualClock,
  notFound,
  type TestRekognition,
  testRekognition,
  throttled,
} from '../../support/in-process-rekognition';
import { collectionItem, collectionTarget, PROTECTION } from './support/collection-items';

function emptyFaces(fake: TestRekognition, tuning: PurgeTuning = DEFAULT_PURGE_TUNING) {
  const target = collectionTarget(fake, 'c', 'DELETE_FACES');
  return (progress: CollectionProgress | { done: false } = { done: false }, budget = TimeBudget.unlimited()) =>
    cleanCollectionStep(fake.client, collectionItem(target, progress), budget, PROTECTION, tuning);
}

const plainFaces = (count: number, prefix = 'f'): WorldFace[] => faceIds(count, prefix).map((faceId) => ({ faceId }));
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cleanCollectionStep: DELETE_FACES', () => {
  it('deletes every user before the first face, so no face needs disassociating, and keeps the collection', async () => {
    const fake = testRekognition([
      {
        id: 'c',
        faces: [
          { faceId: id('a1'), userId: 'alice' },
          { faceId: id('a2'), userId: 'alice' },
          { faceId: id('b1'), userId: 'bob' },
          ...plainFaces(5),
        ],
        users: [{ userId: 'carol-without-faces' }],
      },
    ]);

    const progress = await emptyFaces(fake)();

    const names = fake.calls.map((call) => call.name);
    expect(names.lastIndexOf('DeleteUser')).toBeLessThan(names.indexOf('ListFaces'));
    expect(fake.callsOf('DisassociateFaces')).toEqual([]);
    expect(fake.callsOf('ListUsers')[0]).toEqual({ CollectionId: 'c', MaxResults: 500 });
    expect(progress).toMatchObject({
      done: true,
      phase: 'DONE',
      outcome: 'EMPTIED',
      usersDeleted: 3,
      facesDeleted: 8,
      facesRemaining: 0,
      facesDisassociated: 0,
    });
    expect(fake.world.collection('c')).toBeDefined();
    expect(fake.liveFaceIds('c')).toEqual([]);
    expect(fake.liveUserIds('c')).toEqual([]);
  });

  it('lists users from the start each time (deleted users vanish), with a few DeleteUser calls in flight', async () => {
    const users = Array.from({ length: 1200 }, (_, i) => `user-${i}`);
    const fake = testRekognition([{ id: 'c', users: users.map((userId) => ({ userId })) }]);
    let inFlight = 0;
    let mostInFlight = 0;
    fake.beforeCall = async (call) => {
      if (call.name !== 'DeleteUser') return;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await delay(0);
      inFlight -= 1;
    };

    const progress = await emptyFaces(fake, { ...DEFAULT_PURGE_TUNING, usersInFlight: 4 })();

    expect(fake.callsOf('ListUsers')).toHaveLength(4);
    expect(fake.callsOf('ListUsers').every((input) => input.NextToken === undefined)).toBe(true);
    expect(progress).toMatchObject({ done: true, outcome: 'EMPTIED', usersDeleted: 1200 });
    expect(mostInFlight).toBe(4);
  });

  it('moves past users that the listing still shows but are already gone, instead of looping', async () => {
    const fake = testRekognition([{ id: 'c', faces: plainFaces(3), users: [{ userId: 'ghost' }, { userId: 'real' }] }]);
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteUser' && call.input.UserId === 'ghost') throw notFound('user');
    };

    const progress = await emptyFaces(fake)();

    expect(progress).toMatchObject({ done: true, outcome: 'EMPTIED', usersDeleted: 1, facesDeleted: 3 });
    expect(fake.liveUserIds('c')).toEqual(['ghost']);
    // Each verify round that still sees the ghost user goes through USERS again: bounded by the verify rounds.
    expect(progress.verifyRounds).toBe(3);
  });

  it('pages ListFaces by 4096 with NextToken and deletes each page with one DeleteFaces', async () => {
    const fake = testRekognition({ c: plainFaces(10_000) });

    const progress = await emptyFaces(fake)();

    const listings = fake.callsOf('ListFaces');
    expect(listings.map((input) => input.MaxResults)).toEqual([4096, 4096, 4096]);
    expect(listings.map((input) => input.NextToken === undefined)).toEqual([true, false, false]);
    expect(fake.callsOf('DeleteFaces').map((input) => (input.FaceIds as string[]).length)).toEqual([4096, 4096, 1808]);
    expect(progress).toMatchObject({ done: true, outcome: 'EMPTIED', facesDeleted: 10_000, facesRemaining: 0 });
  });

  it.each<[string, PurgeTuning]>([
    ['default tuning', DEFAULT_PURGE_TUNING],
    ['one page at a time, no look-ahead', { deletesInFlight: 1, listAhead: 0, usersInFlight: 1 }],
    ['wide pipeline', { deletesInFlight: 4, listAhead: 3, usersInFlight: 8 }],
  ])('stops when the budget runs out and resumes where it stopped (%s)', async (_name, tuning) => {
    const ids = faceIds(30_000);
    const fake = testRekognition({ c: ids.map((faceId) => ({ faceId })) });
    const clock = new ManualClock();
    fake.beforeCall = async (call) => {
      if (call.name !== 'DeleteFaces') return;
      // Later pages answer sooner, so deletions finish out of order.
      await delay(Math.max(0, 8 - fake.callsOf('DeleteFaces').length));
      clock.now += 1_000;
    };
    const run = emptyFaces(fake, tuning);

    let progress: CollectionProgress = await run({ done: false }, new TimeBudget(500, 0, clock.read));
    const seen: CollectionProgress[] = [progress];
    while (!progress.done) {
      progress = await run(progress, new TimeBudget(500, 0, clock.read));
      seen.push(progress);
    }

    expect(seen.length).toBeGreaterThan(1);
    expect(seen[0]).toMatchObject({ done: false, phase: 'FACES' });
    expect(seen[0]?.nextToken).toBeDefined();
    const sent = fake.idsSentToDeleteFaces();
    expect(sent).toHaveLength(ids.length);
    expect(new Set(sent)).toEqual(new Set(ids));
    expect(progress).toMatchObject({ outcome: 'EMPTIED', facesDeleted: 30_000, invocations: seen.length });
    expect(fake.liveFaceIds('c')).toEqual([]);
  });

  it('converges when an invocation crashes after some deletes and is retried with the same input', async () => {
    const fake = testRekognition({ c: plainFaces(12_000) });
    let crashed = false;
    let firstPageSettled = false;
    fake.beforeCall = async (call) => {
      if (call.name !== 'DeleteFaces') return;
      const page = fake.callsOf('DeleteFaces').length;
      if (page === 1) {
        await delay(20);
        firstPageSettled = true;
      }
      if (page === 2 && !crashed) {
        crashed = true;
        throw new Error('runtime crashed');
      }
    };
    const run = emptyFaces(fake, { ...DEFAULT_PURGE_TUNING, deletesInFlight: 2 });

    await expect(run()).rejects.toThrow('runtime crashed');
    // The deletion already running finished before the error surfaced: no call outlives the invocation.
    expect(firstPageSettled).toBe(true);
    const retried = await run();

    expect(retried).toMatchObject({ done: true, outcome: 'EMPTIED', facesRemaining: 0 });
    expect(fake.liveFaceIds('c')).toEqual([]);
  });

  it('re-purges faces indexed while it ran (verify round), from the start', async () => {
    const fake = testRekognition({ c: plainFaces(10_000) });
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteFaces' && fake.callsOf('DeleteFaces').length === 3) {
        fake.addFaces('c', plainFaces(7, 'late'));
      }
    };

    const progress = await emptyFaces(fake)();

    expect(progress.verifyRounds).toBe(2);
    expect(fake.callsOf('ListFaces').filter((input) => input.NextToken === undefined)).toHaveLength(2);
    expect(progress).toMatchObject({ done: true, outcome: 'EMPTIED', facesDeleted: 10_007, facesRemaining: 0 });
    expect(fake.liveFaceIds('c')).toEqual([]);
  });

  it('deletes users created while it ran (verify round goes back to USERS)', async () => {
    const fake = testRekognition({ c: plainFaces(3) });
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteFaces' && fake.callsOf('DeleteFaces').length === 1) {
        fake.addFaces('c', [{ faceId: id('new-1'), userId: 'newcomer' }]);
      }
    };

    const progress = await emptyFaces(fake)();

    expect(progress).toMatchObject({ done: true, outcome: 'EMPTIED', usersDeleted: 1, facesDeleted: 4 });
    expect(fake.callsOf('DisassociateFaces')).toEqual([]);
    expect(fake.liveUserIds('c')).toEqual([]);
  });

  it('gives up after 3 verify rounds and reports the faces that remain', async () => {
    const fake = testRekognition({ c: plainFaces(5) });
    let wave = 0;
    fake.beforeCall = (call) => {
      // The VERIFY round's DescribeCollection, not a batch's re-check: it comes once the faces are all gone.
      if (call.name !== 'DescribeCollection' || fake.liveFaceIds('c').length > 0) return;
      wave += 1;
      fake.addFaces('c', plainFaces(2, `wave${wave}`));
    };

    const progress = await emptyFaces(fake)();

    expect(progress.verifyRounds).toBe(3);
    expect(progress.done).toBe(true);
    expect(progress.facesRemaining).toBe(2);
    expect(progress.outcome).toBeUndefined();
  });

  it('reports ALREADY_ABSENT when the collection is deleted mid-purge', async () => {
    const fake = testRekognition({ c: plainFaces(10_000) });
    fake.beforeCall = (call) => {
      if (call.name === 'DeleteFaces' && fake.callsOf('DeleteFaces').length === 2) fake.world.deleteCollection('c');
    };

    const progress = await emptyFaces(fake, { deletesInFlight: 1, listAhead: 1, usersInFlight: 1 })();

    expect(progress).toMatchObject({ done: true, phase: 'DONE', outcome: 'ALREADY_ABSENT', facesDeleted: 4096 });
    expect(progress.nextToken).toBeUndefined();
    expect(fake.callsOf('DeleteFaces')).toHaveLength(2);
  });

  it('surfaces ListFaces throttling as RekognitionThrottledError', async () => {
    const fake = testRekognition({ c: plainFaces(10) });
    fake.beforeCall = (call) => {
      if (call.name === 'ListFaces') throw throttled();
    };

    await expect(emptyFaces(fake)()).rejects.toMatchObject({ name: ErrorNames.RekognitionThrottled });
    expect(fake.callsOf('DeleteFaces')).toEqual([]);
  });
});
