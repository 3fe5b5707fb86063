import { AdaptiveRates } from '../../../../lambdas/core/rates/adaptive-rates';
import type { QuotaPictures } from '../../../../lambdas/core/rates/quota-pictures';
import type { QuotaPicture } from '../../../../lambdas/core/rates/rate-controller';
import { QuotaTable } from '../../../../local/emulator/service/quotas';
import { VirtualTime } from './virtual-time';

/** What one simulated worker got through, per second of virtual time and in total. */
export interface WorkerTally {
  admitted: number;
  throttled: number;
  /** Calls admitted in each second of the run. */
  perSecond: number[];
}

export interface SimulatedWorker {
  /** The worker's share of the configured quota, in calls per second. */
  ceiling: number;
  /** Calls in flight at once (a purge lists ahead and deletes several pages at once). @default 1 */
  inFlight?: number;
  /** When it starts and stops calling (ms). */
  from?: number;
  until?: number;
  /** A worker that does not adapt: it calls at `ceiling` whatever happens (another application in the account). */
  fixed?: boolean;
}

/**
 * Workers calling one operation against the emulator's token bucket (the one model of the service's quota), in
 * virtual time. Each adaptive worker has its own AdaptiveRates, as each Lambda invocation does, and they share the
 * job's pictures; a throttled attempt is sent again, as the client's retry strategy does.
 */
export async function simulate(options: {
  quotaTps: number | ((ms: number) => number);
  workers: SimulatedWorker[];
  pictures: QuotaPictures;
  durationMs: number;
  latencyMs?: number;
  /** Each attempt reaches the service up to this much after it was paced (a network's jitter). @default 0 */
  jitterMs?: number;
  onCut?: (atMs: number, picture: QuotaPicture) => void;
}): Promise<WorkerTally[]> {
  const time = new VirtualTime();
  const operation = 'DeleteFaces';
  const quotaAt = (ms: number) => (typeof options.quotaTps === 'number' ? options.quotaTps : options.quotaTps(ms));
  let quotaNow = quotaAt(0);
  const quota = new QuotaTable({ [operation]: quotaNow }, time.now);
  const seconds = Math.ceil(options.durationMs / 1000);
  const tallies = options.workers.map(() => ({
    admitted: 0,
    throttled: 0,
    perSecond: new Array<number>(seconds).fill(0),
  }));

  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const send = async (tally: WorkerTally): Promise<boolean> => {
    if (options.jitterMs) await time.sleep(random() * options.jitterMs);
    const wanted = quotaAt(time.now());
    if (wanted !== quotaNow) {
      quotaNow = wanted;
      quota.set({ [operation]: wanted });
    }
    const allowed = quota.allow(operation);
    if (options.latencyMs) await time.sleep(options.latencyMs);
    if (allowed) {
      tally.admitted += 1;
      const second = Math.floor(time.now() / 1000);
      if (second < seconds) tally.perSecond[second]! += 1;
    } else tally.throttled += 1;
    return allowed;
  };

  const loops = options.workers.flatMap((worker, index) => {
    const tally = tallies[index]!;
    const until = Math.min(worker.until ?? options.durationMs, options.durationMs);
    const rates = new AdaptiveRates(
      { [operation]: worker.ceiling },
      {
        pictures: options.pictures,
        random,
        now: time.now,
        sleep: time.sleep,
        onCut: (_operation, picture) => options.onCut?.(time.now(), picture),
      },
    );
    const fixedRates = new AdaptiveRates({ [operation]: worker.ceiling }, { random, now: time.now, sleep: time.sleep });
    const loop = async () => {
      await time.sleep(worker.from ?? 0);
      while (time.now() < until) {
        if (worker.fixed === true) {
          // Paced, never slowed: its throttles are not reported to any loop.
          await fixedRates.acquire(operation);
          await send(tally);
          continue;
        }
        const ticket = await rates.acquire(operation);
        if (time.now() >= until) break;
        if (!(await send(tally))) await rates.throttled(ticket);
      }
    };
    return Array.from({ length: worker.inFlight ?? 1 }, loop);
  });
  const done = Promise.all(loops);
  // Every loop ends by itself once past its `until`: run the clock until nothing is left waiting.
  await time.runUntil(Infinity);
  await done;
  return tallies;
}
