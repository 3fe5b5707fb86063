import type { QuotaPicture } from './rate-controller';

/**
 * Where a job keeps its picture of each operation's quota, so that all its workers share it: the job store
 * (store/job-quota-pictures.ts) for the workflow's workers, memory for a function that runs alone.
 */
export interface QuotaPictures {
  /** Every operation's picture, as last written by any worker. */
  load(): Promise<Record<string, QuotaPicture>>;
  /**
   * Writes `next` if the operation's picture still holds `expectedCuts` cuts (0: none yet). False when another
   * worker cut first: the caller then reloads, and most likely finds its throttle already answered.
   */
  propose(operation: string, expectedCuts: number, next: QuotaPicture): Promise<boolean>;
}

/** Pictures held in memory: one function's own, or the workers of a test. */
export function memoryQuotaPictures(): QuotaPictures {
  const pictures: Record<string, QuotaPicture> = {};
  return {
    load: () => Promise.resolve({ ...pictures }),
    propose: (operation, expectedCuts, next) => {
      if ((pictures[operation]?.cuts ?? 0) !== expectedCuts) return Promise.resolve(false);
      pictures[operation] = next;
      return Promise.resolve(true);
    },
  };
}
