import { AsyncLocalStorage } from 'node:async_hooks';
import type { RateShare } from '../contracts';
import { RateLimiter } from './rate-limiter';

/**
 * The rate share of the invocation in progress. The Rekognition client is one per process (Lambda reuses it); the
 * limiter is per invocation, found through async context: in Lambda that is the whole process, in the local runner
 * each in-process invocation gets its own share, exactly as deployed.
 */
const current = new AsyncLocalStorage<RateLimiter>();

export function withRateShare<T>(share: RateShare | undefined, work: () => Promise<T>): Promise<T> {
  if (share === undefined) return work();
  return current.run(new RateLimiter(share.tps, { startBusy: true }), work);
}

/** The limiter of the invocation in progress, if any. */
export function currentRateLimiter(): RateLimiter | undefined {
  return current.getStore();
}

/** Called by the client's middleware before every attempt (retries included). */
export async function acquireRate(operation: string): Promise<void> {
  await current.getStore()?.acquire(operation);
}
