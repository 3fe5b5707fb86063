import type { CollectionProgress } from '../../lambdas/core/contracts';
import type { WorldCollection } from '../../local/emulator';
import { cachedTemplate } from '../support/cached-template';
import { e2eSuite, invocationsOf, runJob, stateOutputs } from './support/e2e-env';
import { listFaceIds } from './support/sdk-reads';
import { captureWorld, diffWorlds, onlyChanges } from './support/world-state';
import { facesOf } from '../support/world-faces';

/** Real service conditions: throttling, transient faults, lost responses, and collections too big for one Lambda. */
const suite = e2eSuite();

describe('throttling and transient faults', () => {
  const TARGETS = Array.from({ length: 8 }, (_, i) => `tmp-${i}`);
  const world = {
    collections: [
      ...TARGETS.map((id, i): WorldCollection => ({
        id,
        createdDaysAgo: 40,
        faces: [{ generate: { count: 450, idTag: `0000000${i}`, users: { count: 4, facesPerUser: 3 } } }],
      })),
      { id: 'keep', createdDaysAgo: 40, faces: facesOf(0xcee9, 50, (n) => (n <= 5 ? { userId: 'keeper' } : {})) },
    ],
  };

  test('a purge of 3,600 faces converges to exactly the planned end state through throttling and 20% faults', async () => {
    const env = await suite.start({
      seed: world,
      // The account's real quotas are lower than the stack was told (another workload uses the rest)...
      tps: { ListFaces: 3, DeleteFaces: 3, ListUsers: 5, DeleteUser: 8 },
      // ...and one request in five fails, half of them after the change was applied (a lost response).
      faultRate: 0.2,
      faultTiming: 'mixed',
      randomSeed: 2026,
    });
    const before = captureWorld(env.emulator);
    let crashed = false;

    const { run, report, stats, calls } = await runJob(
      env,
      { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }] },
      {
        template: cachedTemplate({ workflow: { rekognitionTps: { '*': 20 } } }),
        hooks: {
          beforeInvoke(call) {
            // And once, a worker's SDK gives up on throttling: the state machine's Retry must take over.
            if (call.stateName === 'CleanCollection' && !crashed) {
              crashed = true;
              const error = new Error('Rekognition throttled the request after the SDK retries (simulated)');
              error.name = 'RekognitionThrottledError';
              throw error;
            }
          },
        },
      },
    );

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.status).toBe('SUCCEEDED');
    expect(diffWorlds(before, captureWorld(env.emulator))).toEqual(
      onlyChanges({
        facesDeleted: Object.fromEntries(TARGETS.map((id) => [id, before.collections[id]!.faces])),
        usersDeleted: Object.fromEntries(TARGETS.map((id) => [id, before.collections[id]!.users])),
      }),
    );
    // The test's own reads go through once the account is calm again.
    env.emulator.setTps({});
    env.emulator.setFaultRate(0);
    for (const id of TARGETS) expect(await listFaceIds(env.reader, id)).toEqual([]);

    // Lost responses make some deletions look already done on retry: together they account for every face.
    expect(report?.collections.map((c) => [c.collectionId, c.outcome, c.facesDeleted + c.facesAlreadyAbsent])).toEqual(
      TARGETS.map((id) => [id, 'EMPTIED', 450]),
    );
    expect((report?.deleted.faces ?? 0) + (report?.counts.alreadyAbsent ?? 0)).toBe(3600);

    // The emulator really throttled and faulted, the SDK really retried (more attempts reached the emulator than
    // the handlers sent commands), and the state machine retried the worker that gave up.
    expect(stats.total.throttled).toBeGreaterThan(0);
    expect(stats.total.faults).toBeGreaterThan(0);
    expect(stats.total.calls).toBeGreaterThan(calls.length);
    expect(run.stats.retries).toBeGreaterThanOrEqual(1);
    expect(run.events.some((e) => e.type === 'StateRetried' && e.state.name === 'CleanCollection')).toBe(true);
  }, 120_000);
});

