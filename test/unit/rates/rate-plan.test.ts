import { DEFAULT_QUOTAS, formatTpsQuotas, parseTpsQuotas } from '../../../lambdas/core/rates/quotas';
import { computeRatePlan, QUOTA_HEADROOM, soloShare } from '../../../lambdas/core/rates/rate-plan';
import { WORK, WORK_KINDS } from '../../../lambdas/core/workers';
import { collectionTarget, emptyPlan, FACE, faceTarget, versionTarget } from '../../support/job-state';

describe('TPS quotas', () => {
  test('parse and format round-trip, with * as the default', () => {
    const quotas = parseTpsQuotas('*=3, DeleteFaces=10,ListFaces=7.5');
    expect(quotas).toEqual({ default: 3, perOperation: { DeleteFaces: 10, ListFaces: 7.5 } });
    expect(parseTpsQuotas(formatTpsQuotas(quotas))).toEqual(quotas);
    expect(parseTpsQuotas(undefined)).toEqual(DEFAULT_QUOTAS);
  });

  test.each(['DeleteFaces', 'DeleteFaces=0', 'DeleteFaces=-1', 'DeleteFaces=x', '=5'])('rejects %p', (raw) => {
    expect(() => parseTpsQuotas(raw)).toThrow(/invalid TPS quota/);
  });
});

describe('computeRatePlan', () => {
  const quotas = parseTpsQuotas('*=5,DeleteFaces=10,ListFaces=8');

  test('one purge alone gets the whole quota (minus headroom) of what it calls', () => {
    const rates = computeRatePlan(emptyPlan({ collections: [collectionTarget('big')] }), quotas);
    expect(rates.collections.concurrency).toBe(1);
    expect(rates.collections.tps.DeleteFaces).toBeCloseTo(10 * QUOTA_HEADROOM);
    expect(rates.collections.tps.ListFaces).toBeCloseTo(8 * QUOTA_HEADROOM);
  });

  test('concurrency is capped by the pacing quota and by the number of targets', () => {
    const many = Array.from({ length: 30 }, (_, i) => collectionTarget(`c${i}`));
    expect(computeRatePlan(emptyPlan({ collections: many }), quotas).collections.concurrency).toBe(10);
    expect(computeRatePlan(emptyPlan({ collections: many.slice(0, 3) }), quotas).collections.concurrency).toBe(3);
    expect(computeRatePlan(emptyPlan(), quotas).collections.concurrency).toBe(1);
  });

  test('an operation shared by branches that run together is split so the sum stays under the quota', () => {
    const plan = emptyPlan({
      collections: [collectionTarget('a'), collectionTarget('b')],
      faceGroups: [faceTarget('c', [FACE(1)])],
      subjectErasures: [
        faceTarget('d', [FACE(2)], { source: 'subjects[0]' }),
        faceTarget('e', [], { source: 'subjects[0]' }),
      ],
      projectVersions: [versionTarget('v1')],
    });
    const rates = computeRatePlan(plan, quotas);
    const concurrentDeleteFaces =
      rates.collections.concurrency * rates.collections.tps.DeleteFaces! +
      rates.faceGroups.concurrency * rates.faceGroups.tps.DeleteFaces! +
      rates.subjects.concurrency * rates.subjects.tps.DeleteFaces!;
    expect(concurrentDeleteFaces).toBeLessThanOrEqual(10 * QUOTA_HEADROOM + 1e-6);
    expect(concurrentDeleteFaces).toBeGreaterThan(10 * QUOTA_HEADROOM * 0.99);
    // Versions call nothing the face workers call: their share is whole.
    expect(rates.projectVersions.tps.DescribeProjectVersions).toBeCloseTo(5 * QUOTA_HEADROOM);
  });

  test('versions have one lane, which polls all of them, and gets the whole share of what only it calls', () => {
    const plan = emptyPlan({ projectVersions: ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'].map((v) => versionTarget(v)) });
    const rates = computeRatePlan(plan, parseTpsQuotas('*=10'));
    expect(rates.projectVersions.concurrency).toBe(1);
    expect(rates.projectVersions.tps.StopProjectVersion).toBeCloseTo(10 * QUOTA_HEADROOM);
  });

  test.each(WORK_KINDS)('%s: every operation its worker calls is paced by the share it runs with', (kind) => {
    const rates = computeRatePlan(emptyPlan({ collections: [collectionTarget('a')] }), quotas);
    const { rate, operations } = WORK[kind];
    expect(Object.keys(rates[rate].tps)).toEqual(expect.arrayContaining([...operations]));
  });

  test('a branch without targets takes nothing from the others', () => {
    const rates = computeRatePlan(emptyPlan({ collections: [collectionTarget('a')] }), quotas);
    expect(rates.collections.tps.DeleteUser).toBeCloseTo(5 * QUOTA_HEADROOM);
  });

  test('the Plan alone gets the whole quota of what it calls', () => {
    expect(soloShare(quotas, ['ListCollections', 'ListFaces'])).toEqual({
      concurrency: 1,
      tps: { ListCollections: 5 * QUOTA_HEADROOM, ListFaces: 8 * QUOTA_HEADROOM },
    });
  });
});
