/**
 * Per-operation TPS quotas, like the account-level limits that make real Rekognition answer
 * ProvisionedThroughputExceededException. Each operation has a token bucket holding one second of tokens and
 * refilled continuously, so short bursts up to the quota pass and a sustained excess is refused.
 * The key '*' sets a quota for every operation that has none of its own.
 */
export type TpsQuotas = Partial<Record<string, number>>;

class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = perSecond;
    this.updatedAt = now;
  }

  tryTake(now: number): boolean {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.perSecond, this.tokens + elapsed * this.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class QuotaTable {
  private quotas: TpsQuotas = {};
  private buckets = new Map<string, TokenBucket>();

  constructor(
    quotas: TpsQuotas = {},
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.set(quotas);
  }

  /** Replaces every quota; buckets start full. */
  set(quotas: TpsQuotas): void {
    for (const [operation, tps] of Object.entries(quotas)) {
      if (tps !== undefined && !(Number.isFinite(tps) && tps >= 0)) {
        throw new Error(`tps for ${operation} must be a number >= 0, got ${tps}`);
      }
    }
    this.quotas = { ...quotas };
    this.buckets = new Map();
  }

  /** Whether a call may proceed now (and consumes a token if so). */
  allow(operation: string): boolean {
    const tps = this.quotas[operation] ?? this.quotas['*'];
    if (tps === undefined) return true;
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      bucket = new TokenBucket(tps, this.clock());
      this.buckets.set(operation, bucket);
    }
    return bucket.tryTake(this.clock());
  }
}