describe('scale', () => {
  test('a 20,000-face collection is purged over several short invocations, each resuming where the last stopped', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          {
            id: 'tmp-big',
            createdDaysAgo: 40,
            faces: [{ generate: { count: 20_000, idTag: '0b16f00d', users: { count: 10, facesPerUser: 4 } } }],
          },
          { id: 'keep', faces: facesOf(0x1, 10) },
        ],
      },
      // Every answer takes 200 ms, as a loaded service's might: the work (users, five 4,096-face pages, the final
      // check) then needs well over one budget, while what is still in flight when a budget ends (a delete and the
      // pages listed ahead, about 600 ms) stays well inside the half of the Lambda's time kept in reserve.
      latencyMs: 200,
    });

    const { run, report } = await runJob(
      env,
      { collections: [{ select: { ids: ['tmp-big'] }, action: 'DELETE_FACES' }] },
      // A 3 s Lambda: a 1.5 s budget per invocation, and 1.5 s kept in reserve.
      { lambdaTimeoutMs: 3000 },
    );

    // No invocation timed out (a timed-out invocation's deletions would go uncounted).
    expect(run.events.filter((e) => e.type === 'StateFailed').map((e) => (e as { Error?: string }).Error)).toEqual([]);
    expect(run.status).toBe('SUCCEEDED');
    expect(env.emulator.world.collection('tmp-big')?.faceCount).toBe(0);
    expect(env.emulator.world.collection('tmp-big')?.userCount).toBe(0);
    expect(env.emulator.world.collection('keep')?.faceCount).toBe(10);
    expect(report?.collections).toEqual([
      expect.objectContaining({
        collectionId: 'tmp-big',
        outcome: 'EMPTIED',
        plannedFaces: 20_000,
        facesDeleted: 20_000,
        usersDeleted: 10,
        facesAlreadyAbsent: 0,
        facesRemaining: 0,
      }),
    ]);
    expect(report?.planned.faces).toBe(20_000);
    expect(report?.deleted.faces).toBe(20_000);
    // More than one invocation: each returned its progress (phase, cursor, counts) unfinished, and the next resumed
    // from it; the counts only grow, and the last invocation holds them all.
    const invocations = invocationsOf(run, 'CleanCollection');
    const progress = stateOutputs(run, 'CleanCollection').map(
      (out) => (out as { progress: CollectionProgress }).progress,
    );
    expect(invocations).toBeGreaterThanOrEqual(2);
    expect(progress.map((p) => [p.invocations, p.done])).toEqual(
      Array.from({ length: invocations }, (_, i) => [i + 1, i === invocations - 1]),
    );
    const deletedSoFar = progress.map((p) => p.facesDeleted);
    expect(deletedSoFar).toEqual([...deletedSoFar].sort((a, b) => a - b));
    expect(run.stats.retries).toBe(0);
  }, 120_000);

  // Fixed bug: the USERS phase deleted a whole ListUsers page (up to 500 users) without looking at the time budget,
  // so at a low rate share a page could outlast the Lambda, time out, and go uncounted. It now stops starting
  // deletions when the budget is spent and continues in the next invocation. Small scale: 100 users, a 1.5 s
  // Lambda, 47.5 DeleteUser/s.
  test('the users phase returns within its time budget and counts every user it deleted', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          {
            id: 'tmp-users',
            faces: [{ generate: { count: 400, idTag: '05e45000', users: { count: 100, facesPerUser: 4 } } }],
          },
        ],
      },
      latencyMs: 20,
    });
    const { run, report } = await runJob(
      env,
      { collections: [{ select: { ids: ['tmp-users'] }, action: 'DELETE_FACES' }] },
      { lambdaTimeoutMs: 1500 },
    );
    expect(run.status).toBe('SUCCEEDED');
    expect(run.events.filter((e) => e.type === 'StateFailed').map((e) => (e as { Error?: string }).Error)).toEqual([]);
    expect(report?.collections[0]).toMatchObject({ outcome: 'EMPTIED', usersDeleted: 100, facesDeleted: 400 });
  }, 120_000);
});
