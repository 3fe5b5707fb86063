import { AsyncLocalStorage } from 'node:async_hooks';
import type { RateShare } from '../contracts';
import { logger } from '../observability';
import { AdaptiveRates, type AttemptTicket } from './adaptive-rates';
import type { QuotaPictures } from './quota-pictures';
import { fractionAt } from './rate-controller';

/**
 * The rate share of the invocation in progress. The Rekognition client is one per process (Lambda reuses it); the
 * pacing is per invocation, found through async context: in Lambda that is the whole process, in the local runner
 * each in-process invocation gets its own share, exactly as deployed.
 */
const current = new AsyncLocalStorage<AdaptiveRates>();

/**
 * Runs `work` paced by `share`, in closed loop: each operation starts at its share of the configured quota, and
 * slows down and recovers with the throttles the job's workers meet, through `pictures` (the job store's, for the
 * workers of a job; this invocation's own otherwise).
 */
export async function withRateShare<T>(
  share: RateShare | undefined,
  work: () => Promise<T>,
  pictures?: QuotaPictures,
): Promise<T> {
  if (share === undefined) return work();
  const rates = new AdaptiveRates(share.tps, {
    startBusy: true,
    pictures,
    onCut: (operation, picture) =>
      logger.info('rate cut after throttling', {
        operation,
        fraction: round(fractionAt(picture, picture.cutAt)),
        cuts: picture.cuts,
      }),
    onStoreError: (error) =>
      logger.warn('rate control: the job store is out of reach, pacing on what this invocation knows', {
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  try {
    return await current.run(rates, work);
  } finally {
    const summary = rates.summary();
    if (Object.keys(summary).length > 0) logger.info('rate control', { operations: summary });
  }
}

/** The pacing of the invocation in progress, if any. */
export function currentRates(): AdaptiveRates | undefined {
  return current.getStore();
}

/** Called by the client's middleware before every attempt (retries included); undefined when nothing paces it. */
export async function acquireRate(operation: string): Promise<AttemptTicket | undefined> {
  return current.getStore()?.acquire(operation);
}

/** Called by the client's middleware for every throttled attempt, so that the loop sees them all. */
export async function reportThrottle(ticket: AttemptTicket): Promise<void> {
  await current.getStore()?.throttled(ticket);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
