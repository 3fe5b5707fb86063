/**
 * Spaces calls of each operation so they stay just under a rate: the n-th call of an operation may start no
 * earlier than 1/rate after the previous one. No bursts, so the service's own per-second buckets never overflow,
 * which is what keeps throttling storms from starting.
 */
export class RateLimiter {
  private readonly nextSlot = new Map<string, number>();
  private readonly createdAt: number;

  constructor(
    /** Calls per second allowed for each operation; an operation not listed is not limited. */
    private readonly ratePerOperation: Record<string, number>,
    private readonly options: {
      /**
       * Treat each operation as if it had just been called. A worker slot of a Map runs one short invocation after
       * another, each with a fresh limiter: without this, every invocation's first call would come for free and
       * a slot could exceed its share.
       */
      startBusy?: boolean;
      now?: () => number;
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ) {
    this.createdAt = this.now();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private sleep(ms: number): Promise<void> {
    return this.options.sleep?.(ms) ?? new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Resolves when a call of `operation` may start. */
  async acquire(operation: string): Promise<void> {
    const rate = this.ratePerOperation[operation];
    if (rate === undefined || rate <= 0) return;
    const interval = 1000 / rate;
    const now = this.now();
    const first = this.options.startBusy === true ? this.createdAt + interval : now;
    const slot = Math.max(now, this.nextSlot.get(operation) ?? first);
    this.nextSlot.set(operation, slot + interval);
    if (slot > now) await this.sleep(slot - now);
  }
}
