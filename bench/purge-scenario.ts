import { DeleteFacesCommand, ListFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { runWorkflow } from '../local/runner';
import { type BenchScale, FACES_PER_CALL } from './bench-scale';
import { callsBetween, openSession, sampled } from './emulator-session';

export interface PurgeMeasurement {
  faces: number;
  elapsedMs: number;
  facesPerSecond: number;
  ratioToCeiling: number;
  rekognitionCalls: number;
  throttledCalls: number;
  samples: Array<[number, number]>;
}

export interface PurgeResults {
  ceilingFacesPerSecond: number;
  /** Elapsed time and ratio: the mean of two runs (ABBA order); `runs` lists each run's ratio. */
  ours: PurgeMeasurement & {
    stateTransitions: number;
    lambdaInvocations: number;
    historyEvents: number;
    workerInvocations: number;
    runs: number[];
  };
  baseline: PurgeMeasurement & { errors: number; runs: number[] };
  calibration: { faces: number; historyEvents: number; workerInvocations: number };
  /** History events each extra continuation of the purge worker costs (Task + Choice), measured. */
  historyEventsPerContinuation: number;
  /** Faces one worker invocation gets through with the deployed timeout, at the measured rate. */
  facesPerDeployedInvocation: number;
  projectedHistoryEvents20M: number;
}

/** The deployed purge worker's timeout is 15 min; TimeBudget keeps back 60 s of it. */
const DEPLOYED_BUDGET_SECONDS = 15 * 60 - 60;
const COLLECTIONS = {
  ours: ['purge-workflow-1', 'purge-workflow-2'],
  baseline: ['purge-naive-1', 'purge-naive-2'],
  calibration: 'purge-calibration',
};

/**
 * Empties collections with the workflow and identical ones with the loop a user would write, in one emulator that
 * enforces the same TPS quota on both, in ABBA order (workflow, naive, naive, workflow) so that a noisy neighbour
 * on the machine weighs on both alike; then a smaller purge with a short Lambda timeout, to measure what each
 * continuation costs in history events.
 */
export async function benchPurge(scale: BenchScale): Promise<PurgeResults> {
  const generated = (id: string, count: number) => ({ id, faces: [{ generate: { count } }] });
  const session = await openSession(scale, {
    collections: [
      ...[...COLLECTIONS.ours, ...COLLECTIONS.baseline].map((id) => generated(id, scale.purgeFaces)),
      generated(COLLECTIONS.calibration, scale.calibrationFaces),
    ],
  });
  const { emulator, rekognition, template } = session;
  const ceilingFacesPerSecond = scale.tps * FACES_PER_CALL;
  const measure = (faces: number, elapsedMs: number) => ({
    faces,
    elapsedMs,
    facesPerSecond: faces / (elapsedMs / 1000),
    ratioToCeiling: faces / (elapsedMs / 1000) / ceilingFacesPerSecond,
  });
  try {
    const purgeJob = (id: string) => ({ collections: [{ select: { ids: [id] }, action: 'DELETE_FACES' }] });
    const workflowPurge = async (id: string) => {
      const before = emulator.stats();
      const timed = await sampled(emulator, id, () => runWorkflow({ job: purgeJob(id), rekognition, template }));
      assertEmptied(emulator.world.collection(id)?.faceCount, timed.result.status);
      return { ...timed, calls: callsBetween(before, emulator.stats()) };
    };
    const naive = async (id: string) => {
      const before = emulator.stats();
      const timed = await sampled(emulator, id, () => naivePurge(emulator.url, id));
      assertEmptied(emulator.world.collection(id)?.faceCount, 'SUCCEEDED');
      return { ...timed, calls: callsBetween(before, emulator.stats()) };
    };
    const oursRuns = [await workflowPurge(COLLECTIONS.ours[0]!)];
    const baselineRuns = [await naive(COLLECTIONS.baseline[0]!), await naive(COLLECTIONS.baseline[1]!)];
    oursRuns.push(await workflowPurge(COLLECTIONS.ours[1]!));
    const ours = oursRuns[0]!;
    const oursElapsed = mean(oursRuns.map((r) => r.elapsedMs));
    const baselineElapsed = mean(baselineRuns.map((r) => r.elapsedMs));
    const oursCalls = ours.calls;
    const baseline = baselineRuns[0]!;
    const baselineCalls = {
      total: mean(baselineRuns.map((r) => r.calls.total)),
      throttled: mean(baselineRuns.map((r) => r.calls.throttled)),
    };

    const calibration = await runWorkflow({
      job: purgeJob(COLLECTIONS.calibration),
      rekognition,
      template,
      lambdaTimeoutMs: scale.calibrationLambdaTimeoutMs,
    });
    assertEmptied(emulator.world.collection(COLLECTIONS.calibration)?.faceCount, calibration.status);

    const oursWorker = ours.result.invocationsByFunction[workerId(ours.result.invocationsByFunction)] ?? 1;
    const calibrationWorker = calibration.invocationsByFunction[workerId(calibration.invocationsByFunction)] ?? 1;
    const perContinuation =
      calibrationWorker > oursWorker
        ? (calibration.stats.historyEvents - ours.result.stats.historyEvents) / (calibrationWorker - oursWorker)
        : 7;
    const oursMeasure = measure(scale.purgeFaces, oursElapsed);
    const facesPerDeployedInvocation = oursMeasure.facesPerSecond * DEPLOYED_BUDGET_SECONDS;
    const invocations20M = Math.ceil(20_000_000 / facesPerDeployedInvocation);
    const fixedEvents = ours.result.stats.historyEvents - oursWorker * perContinuation;

    return {
      ceilingFacesPerSecond,
      ours: {
        ...oursMeasure,
        rekognitionCalls: oursCalls.total,
        throttledCalls: oursCalls.throttled,
        samples: ours.samples,
        stateTransitions: ours.result.stats.stateTransitions,
        lambdaInvocations: ours.result.stats.lambdaInvocations,
        historyEvents: ours.result.stats.historyEvents,
        workerInvocations: oursWorker,
        runs: oursRuns.map((r) => round(measure(scale.purgeFaces, r.elapsedMs).ratioToCeiling)),
      },
      baseline: {
        ...measure(scale.purgeFaces, baselineElapsed),
        rekognitionCalls: baselineCalls.total,
        throttledCalls: baselineCalls.throttled,
        samples: baseline.samples,
        errors: baselineRuns.reduce((n, r) => n + r.result, 0),
        runs: baselineRuns.map((r) => round(measure(scale.purgeFaces, r.elapsedMs).ratioToCeiling)),
      },
      calibration: {
        faces: scale.calibrationFaces,
        historyEvents: calibration.stats.historyEvents,
        workerInvocations: calibrationWorker,
      },
      historyEventsPerContinuation: perContinuation,
      facesPerDeployedInvocation,
      projectedHistoryEvents20M: Math.round(fixedEvents + invocations20M * perContinuation),
    };
  } finally {
    await session.close();
  }
}

/**
 * The loop a user would write by hand: list a page, delete it, repeat, one call at a time, SDK defaults (standard
 * retries, 3 attempts). It retries a step that still failed, so that it finishes and can be timed. Returns the number
 * of calls that failed after the SDK's retries.
 */
async function naivePurge(endpoint: string, collectionId: string): Promise<number> {
  const client = new RekognitionClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  let errors = 0;
  try {
    for (;;) {
      let faceIds: string[];
      try {
        const page = await client.send(
          new ListFacesCommand({ CollectionId: collectionId, MaxResults: FACES_PER_CALL }),
        );
        faceIds = (page.Faces ?? []).flatMap((face) => (face.FaceId ? [face.FaceId] : []));
      } catch {
        errors += 1;
        continue;
      }
      if (faceIds.length === 0) return errors;
      try {
        await client.send(new DeleteFacesCommand({ CollectionId: collectionId, FaceIds: faceIds }));
      } catch {
        errors += 1;
      }
    }
  } finally {
    client.destroy();
  }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function workerId(invocations: Record<string, number>): string {
  return Object.keys(invocations).find((id) => id.includes('CleanCollection')) ?? '';
}

function assertEmptied(left: number | undefined, status: string): void {
  if (left !== 0 || status !== 'SUCCEEDED') throw new Error(`purge did not converge: ${left} faces left, ${status}`);
}
