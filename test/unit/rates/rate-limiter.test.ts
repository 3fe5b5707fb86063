import { RateLimiter } from '../../../lambdas/core/rates/rate-limiter';
import { AdaptiveRates } from '../../../lambdas/core/rates/adaptive-rates';
import { acquireRate, currentRates, withRateShare } from '../../../lambdas/core/rates/rate-share';

/** A fake clock: sleeping advances time, so the schedule of calls is exact. */
function fakeTime() {
  let now = 1_000_000;
  const starts: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    starts,
  };
}

describe('RateLimiter', () => {
  test('spaces calls of one operation evenly at the rate, with no burst', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ DeleteFaces: 4 }, { now: time.now, sleep: time.sleep });
    for (let i = 0; i < 9; i += 1) {
      await limiter.acquire('DeleteFaces');
      time.starts.push(time.now());
    }
    const gaps = time.starts.slice(1).map((t, i) => t - time.starts[i]!);
    expect(gaps).toEqual(Array(8).fill(250));
  });

  test('operations are limited independently, and unlisted ones are not limited', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ DeleteFaces: 1, ListFaces: 1 }, { now: time.now, sleep: time.sleep });
    const start = time.now();
    await limiter.acquire('DeleteFaces');
    await limiter.acquire('ListFaces');
    await limiter.acquire('DescribeCollection');
    expect(time.now()).toBe(start);
    await limiter.acquire('ListFaces');
    expect(time.now()).toBe(start + 1000);
  });

  test('concurrent callers share the rate instead of each getting it', async () => {
    const limiter = new RateLimiter({ ListFaces: 50 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 11 }, () => limiter.acquire('ListFaces')));
    // 11 calls at 50/s: the last may start 200 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

test('startBusy: back-to-back short invocations of one worker slot cannot exceed the rate', async () => {
  const time = fakeTime();
  const start = time.now();
  for (let invocation = 0; invocation < 4; invocation += 1) {
    const limiter = new RateLimiter({ DeleteUser: 2 }, { startBusy: true, now: time.now, sleep: time.sleep });
    await limiter.acquire('DeleteUser');
    time.starts.push(time.now());
  }
  expect(time.starts.map((t) => t - start)).toEqual([500, 1000, 1500, 2000]);
});

describe('withRateShare', () => {
  test('outside an invocation nothing is limited', async () => {
    expect(currentRates()).toBeUndefined();
    await expect(acquireRate('ListFaces')).resolves.toBeUndefined();
  });

  test('each invocation gets its own pacing through async context, even when they interleave', async () => {
    const seen: Array<AdaptiveRates | undefined> = [];
    const invocation = (tps: number) =>
      withRateShare({ concurrency: 2, tps: { ListFaces: tps } }, async () => {
        seen.push(currentRates());
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(currentRates());
      });
    await Promise.all([invocation(1), invocation(2)]);
    expect(seen).toHaveLength(4);
    expect(seen.every((rates) => rates instanceof AdaptiveRates)).toBe(true);
    expect(new Set(seen).size).toBe(2);
    expect(currentRates()).toBeUndefined();
  });
});

test('a rate read at every call: a slower rate spaces the next call further', async () => {
  const time = fakeTime();
  let rate = 10;
  const limiter = new RateLimiter(() => rate, { now: time.now, sleep: time.sleep });
  await limiter.acquire('DeleteFaces');
  const first = time.now();
  await limiter.acquire('DeleteFaces');
  rate = 2;
  await limiter.acquire('DeleteFaces');
  expect(time.now() - first).toBe(100 + 500);
});
