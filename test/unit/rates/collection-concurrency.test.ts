import { collectionConcurrency, quotaBoundSeconds } from '../../../lambdas/core/rates/collection-concurrency';
import { DEFAULT_QUOTAS, parseTpsQuotas } from '../../../lambdas/core/rates/quotas';
import { computeRatePlan, QUOTA_HEADROOM } from '../../../lambdas/core/rates/rate-plan';
import { collectionTarget, emptyPlan } from '../../support/job-state';

const MAX_FACES = 20_000_000;
const huge = (id: string) => collectionTarget(id, { faceCount: MAX_FACES, userCount: 0 });
const tiny = (id: string) => collectionTarget(id, { faceCount: 40, userCount: 2 });
const concurrencyOf = (collections: ReturnType<typeof collectionTarget>[], cap = 5) =>
  collectionConcurrency(collections, DEFAULT_QUOTAS, QUOTA_HEADROOM, cap);

describe('how many collections are cleaned at once', () => {
  test('a 20-million-face collection among small ones gets the whole quota: one at a time', () => {
    expect(concurrencyOf([tiny('a'), huge('big'), tiny('b'), tiny('c'), tiny('d')])).toBe(1);
    expect(concurrencyOf([huge('big'), ...Array.from({ length: 100 }, (_, i) => tiny(`t${i}`))])).toBe(1);
    // ...and the rate plan hands that one worker the whole quota.
    const rates = computeRatePlan(emptyPlan({ collections: [tiny('a'), huge('big'), tiny('b')] }), DEFAULT_QUOTAS);
    expect(rates.collections).toMatchObject({ concurrency: 1, tps: { DeleteFaces: 5 * QUOTA_HEADROOM } });
  });

  test('small collections, dominated by fixed costs, run side by side up to the cap', () => {
    expect(concurrencyOf(Array.from({ length: 30 }, (_, i) => tiny(`t${i}`)))).toBe(5);
    expect(concurrencyOf([tiny('a'), tiny('b'), tiny('c')])).toBe(3);
    const deletions = Array.from({ length: 20 }, (_, i) =>
      collectionTarget(`old${i}`, { action: 'DELETE_COLLECTION', faceCount: MAX_FACES }),
    );
    // Deleting a collection is one call however many faces it holds.
    expect(concurrencyOf(deletions)).toBe(5);
    // Twelve take three rounds with four workers as with five: the fewer workers, at a bigger share each.
    expect(concurrencyOf(deletions.slice(0, 12))).toBe(4);
  });

  test('never more than the cap, never more than the collections, at least one', () => {
    expect(concurrencyOf([], 5)).toBe(1);
    expect(concurrencyOf([tiny('a')], 5)).toBe(1);
    expect(
      concurrencyOf(
        Array.from({ length: 60 }, (_, i) => tiny(`t${i}`)),
        40,
      ),
    ).toBeLessThanOrEqual(40);
  });

  test('the estimate scales with users (one DeleteUser each) and with face pages, at the configured quotas', () => {
    const quotas = parseTpsQuotas('*=5,DeleteUser=10');
    const withUsers = collectionTarget('u', { faceCount: 4096 * 3, userCount: 95 });
    // Re-check (tags, DescribeCollection), users page, 95 DeleteUser, 3 face pages (each re-checked in their
    // shadow), DescribeCollection.
    expect(quotaBoundSeconds(withUsers, quotas, 1)).toBeCloseTo(2 / 5 + 1 / 5 + 95 / 10 + 3 / 5 + 1 / 5);
    const empty = collectionTarget('e', { faceCount: 0, userCount: 0 });
    expect(quotaBoundSeconds(empty, quotas, 1)).toBeCloseTo(5 / 5);
    expect(quotaBoundSeconds({ ...empty, action: 'DELETE_COLLECTION' }, quotas, 0.5)).toBeCloseTo(3 / 2.5);
  });
});
