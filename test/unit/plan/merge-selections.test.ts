import type { CollectionTarget } from '../../../lambdas/core/contracts';
import { emptyFragment, mergeFragments } from '../../../lambdas/core/plan/plan-fragment';

function pick(source: string, action: CollectionTarget['action'], tags: Record<string, string>) {
  const target: CollectionTarget = {
    collectionId: 'c',
    collectionArn: 'arn:aws:rekognition:us-east-1:123456789012:collection/c',
    action,
    faceCount: 1,
    userCount: 0,
    reasons: [`${source}: tagged`],
    selections: [{ source, action, criteria: { tags } }],
  };
  return { ...emptyFragment(), collections: [{ target, source }] };
}

test('a collection selected by several sections keeps every section to re-check at act time', () => {
  const plan = mergeFragments([
    pick('collections[0]', 'DELETE_FACES', { a: '1' }),
    pick('collections[1]', 'DELETE_COLLECTION', { b: '2' }),
  ]);

  expect(plan.collections).toHaveLength(1);
  expect(plan.collections[0]?.action).toBe('DELETE_COLLECTION');
  expect(plan.collections[0]?.selections).toEqual([
    { source: 'collections[0]', action: 'DELETE_FACES', criteria: { tags: { a: '1' } } },
    { source: 'collections[1]', action: 'DELETE_COLLECTION', criteria: { tags: { b: '2' } } },
  ]);
});
