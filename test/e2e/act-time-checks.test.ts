import { DescribeCollectionCommand, TagResourceCommand } from '@aws-sdk/client-rekognition';
import type { EmulatorWorld } from '../../local/emulator/model/emulator-world';
import { exitCodeOf } from '../../lib/cli/job-outcome';
import { e2eSuite, runJob } from './support/e2e-env';
import { faceIdsOf, facesOf, PROTECT_TAG } from '../support/world-faces';

/**
 * The world as it is at the moment of the delete (issue 10, cases 1 to 3): what changes between the Plan and the Act
 * is seen by the next delete batch, and maxDeletions holds whatever appeared after the plan.
 */
const suite = e2eSuite();

/** Faces indexed straight into the emulator's model, as another service would with IndexFaces. */
function indexFaces(world: EmulatorWorld, collectionId: string, count: number): void {
  const collection = world.collection(collectionId);
  if (collection === undefined) throw new Error(`no collection ${collectionId}`);
  for (let i = 0; i < count; i += 1) {
    collection.faces.appendExplicit({
      faceId: world.newUuid(),
      imageId: world.newUuid(),
      boundingBox: { Width: 0.3, Height: 0.3, Left: 0.2, Top: 0.2 },
      confidence: 99.95,
    });
  }
}

/** Runs `act` once, right before the first invocation of `stateName` (the Plan is done by then). */
function onceBefore(stateName: string, act: () => Promise<void> | void) {
  let fired = false;
  return {
    hooks: {
      async beforeInvoke(call: { stateName: string }) {
        if (fired || call.stateName !== stateName) return;
        fired = true;
        await act();
      },
    },
  };
}

describe('case 1: the collection at the moment of the delete', () => {
  test('a collection deleted and re-created between Plan and Act is not deleted (CHANGED_SINCE_PLAN); the others are', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'tmp-old', createdDaysAgo: 40, faces: facesOf(0x1, 3) },
          { id: 'tmp-older', createdDaysAgo: 50, faces: facesOf(0x2, 2) },
        ],
      },
    });
    const world = env.emulator.world;

    const { run, report } = await runJob(
      env,
      { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_COLLECTION' }] },
      onceBefore('CleanCollection', () => {
        world.deleteCollection('tmp-old');
        world.createCollection('tmp-old');
        indexFaces(world, 'tmp-old', 7);
      }),
    );

    expect(run.status).toBe('SUCCEEDED');
    expect(world.collection('tmp-old')?.faceCount).toBe(7);
    expect(world.collection('tmp-older')).toBeUndefined();
    expect(report?.collections.map((c) => [c.collectionId, c.outcome, c.facesDeleted])).toEqual([
      ['tmp-old', 'CHANGED_SINCE_PLAN', 0],
      ['tmp-older', 'DELETED', 2],
    ]);
    expect(report?.skipped).toEqual([
      {
        kind: 'collection',
        id: 'tmp-old',
        reason: 'CHANGED_SINCE_PLAN',
        detail: expect.stringMatching(/^re-created since the plan: now created .*, planned /),
      },
    ]);
    expect(report?.deleted).toMatchObject({ faces: 2, collections: 1 });
  });

  test('a selector tag changed after the plan (retire=yes to no) stops the delete', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          {
            id: 'old-model',
            createdDaysAgo: 10,
            faceModelVersion: '6.0',
            tags: { retire: 'yes' },
            faces: facesOf(0x3, 4),
          },
        ],
      },
    });
    const arn = env.emulator.world.collection('old-model')!.arn;

    const { run, report } = await runJob(
      env,
      { collections: [{ select: { faceModelVersion: '6.0', tags: { retire: 'yes' } }, action: 'DELETE_COLLECTION' }] },
      onceBefore('CleanCollection', async () => {
        await env.reader.send(new TagResourceCommand({ ResourceArn: arn, Tags: { retire: 'no' } }));
      }),
    );

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.planned.collections).toBe(1);
    expect(report?.collections.map((c) => [c.collectionId, c.outcome])).toEqual([['old-model', 'CHANGED_SINCE_PLAN']]);
    expect(report?.skipped[0]?.detail).toBe(
      'no longer selected: collections[0]: tag "retire" is now "no" (selected for "yes")',
    );
    const still = await env.reader.send(new DescribeCollectionCommand({ CollectionId: 'old-model' }));
    expect(still.FaceCount).toBe(4);
  });
});

