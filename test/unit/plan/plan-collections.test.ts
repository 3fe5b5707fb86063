import { planJob } from '../../../lambdas/core/plan/plan-job';
import {
  collectionArn,
  type PlanWorld,
  PROTECT_TAG,
  PROTECTION,
  planAccount,
  STARTED_AT,
  usersNamed,
} from './plan-world';

/** startedAt is 2026-03-01: 30 days before it is 2026-01-30T00:00:00Z. */
const ACCOUNT: PlanWorld = {
  collections: [
    { id: 'tmp-a', createdAt: '2026-01-01T00:00:00Z', faceModelVersion: '6.0', tags: { team: 'kiosk' } },
    { id: 'tmp-b', createdAt: '2026-02-20T00:00:00Z', faceModelVersion: '7.0' },
    { id: 'tmp-keep', createdAt: '2025-01-01T00:00:00Z', faceModelVersion: '6.0', tags: PROTECT_TAG },
    {
      id: 'prod-1',
      createdAt: '2025-06-01T00:00:00Z',
      faceModelVersion: '6.0',
      tags: { team: 'kiosk', stage: 'retired' },
      faces: [{ faceId: '0b6f0b6e-3d2a-4c1e-9f3a-7d5e2c1b0a99' }],
      users: usersNamed('u-1', 'u-2', 'u-3'),
    },
    { id: 'prod-2', createdAt: '2026-02-25T00:00:00Z', faceModelVersion: '7.0', tags: { team: 'web' } },
  ],
};

async function plan(collections: unknown[], account: PlanWorld = ACCOUNT) {
  const rekognition = planAccount(account);
  const state = await planJob(
    rekognition.client,
    { job: { collections }, executionId: 'exec-1', startedAt: STARTED_AT },
    PROTECTION,
  );
  return { rekognition, plan: state.plan };
}

const targetIds = (result: Awaited<ReturnType<typeof plan>>) => result.plan.collections.map((c) => c.collectionId);
const skippedIds = (result: Awaited<ReturnType<typeof plan>>) => result.plan.skipped.map((s) => s.id);

describe('collections: each criterion alone', () => {
  test.each([
    ['ids', { ids: ['prod-1', 'tmp-b'] }, ['prod-1', 'tmp-b'], []],
    ['prefix', { prefix: 'tmp-' }, ['tmp-a', 'tmp-b'], ['tmp-keep']],
    ['createdBefore', { createdBefore: '2026-01-15T00:00:00Z' }, ['prod-1', 'tmp-a'], ['tmp-keep']],
    ['olderThanDays', { olderThanDays: 30 }, ['prod-1', 'tmp-a'], ['tmp-keep']],
    ['tags', { tags: { team: 'kiosk' } }, ['prod-1', 'tmp-a'], []],
    ['faceModelVersion', { faceModelVersion: '6.0' }, ['prod-1', 'tmp-a'], ['tmp-keep']],
  ])('%s', async (_name, select, targets, skipped) => {
    const result = await plan([{ select, action: 'DELETE_FACES' }]);
    expect(targetIds(result)).toEqual(targets);
    expect(skippedIds(result)).toEqual(skipped);
  });
});

