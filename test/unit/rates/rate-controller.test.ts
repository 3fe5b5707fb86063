import {
  BETA,
  cutAfterThrottle,
  fractionAt,
  isNewThrottle,
  MAX_RECOVERY_MS,
  MIN_FRACTION,
  MIN_RECOVERY_MS,
  type QuotaPicture,
  RECOVERY_CALLS,
} from '../../../lambdas/core/rates/rate-controller';

const picture = (over: Partial<QuotaPicture> = {}): QuotaPicture => ({
  peak: 0.5,
  cutAt: 10_000,
  recoveryMs: 8_000,
  cuts: 1,
  ...over,
});

describe('the closed loop: one operation', () => {
  test('a job never throttled runs at the ceiling', () => {
    expect(fractionAt(undefined, 0)).toBe(1);
  });

  test('a cut drops to BETA of the peak, climbs back to the peak in recoveryMs, then probes above it', () => {
    const p = picture();
    expect(fractionAt(p, 10_000)).toBeCloseTo(BETA * 0.5);
    expect(fractionAt(p, 14_000)).toBeGreaterThan(fractionAt(p, 12_000));
    expect(fractionAt(p, 18_000)).toBeCloseTo(0.5);
    // Flat near the peak, where the quota most likely is: the last quarter of the climb gains under 1%.
    expect(fractionAt(p, 18_000) - fractionAt(p, 16_000)).toBeLessThan(0.005);
    expect(fractionAt(p, 22_000)).toBeGreaterThan(0.5);
    expect(fractionAt(p, 30_000)).toBeGreaterThan(fractionAt(p, 22_000));
  });

  test('never above the configured ceiling, never below the floor', () => {
    expect(fractionAt(picture({ peak: 0.95 }), 10_000 + 60_000)).toBe(1);
    expect(fractionAt(picture({ peak: MIN_FRACTION / 2 }), 10_000)).toBe(MIN_FRACTION);
  });

  test('a throttle of a call paced by an older picture is already answered', () => {
    expect(isNewThrottle(undefined, 0)).toBe(true);
    expect(isNewThrottle(picture({ cuts: 3 }), 3)).toBe(true);
    expect(isNewThrottle(picture({ cuts: 3 }), 2)).toBe(false);
  });

  test('a cut takes the fraction in force as its peak, and sizes the climb in calls at that rate', () => {
    const first = cutAfterThrottle(undefined, 1_000, 20);
    expect(first).toEqual({ peak: 1, cutAt: 1_000, recoveryMs: (RECOVERY_CALLS / 20) * 1000, cuts: 1 });
    // Throttled again right away: the quota is lower still, and the peak follows it down.
    const second = cutAfterThrottle(first, 1_000, 20);
    expect(second.peak).toBeCloseTo(BETA);
    expect(second.cuts).toBe(2);
    expect(cutAfterThrottle(undefined, 0, 10_000).recoveryMs).toBe(MIN_RECOVERY_MS);
    expect(cutAfterThrottle(undefined, 0, 0.1).recoveryMs).toBe(MAX_RECOVERY_MS);
  });
});
