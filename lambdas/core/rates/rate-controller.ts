/**
 * The closed loop's arithmetic, for one operation: how much of the configured quota to use, given the throttles seen
 * so far. Pure (no clock, no I/O), so the loop is tested in virtual time.
 *
 * The shape is CUBIC's (RFC 9438), which is also what the AWS SDK's adaptive retry mode uses: on a throttle the rate
 * drops to BETA of what it was (multiplicative decrease); it then climbs back along a cubic curve, quickly at first
 * and flattening as it nears the rate that was throttled, where the real quota most likely is; if nothing throttles
 * there either, it probes above, slowly, then faster. The configured quota is the ceiling: the loop never goes above
 * it, so a correct configuration with a quiet account runs at the configured rate and never throttles.
 *
 * What is shared is a fraction of the ceiling, not a rate: workers of one job have different shares of the quota
 * (rate-plan.ts), and each paces itself at its own share times the job's fraction. One fraction for the whole job is
 * what keeps workers from fighting: they cut together and recover together, each keeping its share.
 */

/** The job's picture of one operation's quota: where it was last throttled, and when. Absent: never throttled. */
export interface QuotaPicture {
  /** The fraction of the ceiling in use when the last throttle was answered: CUBIC's W_max. */
  peak: number;
  /** When that throttle was answered (epoch ms): the curve starts there. */
  cutAt: number;
  /** How long the climb from the cut back to `peak` takes, in ms. */
  recoveryMs: number;
  /** How many cuts the picture holds: the version a new cut must build on, so two workers never cut twice at once. */
  cuts: number;
}

/** Multiplicative decrease: CUBIC's and the SDK's 0.7. */
export const BETA = 0.7;
/**
 * The climb back to the peak lasts this many calls at the peak rate, within the bounds below. Scaled in calls rather
 * than seconds so that the share of throttled calls depends little on the quota's size: at one throttle or two per
 * cycle of more than this many calls, a few percent of calls are throttled. The upper bound keeps a worker with a
 * small share (or a small quota) from taking minutes to climb back, at the price of more throttles there: its
 * cycle is counted in its own calls, while the job's other workers call too.
 */
export const RECOVERY_CALLS = 100;
export const MIN_RECOVERY_MS = 2_000;
export const MAX_RECOVERY_MS = 20_000;
/** The loop never goes below this fraction of the ceiling: a quota configured 1,000 times too high still recovers. */
export const MIN_FRACTION = 0.001;

/** The fraction of the ceiling to use at `now`. */
export function fractionAt(picture: QuotaPicture | undefined, now: number): number {
  if (picture === undefined) return 1;
  const elapsed = Math.max(0, now - picture.cutAt) / picture.recoveryMs;
  // 0 at the cut (BETA x peak), 1 at the peak after recoveryMs, then above it.
  const curve = picture.peak * (1 + (1 - BETA) * (elapsed - 1) ** 3);
  return clamp(curve, MIN_FRACTION, 1);
}

/**
 * Whether a throttle is news: a call paced by an older picture was sent at the old rate, and the cut that made the
 * newer picture already answered it (TCP cuts once per window, for the same reason). Without this, every call in
 * flight when the quota was hit would cut again, in this worker and in the others, and a burst of throttles would
 * send the rate to the floor. `pacedBy` is the number of cuts of the picture the call was paced by.
 */
export function isNewThrottle(picture: QuotaPicture | undefined, pacedBy: number): boolean {
  return pacedBy >= (picture?.cuts ?? 0);
}

/**
 * The picture after a throttle answered at `now`, by a worker whose ceiling for the operation is `ceilingTps`
 * (its share of the configured quota): the recovery is sized in that worker's calls.
 */
export function cutAfterThrottle(picture: QuotaPicture | undefined, now: number, ceilingTps: number): QuotaPicture {
  const peak = fractionAt(picture, now);
  const callsPerSecond = Math.max(peak * ceilingTps, Number.EPSILON);
  const recoveryMs = clamp((RECOVERY_CALLS / callsPerSecond) * 1000, MIN_RECOVERY_MS, MAX_RECOVERY_MS);
  return { peak, cutAt: now, recoveryMs, cuts: (picture?.cuts ?? 0) + 1 };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
