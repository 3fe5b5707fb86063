import { RateLimiter } from '../../../lambdas/core/rates/rate-limiter';
import { acquireRate, withRateShare } from '../../../lambdas/core/rates/rate-share';

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
    const limiter = new RateLimiter({ DeleteFaces: 4 }, time.now, time.sleep);
    for (let i = 0; i < 9; i += 1) {
      await limiter.acquire('DeleteFaces');
      time.starts.push(time.now());
    }
    const gaps = time.starts.slice(1).map((t, i) => t - time.starts[i]!);
    expect(gaps).toEqual(Array(8).fill(250));
  });

  test('operations are limited independently, and unlisted ones are not limited', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ DeleteFaces: 1, ListFaces: 1 }, time.now, time.sleep);
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

describe('withRateShare', () => {
  test('each invocation gets its own limiter through async context; outside one, nothing waits', async () => {
    const started = Date.now();
    await acquireRate('ListFaces');
    await acquireRate('ListFaces');
    expect(Date.now() - started).toBeLessThan(50);
    const timed = async () => {
      const t0 = Date.now();
      await withRateShare({ concurrency: 1, tps: { ListFaces: 20 } }, async () => {
        for (let i = 0; i < 5; i += 1) await acquireRate('ListFaces');
      });
      return Date.now() - t0;
    };
    // Two invocations side by side each run at their own share: both take ~200 ms, not 400.
    const [a, b] = await Promise.all([timed(), timed()]);
    for (const elapsed of [a, b]) {
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(380);
    }
  });
});
