import { memoryQuotaPictures, type QuotaPictures } from './quota-pictures';
import { cutAfterThrottle, fractionAt, isNewThrottle, type QuotaPicture } from './rate-controller';
import { RateLimiter } from './rate-limiter';

/** How often a worker re-reads the job's pictures, so that a cut made by another worker reaches it. */
export const SYNC_MS = 1_000;
/** Gaps between paced calls vary by up to 10% either way: see RateLimiter's jitter. */
export const PACING_JITTER = 0.1;
/** Cuts lost to other workers in a row before this throttle is answered locally only. */
const MAX_PROPOSALS = 3;

export interface AdaptiveRatesOptions {
  /** Where the job's workers share their pictures; default: this invocation's memory. */
  pictures?: QuotaPictures;
  /** See RateLimiter: each invocation of a worker slot starts as if it had just called. */
  startBusy?: boolean;
  syncMs?: number;
  /** For the pacing's jitter; default Math.random. */
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told of every cut this invocation makes (logs). */
  onCut?: (operation: string, picture: QuotaPicture) => void;
  /** Told when the shared pictures cannot be read or written: the loop then goes on with what it knows. */
  onStoreError?: (error: unknown) => void;
}

/** Handed out with every attempt: which picture paced it, so that its throttle is only counted against that one. */
export interface AttemptTicket {
  operation: string;
  /** The cuts of the operation's picture when the attempt was paced. */
  pacedBy: number;
}

/** What one invocation's loop did, per operation: for logs and the bench. */
export interface RateControlSummary {
  fraction: number;
  throttles: number;
  cuts: number;
}

/**
 * One invocation's closed-loop pacing. Each operation's ceiling is the invocation's share of the configured quota
 * (rate-plan.ts); its rate is that ceiling times the job's fraction for the operation (rate-controller.ts). The
 * Rekognition client's middleware asks `acquire` before every attempt and reports every throttled attempt to
 * `throttled`, retries by the SDK included.
 */
export class AdaptiveRates {
  private readonly limiter: RateLimiter;
  private readonly pictures: QuotaPictures;
  private known: Record<string, QuotaPicture> = {};
  private loadedAt = -Infinity;
  private loading: Promise<void> | undefined;
  private readonly tally: Record<string, { throttles: number; cuts: number }> = {};

  constructor(
    /** Calls per second each operation may reach; an operation not listed is not limited. */
    private readonly ceilings: Readonly<Record<string, number>>,
    private readonly options: AdaptiveRatesOptions = {},
  ) {
    this.pictures = options.pictures ?? memoryQuotaPictures();
    this.limiter = new RateLimiter((operation) => this.rate(operation), {
      startBusy: options.startBusy,
      jitter: PACING_JITTER,
      random: options.random,
      now: options.now,
      sleep: options.sleep,
    });
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The rate in force for `operation`, in calls per second; undefined when it is not limited. */
  rate(operation: string): number | undefined {
    const ceiling = this.ceilings[operation];
    if (ceiling === undefined) return undefined;
    return ceiling * fractionAt(this.known[operation], this.now());
  }

  /** Resolves when an attempt of `operation` may be sent, with the picture it was paced by. */
  async acquire(operation: string): Promise<AttemptTicket> {
    await this.sync();
    for (;;) {
      const pacedBy = this.known[operation]?.cuts ?? 0;
      await this.limiter.acquire(operation);
      // A cut while this attempt waited for a slot given at the old rate: it waits again, at the new one.
      if ((this.known[operation]?.cuts ?? 0) === pacedBy) return { operation, pacedBy };
    }
  }

  /** The attempt `ticket` was given was throttled. Resolves once the loop has slowed down. */
  async throttled(ticket: AttemptTicket): Promise<void> {
    const { operation, pacedBy } = ticket;
    const ceiling = this.ceilings[operation];
    if (ceiling === undefined) return;
    this.count(operation).throttles += 1;
    for (let proposal = 0; proposal < MAX_PROPOSALS; proposal += 1) {
      const current = this.known[operation];
      if (!isNewThrottle(current, pacedBy)) return;
      const next = cutAfterThrottle(current, this.now(), ceiling);
      const written = await this.pictures.propose(operation, current?.cuts ?? 0, next).catch((error: unknown) => {
        // The store is out of reach: this worker slows down on its own, which is what matters now.
        this.options.onStoreError?.(error);
        return true;
      });
      if (written) {
        this.known[operation] = next;
        this.count(operation).cuts += 1;
        this.options.onCut?.(operation, next);
        return;
      }
      // Another worker cut first: its cut most likely answers this throttle too.
      await this.reload();
    }
  }

  summary(): Record<string, RateControlSummary> {
    const now = this.now();
    return Object.fromEntries(
      Object.entries(this.tally).map(([operation, tally]) => [
        operation,
        { fraction: round(fractionAt(this.known[operation], now)), ...tally },
      ]),
    );
  }

  private count(operation: string): { throttles: number; cuts: number } {
    this.tally[operation] ??= { throttles: 0, cuts: 0 };
    return this.tally[operation];
  }

  /** Re-reads the pictures at most every syncMs; the first call of the invocation waits for the first read. */
  private async sync(): Promise<void> {
    if (this.now() - this.loadedAt < (this.options.syncMs ?? SYNC_MS)) return;
    await this.reload();
  }

  private reload(): Promise<void> {
    this.loading ??= this.pictures
      .load()
      .then((stored) => {
        // A local cut the store never took (it was out of reach) is kept until the store knows better.
        for (const [operation, picture] of Object.entries(stored)) {
          if (picture.cuts >= (this.known[operation]?.cuts ?? 0)) this.known[operation] = picture;
        }
      })
      .catch((error: unknown) => this.options.onStoreError?.(error))
      .finally(() => {
        this.loadedAt = this.now();
        this.loading = undefined;
      });
    return this.loading;
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
