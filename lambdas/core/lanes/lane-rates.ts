import type { LaneInput } from '../contracts';
import { withRateShare } from '../rates/rate-share';
import { jobQuotaPictures } from '../store/job-quota-pictures';
import type { JobStore } from '../store/job-store';

/**
 * Runs one lane invocation paced by its rate share, in closed loop with every other worker of the job: they share
 * the job's picture of each quota through the job store.
 */
export function withLaneRates<T>(store: JobStore, lane: LaneInput, work: () => Promise<T>): Promise<T> {
  return withRateShare(lane.rates, work, jobQuotaPictures(store, lane.jobId));
}