describe('collections: criteria are ANDed', () => {
  test.each([
    ['prefix + faceModelVersion', { prefix: 'tmp-', faceModelVersion: '7.0' }, ['tmp-b']],
    ['prefix + olderThanDays', { prefix: 'tmp-', olderThanDays: 30 }, ['tmp-a']],
    ['ids + tags', { ids: ['tmp-a', 'prod-1'], tags: { stage: 'retired' } }, ['prod-1']],
    ['tags with two keys', { tags: { team: 'kiosk', stage: 'retired' } }, ['prod-1']],
    ['createdBefore + olderThanDays', { createdBefore: '2025-12-01T00:00:00Z', olderThanDays: 30 }, ['prod-1']],
    [
      'all six',
      {
        ids: ['tmp-a', 'tmp-b', 'prod-1'],
        prefix: 'tmp-',
        createdBefore: '2026-02-01T00:00:00Z',
        olderThanDays: 30,
        tags: { team: 'kiosk' },
        faceModelVersion: '6.0',
      },
      ['tmp-a'],
    ],
    ['nothing matches all', { prefix: 'prod-', faceModelVersion: '7.0', olderThanDays: 30 }, []],
  ])('%s', async (_name, select, targets) => {
    const result = await plan([{ select, action: 'DELETE_COLLECTION' }]);
    expect(targetIds(result)).toEqual(targets);
  });

  test('age boundaries are strict: created exactly at the cut-off does not match', async () => {
    const account: PlanWorld = {
      collections: [
        { id: 'at-cutoff', createdAt: '2026-01-30T00:00:00.000Z' },
        { id: 'just-before', createdAt: '2026-01-29T23:59:59.999Z' },
      ],
    };
    const byAge = await plan([{ select: { olderThanDays: 30 }, action: 'DELETE_FACES' }], account);
    const byDate = await plan([{ select: { createdBefore: '2026-01-30T00:00:00Z' }, action: 'DELETE_FACES' }], account);
    expect(targetIds(byAge)).toEqual(['just-before']);
    expect(targetIds(byDate)).toEqual(['just-before']);
  });

  test('only candidates that pass the listing criteria are described', async () => {
    const { rekognition } = await plan([{ select: { prefix: 'prod-' }, action: 'DELETE_FACES' }]);
    const described = rekognition.callsOf('DescribeCollection').map((input) => input.CollectionId);
    expect(described.sort()).toEqual(['prod-1', 'prod-2']);
  });
});

describe('collections: targets', () => {
  test('carry the description, the action and a readable reason', async () => {
    const result = await plan([{ select: { prefix: 'prod-', olderThanDays: 30 }, action: 'DELETE_COLLECTION' }]);
    expect(result.plan.collections).toEqual([
      {
        collectionId: 'prod-1',
        collectionArn: collectionArn('prod-1'),
        action: 'DELETE_COLLECTION',
        faceCount: 1,
        userCount: 3,
        createdAt: '2025-06-01T00:00:00.000Z',
        faceModelVersion: '6.0',
        reasons: ['collections[0]: prefix "prod-", created 2025-06-01T00:00:00.000Z, older than 30 days'],
        // What clean-collection checks again before each delete: the criteria that can change, not ids or prefix.
        selections: [{ source: 'collections[0]', action: 'DELETE_COLLECTION', criteria: { olderThanDays: 30 } }],
      },
    ]);
  });

  test('ListCollections is read to the last page', async () => {
    const rekognition = planAccount({
      pageSize: 2,
      collections: ['c1', 'c2', 'c3', 'c4', 'tmp-last'].map((id) => ({ id, createdAt: '2025-01-01T00:00:00Z' })),
    });
    const answered: unknown[] = [];
    rekognition.rewriteAnswers('ListCollections', (output) => {
      answered.push(output.NextToken);
      return output;
    });
    const job = { collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] };
    const state = await planJob(rekognition.client, { job, executionId: 'e', startedAt: STARTED_AT }, PROTECTION);
    expect(state.plan.collections.map((c) => c.collectionId)).toEqual(['tmp-last']);
    // Each page asks for the token the page before it answered, and the last one answers none.
    const tokens = rekognition.callsOf('ListCollections').map((input) => input.NextToken);
    expect(answered).toEqual([expect.any(String), expect.any(String), undefined]);
    expect(tokens).toEqual([undefined, answered[0], answered[1]]);
  });
});

