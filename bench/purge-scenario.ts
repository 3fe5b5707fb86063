import type { WorkflowRun } from '../local/runner';
import { type BenchScale, FACES_PER_CALL } from './bench-scale';
import { timeCalls } from './call-durations';
import { openSession } from './emulator-session';
import { purgeNaively, purgeWithWorkflow, type TimedPurge } from './purge-runs';

export interface PurgeMeasurement {
  faces: number;
  /** The whole run, plan and report included. */
  elapsedMs: number;
  /** From the first deletion to the last, measured from outside: the figures below are measured on this. */
  windowMs: number;
  facesPerSecond: number;
  ratioToCeiling: number;
  rekognitionCalls: number;
  throttledCalls: number;
  samples: Array<[number, number]>;
  /** Each run's ratio to the ceiling (the figures above are their mean). */
  runs: number[];
}

export interface PurgeResults {
  ceilingFacesPerSecond: number;
  ours: PurgeMeasurement & {
    stateTransitions: number;
    lambdaInvocations: number;
    historyEvents: number;
    workerInvocations: number;
  };
  baseline: PurgeMeasurement & { errors: number };
  /** The same comparison when every Rekognition call takes `latencyMs`, as over a network. */
  withLatency: {
    latencyMs: number;
    ours: PurgeMeasurement;
    baseline: PurgeMeasurement & { errors: number };
    /** The workflow's ratio over the naive loop's (the target: 2.5x). */
    oursToBaseline: number;
    /** Mean round trip of the workflow's ListFaces and DeleteFaces calls in that run, answer parsed. */
    listFacesMs: number;
    deleteFacesMs: number;
    /**
     * What a purge of one collection can reach at most, as a ratio to the ceiling: one ListFaces page per round trip
     * (each page needs the last one's token) = 1000 / (listFacesMs x TPS); and that bound over the naive loop.
     */
    listChainBound: number;
    listChainBoundToBaseline: number;
  };
  calibration: { faces: number; historyEvents: number; workerInvocations: number };
  /** History events each extra continuation of the purge worker costs (Task + Choice), measured. */
  historyEventsPerContinuation: number;
  /** Faces one worker invocation gets through with the deployed timeout, at the measured rate. */
  facesPerDeployedInvocation: number;
  projectedHistoryEvents20M: number;
}

/** The deployed purge worker's timeout is 15 min; TimeBudget keeps back 60 s of it. */
const DEPLOYED_BUDGET_SECONDS = 15 * 60 - 60;

/**
 * Empties collections with the workflow and identical ones with the loop a user would write, in emulators that
 * enforce the same TPS quota on both:
 * - with no network latency, in ABBA order (workflow, naive, naive, workflow) so a noisy neighbour weighs on both;
 * - with a per-call latency, where pipelining matters;
 * then a smaller purge with a short Lambda timeout, to measure what each continuation costs in history events.
 */
