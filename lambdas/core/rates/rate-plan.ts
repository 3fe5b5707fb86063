import type { Plan, RatePlan, RateShare } from '../contracts';
import { collectionConcurrency } from './collection-concurrency';
import { type TpsQuotas, tpsOf } from './quotas';
import { operationsOfRate, RATE_KINDS, type RateKind, type RekognitionOperation } from '../workers';

/** Inline Map runs at most 40 iterations at once whatever MaxConcurrency says. */
const MAX_MAP_CONCURRENCY = 40;
/**
 * The share of each configured quota the plan hands out: all of it. Calls are spaced evenly, so a correct quota is
 * never overrun; a wrong one is found by the closed loop (adaptive-rates.ts), which a reserve kept here would not
 * replace, only cost throughput.
 */
export const QUOTA_HEADROOM = 1;

/** The operation that paces each kind of worker: running more of them at once than its TPS only adds throttling. */
const PACING_OPERATION = {
  find: 'ListFaces',
  collections: 'DeleteFaces',
  faceGroups: 'DeleteFaces',
  subjects: 'DeleteUser',
  projectVersions: 'DescribeProjectVersions',
} as const satisfies Record<RateKind, RekognitionOperation>;

/**
 * Derives, from the quotas and the plan, how many workers of each kind run at once (the Maps' MaxConcurrencyPath)
 * and the TPS share each worker invocation gets per operation. The find Map runs alone; the four Act branches run
 * together, so an operation they share (DeleteFaces, ...) is split between all of them. Shares are fixed for the
 * job: correct whatever finishes first, at the price of some idle quota when one branch ends early. How many
 * collections are cleaned at once also weighs their sizes (collection-concurrency.ts), so a huge one does not
 * crawl at a small share beside small ones.
 */
export function computeRatePlan(plan: Plan, quotas: TpsQuotas): RatePlan {
  const items: Record<RateKind, number> = {
    find: plan.subjectSearches.length,
    collections: plan.collections.length,
    faceGroups: plan.faceGroups.length,
    // Before finalize-plan, erasures are not known yet: one per subject searched in a collection is the most.
    subjects:
      plan.subjectErasures.length > 0
        ? plan.subjectErasures.length
        : plan.subjectSearches.reduce((sum, search) => sum + search.subjects.length, 0),
    projectVersions: plan.projectVersions.length + plan.projects.length,
  };
  const concurrency = Object.fromEntries(
    RATE_KINDS.map((kind) => {
      const byQuota = clamp(Math.floor(tpsOf(quotas, PACING_OPERATION[kind])), 1, MAX_MAP_CONCURRENCY);
      if (kind === 'collections')
        return [kind, collectionConcurrency(plan.collections, quotas, QUOTA_HEADROOM, byQuota)];
      // One lane polls every version (store/plan-records.ts): it gets the whole share, not a fraction of it.
      if (kind === 'projectVersions') return [kind, 1];
      return [kind, clamp(Math.min(items[kind], byQuota), 1, MAX_MAP_CONCURRENCY)];
    }),
  ) as Record<RateKind, number>;

  const actKinds = RATE_KINDS.filter((kind) => kind !== 'find');
  const share = (kind: RateKind, together: RateKind[]): RateShare => {
    const tps: Record<string, number> = {};
    // What the workers of each share call (workers.ts).
    for (const operation of operationsOfRate(kind)) {
      // Only kinds that have work compete for the quota.
      const sharing = together
        .filter((other) => operationsOfRate(other).includes(operation) && (items[other] > 0 || other === kind))
        .reduce((sum, other) => sum + concurrency[other], 0);
      tps[operation] = round((tpsOf(quotas, operation) * QUOTA_HEADROOM) / Math.max(1, sharing));
    }
    return { concurrency: concurrency[kind], tps };
  };
  return Object.fromEntries(
    RATE_KINDS.map((kind) => [kind, share(kind, kind === 'find' ? ['find'] : actKinds)]),
  ) as RatePlan;
}

/** The whole quota for a function that runs alone (the Plan). */
export function soloShare(quotas: TpsQuotas, operations: readonly string[]): RateShare {
  return {
    concurrency: 1,
    tps: Object.fromEntries(operations.map((op) => [op, round(tpsOf(quotas, op) * QUOTA_HEADROOM)])),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