describe('case 2: the protect tag is read before every batch', () => {
  test('a protect tag added after the first DeleteFaces page of a big purge stops it at the next page', async () => {
    const env = await suite.start({
      seed: {
        collections: [
          { id: 'tmp-big', createdDaysAgo: 40, faces: [{ generate: { count: 20_000, idTag: '0b16f00d' } }] },
        ],
      },
    });
    const arn = env.emulator.world.collection('tmp-big')!.arn;
    let pages = 0;
    let tagged = false;
    // Right after the first DeleteFaces answer: the tag lands while the purge runs.
    env.rekognition.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'DeleteFacesCommand' && (pages += 1) === 1 && !tagged) {
          tagged = true;
          await env.reader.send(new TagResourceCommand({ ResourceArn: arn, Tags: PROTECT_TAG }));
        }
        return result;
      },
      { step: 'initialize', name: 'tagAfterFirstPage' },
    );

    const { run, report } = await runJob(env, {
      collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }],
    });
    env.rekognition.middlewareStack.remove('tagAfterFirstPage');

    expect(run.status).toBe('SUCCEEDED');
    expect(tagged).toBe(true);
    const collection = report?.collections[0];
    expect(collection?.outcome).toBe('SKIPPED_PROTECTED');
    // Pages already in flight when the tag landed may finish; nothing after the next re-check starts.
    const deleted = collection?.facesDeleted ?? 0;
    expect(deleted).toBeGreaterThanOrEqual(4096);
    expect(deleted).toBeLessThan(20_000);
    expect(env.emulator.world.collection('tmp-big')!.faceCount).toBe(20_000 - deleted);
    expect(report?.skipped).toEqual([
      {
        kind: 'collection',
        id: 'tmp-big',
        reason: 'PROTECTED',
        detail: `tagged after planning; ${deleted} faces were deleted before`,
      },
    ]);
  });
});

describe('case 3: maxDeletions is a hard cap at act time', () => {
  test('maxDeletions 50 with 200 faces indexed after the plan deletes exactly 50 and ends CleanupIncomplete', async () => {
    const env = await suite.start({
      seed: { collections: [{ id: 'tmp-grow', createdDaysAgo: 40, faces: facesOf(0x4, 10) }] },
    });
    const world = env.emulator.world;

    const { run, report, outcome } = await runJob(
      env,
      { maxDeletions: 50, collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] },
      onceBefore('CleanCollection', () => indexFaces(world, 'tmp-grow', 200)),
    );

    expect(report?.planned.plannedDeletions).toBe(10);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('CleanupIncomplete');
    expect(outcome.report?.status).toBe('PARTIALLY_FAILED');
    expect(exitCodeOf(outcome)).toBe(1);
    expect(report?.deleted.faces).toBe(50);
    expect(world.collection('tmp-grow')!.faceCount).toBe(210 - 50);
    expect(report?.collections.map((c) => [c.collectionId, c.outcome, c.facesDeleted])).toEqual([
      ['tmp-grow', 'CAP_REACHED', 50],
    ]);
    expect(report?.deletionCap).toEqual({ maxDeletions: 50, source: 'job', reached: true });
    expect(report?.notes).toContainEqual(
      expect.stringMatching(/^maxDeletions=50 \(the job's\) was reached while deleting/),
    );
    expect(report?.failures).toContainEqual(expect.objectContaining({ kind: 'job', id: 'maxDeletions' }));
    // The seeded faces are ListFaces' first page: they went first, the rest of the cap went to new ones.
    expect(faceIdsOf(0x4, 10).some((id) => world.collection('tmp-grow')!.hasFace(id))).toBe(false);
  });

  test('a selector job without maxDeletions gets the default cap, and the report names it', async () => {
    const env = await suite.start({
      seed: { collections: [{ id: 'tmp-small', createdDaysAgo: 40, faces: facesOf(0x5, 3) }] },
    });

    const { run, report } = await runJob(env, {
      collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }],
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(report?.deletionCap).toEqual({ maxDeletions: 100_000, source: 'default', reached: false });
  });
});
