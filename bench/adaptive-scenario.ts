import { randomUUID } from 'node:crypto';
import { DeleteFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { type BenchScale, FACES_PER_CALL } from './bench-scale';
import { perSecond, watchDeletions, windowRate } from './deletion-timeline';
import { callsBetween, type EmulatorSession, openSession } from './emulator-session';
import { purgeJob } from './purge-runs';
import { measuredRun } from './state-size';

/** Each second of a run: this purge's DeleteFaces pages, and the throttles DeleteFaces met (every client's). */
export type RateTimeline = Array<{ second: number; pages: number; throttled: number }>;

export interface ClosedLoopRun {
  faces: number;
  /** What the stack was told, and what the emulator enforced, in TPS per operation. */
  configuredTps: number;
  realTps: number;
  /** Faces per second the purge could reach: min(ListFaces, DeleteFaces left to it) x 4096. */
  ceilingFacesPerSecond: number;
  /** From the first deletion to the last, measured from outside. */
  windowMs: number;
  ratioToCeiling: number;
  calls: number;
  throttled: number;
  throttledShare: number;
  byOperation: Record<string, number>;
  timeline: RateTimeline;
}

export interface AdaptiveResults {
  /** The stack configured with 5x the emulator's quota. */
  adaptive: ClosedLoopRun;
  /** Configured right, while another client makes half of DeleteFaces' quota of calls. */
  shared: ClosedLoopRun & {
    other: { tps: number; admitted: number; throttled: number };
    /** Every client's calls and throttles in the run: what the account saw. */
    accountCalls: number;
    accountThrottled: number;
    accountThrottledShare: number;
  };
}

/**
 * The closed loop, through the local runner and the emulator's quotas:
 * - the stack told 5x the emulator's real quota, as the CLI's `--rekognition-tps` or a wrong setting would: the
 *   loop must find the real quota;
 * - the stack told the right quota while another application calls DeleteFaces at half of it: the loop must take
 *   what is left without throttling either of them more than rarely.
 */
export async function benchAdaptive(scale: BenchScale): Promise<AdaptiveResults> {
  const generated = (id: string, count: number) => ({ id, faces: [{ generate: { count } }] });
  const session = await openSession(scale, {
    collections: [
      generated('adaptive', scale.adaptiveFaces),
      generated('shared', scale.sharedFaces),
      { id: 'other-application' },
    ],
  });
  try {
    const adaptive = await closedLoopRun(session, 'adaptive', scale.adaptiveFaces, {
      configuredTps: scale.tps * 5,
      realTps: scale.tps,
      ceilingFacesPerSecond: scale.tps * FACES_PER_CALL,
    });

    const otherTps = scale.tps / 2;
    const other = startOtherApplication(session, otherTps);
    const before = session.emulator.stats();
    let sharedRun: ClosedLoopRun;
    try {
      sharedRun = await closedLoopRun(session, 'shared', scale.sharedFaces, {
        configuredTps: scale.tps,
        realTps: scale.tps,
        ceilingFacesPerSecond: Math.min(scale.tps, scale.tps - otherTps) * FACES_PER_CALL,
        other: () => ({ ...other.tally }),
      });
    } finally {
      await other.stop();
    }
    const account = callsBetween(before, session.emulator.stats());
    return {
      adaptive,
      shared: {
        ...sharedRun,
        other: { tps: otherTps, ...other.tally },
        accountCalls: account.total,
        accountThrottled: account.throttled,
        accountThrottledShare: account.throttled / account.total,
      },
    };
  } finally {
    await session.close();
  }
}

async function closedLoopRun(
  session: EmulatorSession,
  collectionId: string,
  faces: number,
  setting: {
    configuredTps: number;
    realTps: number;
    ceilingFacesPerSecond: number;
    /** Another client's own count of its attempts, to tell this run's calls from its calls. */
    other?: () => OtherTally;
  },
): Promise<ClosedLoopRun> {
  const { emulator, rekognition, template } = session;
  const before = emulator.stats();
  const otherBefore = setting.other?.() ?? NO_CALLS;
  // The CLI's --rekognition-tps takes this path too: runWorkflow's rekognitionTps, the functions' environment.
  const timeline = await watchDeletions(emulator, collectionId, () =>
    measuredRun({ job: purgeJob(collectionId), rekognition, template, rekognitionTps: { '*': setting.configuredTps } }),
  );
  if (timeline.result.status !== 'SUCCEEDED') throw new Error(`${collectionId} purge: ${timeline.result.status}`);
  const calls = callsBetween(before, emulator.stats());
  const otherAfter = setting.other?.() ?? NO_CALLS;
  const otherAttempts = otherAfter.admitted + otherAfter.throttled - otherBefore.admitted - otherBefore.throttled;
  const ours = calls.total - otherAttempts;
  const throttled = calls.throttled - (otherAfter.throttled - otherBefore.throttled);
  return {
    faces,
    configuredTps: setting.configuredTps,
    realTps: setting.realTps,
    ceilingFacesPerSecond: setting.ceilingFacesPerSecond,
    windowMs: timeline.window.endMs - timeline.window.startMs,
    ratioToCeiling: windowRate(timeline) / setting.ceilingFacesPerSecond,
    calls: ours,
    throttled,
    throttledShare: throttled / ours,
    byOperation: calls.byOperation,
    timeline: perSecond(timeline, FACES_PER_CALL),
  };
}

interface OtherTally {
  admitted: number;
  throttled: number;
}
const NO_CALLS: OtherTally = { admitted: 0, throttled: 0 };

/**
 * Another application of the account: DeleteFaces at `tps`, evenly spaced, one attempt per call (what it loses to
 * throttling is counted, not retried, so its load stays what it was told). Its face ids do not exist: the call
 * costs quota all the same.
 */
function startOtherApplication(session: EmulatorSession, tps: number): { tally: OtherTally; stop(): Promise<void> } {
  const client = new RekognitionClient({
    endpoint: session.emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'other', secretAccessKey: 'other' },
    maxAttempts: 1,
  });
  const tally: OtherTally = { admitted: 0, throttled: 0 };
  let stopped = false;
  const loop = (async () => {
    const interval = 1000 / tps;
    let next = Date.now();
    while (!stopped) {
      try {
        await client.send(new DeleteFacesCommand({ CollectionId: 'other-application', FaceIds: [randomUUID()] }));
        tally.admitted += 1;
      } catch (error) {
        if ((error as Error).name !== 'ProvisionedThroughputExceededException') throw error;
        tally.throttled += 1;
      }
      next += interval;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })();
  return {
    tally,
    stop: async () => {
      stopped = true;
      await loop;
      client.destroy();
    },
  };
}