export async function benchPurge(scale: BenchScale): Promise<PurgeResults> {
  const ceilingFacesPerSecond = scale.tps * FACES_PER_CALL;
  const measure = (runs: TimedPurge[], faces: number): PurgeMeasurement => {
    const rate = (r: TimedPurge) => r.window.faces / (Math.max(1, r.window.endMs - r.window.startMs) / 1000);
    const facesPerSecond = mean(runs.map(rate));
    return {
      faces,
      elapsedMs: mean(runs.map((r) => r.elapsedMs)),
      windowMs: mean(runs.map((r) => r.window.endMs - r.window.startMs)),
      facesPerSecond,
      ratioToCeiling: facesPerSecond / ceilingFacesPerSecond,
      rekognitionCalls: mean(runs.map((r) => r.calls.total)),
      throttledCalls: mean(runs.map((r) => r.calls.throttled)),
      samples: runs[0]?.samples ?? [],
      runs: runs.map((r) => round(rate(r) / ceilingFacesPerSecond)),
    };
  };
  const generated = (id: string, count: number) => ({ id, faces: [{ generate: { count } }] });

  const quiet = await openSession(scale, {
    collections: [
      ...['ours-1', 'ours-2', 'naive-1', 'naive-2'].map((id) => generated(id, scale.purgeFaces)),
      generated('calibration', scale.calibrationFaces),
    ],
  });
  let ours: Array<TimedPurge & { run: WorkflowRun }>;
  let naive: Array<TimedPurge & { errors: number }>;
  let calibration: TimedPurge & { run: WorkflowRun };
  try {
    ours = [await purgeWithWorkflow(quiet, 'ours-1')];
    naive = [await purgeNaively(quiet, 'naive-1'), await purgeNaively(quiet, 'naive-2')];
    ours.push(await purgeWithWorkflow(quiet, 'ours-2'));
    calibration = await purgeWithWorkflow(quiet, 'calibration', scale.calibrationLambdaTimeoutMs);
  } finally {
    await quiet.close();
  }

  const slow = await openSession(
    scale,
    { collections: ['ours', 'naive'].map((id) => generated(id, scale.latencyPurgeFaces)) },
    { latencyMs: scale.latencyMs },
  );
  let oursSlow: TimedPurge;
  let naiveSlow: TimedPurge & { errors: number };
  const durations = timeCalls(slow.rekognition);
  try {
    oursSlow = await purgeWithWorkflow(slow, 'ours');
    naiveSlow = await purgeNaively(slow, 'naive');
  } finally {
    await slow.close();
  }

  const first = ours[0]!.run;
  const workerOf = (run: WorkflowRun) =>
    Object.entries(run.invocationsByFunction).find(([id]) => id.includes('CleanCollection'))?.[1] ?? 1;
  const oursWorker = workerOf(first);
  const calibrationWorker = workerOf(calibration.run);
  const perContinuation =
    calibrationWorker > oursWorker
      ? (calibration.run.stats.historyEvents - first.stats.historyEvents) / (calibrationWorker - oursWorker)
      : 7;
  const oursMeasure = measure(ours, scale.purgeFaces);
  const oursSlowMeasure = measure([oursSlow], scale.latencyPurgeFaces);
  const naiveSlowMeasure = measure([naiveSlow], scale.latencyPurgeFaces);
  const listChainBound = 1000 / (durations.meanMs('ListFaces') * scale.tps);
  const facesPerDeployedInvocation = oursMeasure.facesPerSecond * DEPLOYED_BUDGET_SECONDS;
  const invocations20M = Math.ceil(20_000_000 / facesPerDeployedInvocation);
  const fixedEvents = first.stats.historyEvents - oursWorker * perContinuation;

  return {
    ceilingFacesPerSecond,
    ours: {
      ...oursMeasure,
      stateTransitions: first.stats.stateTransitions,
      lambdaInvocations: first.stats.lambdaInvocations,
      historyEvents: first.stats.historyEvents,
      workerInvocations: oursWorker,
    },
    baseline: { ...measure(naive, scale.purgeFaces), errors: naive.reduce((n, r) => n + r.errors, 0) },
    withLatency: {
      latencyMs: scale.latencyMs,
      ours: oursSlowMeasure,
      baseline: { ...naiveSlowMeasure, errors: naiveSlow.errors },
      oursToBaseline: oursSlowMeasure.ratioToCeiling / naiveSlowMeasure.ratioToCeiling,
      listFacesMs: durations.meanMs('ListFaces'),
      deleteFacesMs: durations.meanMs('DeleteFaces'),
      listChainBound,
      listChainBoundToBaseline: listChainBound / naiveSlowMeasure.ratioToCeiling,
    },
    calibration: {
      faces: scale.calibrationFaces,
      historyEvents: calibration.run.stats.historyEvents,
      workerInvocations: calibrationWorker,
    },
    historyEventsPerContinuation: perContinuation,
    facesPerDeployedInvocation,
    projectedHistoryEvents20M: Math.round(fixedEvents + invocations20M * perContinuation),
  };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
