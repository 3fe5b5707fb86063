/**
 * Where a limiter reads each operation's rate: fixed rates, or a function asked at every call (the closed loop's,
 * adaptive-rates.ts). An operation without a rate is not limited.
 */
export type RateSource = Readonly<Record<string, number>> | ((operation: string) => number | undefined);

/**
 * Spaces calls of each operation so they stay just under a rate: the n-th call of an operation may start no
 * earlier than 1/rate after the previous one, at the rate in force when it asks. No bursts, so the service's own
 * per-second buckets never overflow, which is what keeps throttling storms from starting.
 */
export class RateLimiter {
  private readonly lastSlot = new Map<string, number>();
  private readonly createdAt: number;

  constructor(
    /** Calls per second allowed for each operation. */
    private readonly rates: RateSource,
    private readonly options: {
      /**
       * Treat each operation as if it had just been called. A worker slot of a Map runs one short invocation after
       * another, each with a fresh limiter: without this, every invocation's first call would come for free and
       * a slot could exceed its share.
       */
      startBusy?: boolean;
      /**
       * Spread each gap at random by up to this fraction either way (the mean stays 1/rate). Strictly periodic calls
       * can lock in phase with the service's bucket refill and always arrive just after a token is back, so another
       * client sharing the quota takes every refusal and the closed loop never hears of the contention. @default 0
       */
      jitter?: number;
      random?: () => number;
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

  private rateOf(operation: string): number | undefined {
    return typeof this.rates === 'function' ? this.rates(operation) : this.rates[operation];
  }

  /** Resolves when a call of `operation` may start, with the time it starts (epoch ms, this limiter's clock). */
  async acquire(operation: string): Promise<number> {
    const rate = this.rateOf(operation);
    const now = this.now();
    if (rate === undefined || rate <= 0) return now;
    const spread = this.options.jitter ?? 0;
    const interval = (1000 / rate) * (spread > 0 ? 1 + spread * (2 * (this.options.random ?? Math.random)() - 1) : 1);
    const last = this.lastSlot.get(operation) ?? (this.options.startBusy === true ? this.createdAt : -Infinity);
    const slot = Math.max(now, last + interval);
    this.lastSlot.set(operation, slot);
    if (slot > now) await this.sleep(slot - now);
    return this.now();
  }
}