describe('collections: protection', () => {
  test('a protected match is skipped, not targeted, with a detail naming the section', async () => {
    const result = await plan([{ select: { prefix: 'tmp-' }, action: 'DELETE_COLLECTION' }]);
    expect(targetIds(result)).not.toContain('tmp-keep');
    expect(result.plan.skipped).toEqual([
      {
        kind: 'collection',
        id: 'tmp-keep',
        reason: 'PROTECTED',
        detail: expect.stringMatching(/^collections\[0\]: prefix "tmp-".*protect tag "cleanup:protect"="true"/),
      },
    ]);
  });

  test('an explicit id does not override the protect tag', async () => {
    const result = await plan([{ select: { ids: ['tmp-keep'] }, action: 'DELETE_COLLECTION' }]);
    expect(result.plan.collections).toEqual([]);
    expect(skippedIds(result)).toEqual(['tmp-keep']);
  });

  test('the protect value is compared case-insensitively', async () => {
    const account: PlanWorld = {
      collections: [{ id: 'shouty', createdAt: '2025-01-01T00:00:00Z', tags: { 'cleanup:protect': ' TRUE ' } }],
    };
    const result = await plan([{ select: { prefix: 'sh' }, action: 'DELETE_FACES' }], account);
    expect(targetIds(result)).toEqual([]);
    expect(skippedIds(result)).toEqual(['shouty']);
  });

  test('a protected collection selected by two sections is skipped once, naming both', async () => {
    const result = await plan([
      { select: { prefix: 'tmp-' }, action: 'DELETE_FACES' },
      { select: { faceModelVersion: '6.0' }, action: 'DELETE_COLLECTION' },
    ]);
    const skipped = result.plan.skipped.filter((s) => s.id === 'tmp-keep');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.detail).toMatch(/collections\[0\].*collections\[1\]/);
  });
});

describe('collections: absent and duplicates', () => {
  test('an explicit id that does not exist is absent, and never described', async () => {
    const result = await plan([{ select: { ids: ['gone', 'tmp-a'] }, action: 'DELETE_FACES' }]);
    expect(targetIds(result)).toEqual(['tmp-a']);
    expect(result.plan.absent).toEqual([{ kind: 'collection', id: 'gone', source: 'collections[0]' }]);
    const described = result.rekognition.callsOf('DescribeCollection').map((input) => input.CollectionId);
    expect(described).not.toContain('gone');
  });

  test('a collection selected by several sections appears once, DELETE_COLLECTION winning', async () => {
    const result = await plan([
      { select: { prefix: 'tmp-' }, action: 'DELETE_FACES' },
      { select: { ids: ['tmp-a'] }, action: 'DELETE_COLLECTION' },
      { select: { tags: { team: 'kiosk' } }, action: 'DELETE_FACES' },
    ]);
    expect(targetIds(result)).toEqual(['prod-1', 'tmp-a', 'tmp-b']);
    const tmpA = result.plan.collections.find((c) => c.collectionId === 'tmp-a');
    expect(tmpA?.action).toBe('DELETE_COLLECTION');
    expect(tmpA?.reasons).toEqual([
      'collections[0]: prefix "tmp-"',
      'collections[1]: listed by id',
      'collections[2]: tagged "team"="kiosk"',
      'DELETE_COLLECTION (collections[1]) wins over DELETE_FACES (collections[0], collections[2]): deleting the collection deletes its faces too',
    ]);
    expect(result.plan.collections.find((c) => c.collectionId === 'tmp-b')?.action).toBe('DELETE_FACES');
    expect(result.plan.collections.find((c) => c.collectionId === 'prod-1')?.action).toBe('DELETE_FACES');
  });

  test('a collection deleted between listing and description is not targeted; if named, it is absent', async () => {
    const rekognition = planAccount(ACCOUNT);
    // Someone deletes tmp-a once it has been listed, just before the plan describes it.
    rekognition.beforeCall = (call) => {
      if (call.name === 'DescribeCollection' && call.input.CollectionId === 'tmp-a') {
        rekognition.world.deleteCollection('tmp-a');
      }
    };
    const job = {
      collections: [
        { select: { prefix: 'tmp-' }, action: 'DELETE_FACES' },
        { select: { ids: ['tmp-a'] }, action: 'DELETE_FACES' },
      ],
    };
    const state = await planJob(rekognition.client, { job, executionId: 'e', startedAt: STARTED_AT }, PROTECTION);
    expect(rekognition.callsOf('DescribeCollection')).toContainEqual({ CollectionId: 'tmp-a' });
    expect(state.plan.collections.map((c) => c.collectionId)).toEqual(['tmp-b']);
    expect(state.plan.absent).toEqual([{ kind: 'collection', id: 'tmp-a', source: 'collections[1]' }]);
  });
});
