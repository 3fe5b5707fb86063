/**
 * Spaces calls of each operation so they stay just under a rate: the n-th call of an operation may start no
 * earlier than 1/rate after the previous one. No bursts, so the service's own per-second buckets never overflow,
 * which is what keeps throttling storms from starting.
 */
export class RateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    /** Calls per second allowed for each operation; an operation not listed is not limited. */
    private readonly ratePerOperation: Record<string, number>,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a call of `operation` may start. */
  async acquire(operation: string): Promise<void> {
    const rate = this.ratePerOperation[operation];
    if (rate === undefined || rate <= 0) return;
    const interval = 1000 / rate;
    const now = this.now();
    const slot = Math.max(now, this.nextSlot.get(operation) ?? now);
    this.nextSlot.set(operation, slot + interval);
    if (slot > now) await this.sleep(slot - now);
  }
}
