import type { CollectionTarget } from '../contracts';
import { type TpsQuotas, tpsOf } from './quotas';

/** ListFaces' largest page and DeleteFaces' largest batch. */
const FACES_PER_PAGE = 4096;
/**
 * What one collection costs whatever its share of the quotas: the invocations, the state transitions and the
 * round trip of every call. An estimate; it only has to tell "dominated by fixed costs" from "dominated by the
 * quota".
 */
const FIXED_SECONDS_PER_COLLECTION = 2;
/** Choose the fewest workers whose estimated makespan is within this of the best: same speed, fewer Lambdas. */
const MAKESPAN_TOLERANCE = 1.01;

/**
 * How many collections to clean at once. Every worker gets 1/n of the quotas, and the shares are fixed for the job
 * (workers in separate Lambdas cannot hand theirs over), so n matters:
 * - many small collections are dominated by fixed costs, and running them side by side overlaps those costs;
 * - one huge collection next to small ones must not run at 1/n of the quota long after the small ones are done:
 *   a 20-million-face collection and four tiny ones, five at a time, would take five times as long as one at a
 *   time.
 * So each candidate n is scored by simulating the Map: collections in plan order, each taking the next free worker
 * (what Step Functions does), each lasting its fixed cost plus its quota-bound work at 1/n of the quotas. The
 * smallest n whose makespan is within 1% of the best wins.
 */
export function collectionConcurrency(
  collections: readonly CollectionTarget[],
  quotas: TpsQuotas,
  headroom: number,
  maxConcurrency: number,
): number {
  const work = collections.map((target) => quotaBoundSeconds(target, quotas, headroom));
  let best = { concurrency: 1, makespan: makespanOf(work, 1) };
  const scored = [best];
  for (let n = 2; n <= Math.min(maxConcurrency, collections.length); n += 1) {
    const candidate = { concurrency: n, makespan: makespanOf(work, n) };
    scored.push(candidate);
    if (candidate.makespan < best.makespan) best = candidate;
  }
  return scored.find((s) => s.makespan <= best.makespan * MAKESPAN_TOLERANCE)!.concurrency;
}

/**
 * Seconds of paced calls one collection needs with the whole quota (less headroom). Every call waits for its
 * operation's next slot, so a worker's calls in sequence add up: the re-check (DescribeCollection and the tags)
 * before every batch, then for a purge a users page, one DeleteUser per user, the face pages (listing runs ahead
 * of deleting and the next page's re-check overlaps the deletes in flight, so the slowest of the four paces them)
 * and the closing DescribeCollection; deleting the collection is one call after its re-check.
 */
export function quotaBoundSeconds(target: CollectionTarget, quotas: TpsQuotas, headroom: number): number {
  const rate = (operation: string) => tpsOf(quotas, operation) * headroom;
  const recheck = 1 / rate('ListTagsForResource') + 1 / rate('DescribeCollection');
  if (target.action === 'DELETE_COLLECTION') return recheck + 1 / rate('DeleteCollection');
  const pages = Math.max(1, Math.ceil(target.faceCount / FACES_PER_PAGE));
  const pagePace = Math.min(
    rate('ListFaces'),
    rate('DeleteFaces'),
    rate('DescribeCollection'),
    rate('ListTagsForResource'),
  );
  return (
    recheck +
    1 / rate('ListUsers') +
    target.userCount / rate('DeleteUser') +
    pages / pagePace +
    1 / rate('DescribeCollection')
  );
}

/** List scheduling in plan order on `workers` slots, each collection at 1/workers of the quotas. */
function makespanOf(work: readonly number[], workers: number): number {
  const freeAt = new Array<number>(workers).fill(0);
  for (const seconds of work) {
    const slot = freeAt.indexOf(Math.min(...freeAt));
    freeAt[slot] = freeAt[slot]! + FIXED_SECONDS_PER_COLLECTION + seconds * workers;
  }
  return Math.max(...freeAt);
}
