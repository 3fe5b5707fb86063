import { AsyncLocalStorage } from 'node:async_hooks';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { createRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import type { CleanupReport } from '../../../lambdas/core/report/types';
import { type JobOutcome, outcomeFromExecution } from '../../../lib/cli/job-outcome';
import { type EmulatorOptions, type EmulatorStats, type RunningEmulator, startEmulator } from '../../../local/emulator';
import {
  type CloudFormationTemplate,
  type RunWorkflowOptions,
  runWorkflow,
  type WorkflowRun,
} from '../../../local/runner';
import { cachedTemplate, warmUpHandlers } from '../../support/cached-template';
import { closeEnv, type EmulatorEnv, envPerTest } from '../../support/emulator-env';

/** Waits and retry intervals at 1/500 of their real length: a 30 s poll lasts 60 ms, a 5 min one 0.6 s. */
export const TIME_SCALE = 0.002;
/** Emulator status transitions (training, stopping, deleting) take this long. */
export const TRANSITION_MS = 150;

/** The test's own client, `reader`, meets the faults too: it retries more than the handlers' client. */
export type Env = EmulatorEnv;
export { closeEnv };

export interface EnvOptions extends EmulatorOptions {
  /** The handlers' SDK attempts (the product's default is 8). */
  maxAttempts?: number;
}

/** Per test file: one emulator per test (see envPerTest), the template and handlers warmed up once. */
export function reliabilitySuite(template: CloudFormationTemplate = cachedTemplate()): {
  start(options?: EnvOptions): Promise<Env>;
} {
  return envPerTest(startEnv, () => warmUpHandlers(template), 120_000);
}

export async function startEnv(options: EnvOptions = {}): Promise<Env> {
  const { maxAttempts, ...emulatorOptions } = options;
  const emulator = await startEmulator({ randomSeed: 7, transitionMs: TRANSITION_MS, ...emulatorOptions });
  const rekognition = createRekognitionClient({ endpoint: emulator.url, maxAttempts: maxAttempts ?? 8 });
  const reader = createRekognitionClient({ endpoint: emulator.url, maxAttempts: 20 });
  return { emulator, rekognition, reader };
}

export interface JobRun {
  run: WorkflowRun;
  /** As the CLI sees it: the report when there is one (CleanupIncomplete included), else the error. */
  outcome: JobOutcome;
  report: CleanupReport | undefined;
  /** The emulator's counters for this run only. */
  stats: EmulatorStats;
}

/** The env whose emulator the handlers of the run in progress talk to (async context, so runs can overlap). */
const currentEnv = new AsyncLocalStorage<Env>();

/**
 * The runner installs one process-wide client for the handlers (useRekognitionClient), so two runs against two
 * emulators would take each other's. Every run gets this one instead, which sends each command through the client
 * of the env whose run it belongs to.
 */
const dispatcher: RekognitionClient = (() => {
  const client = new RekognitionClient({ region: 'us-east-1' });
  client.send = ((command: never, ...rest: never[]) => {
    const env = currentEnv.getStore();
    if (env === undefined) throw new Error('a Rekognition call outside of runJob');
    return env.rekognition.send(command, ...rest);
  }) as RekognitionClient['send'];
  return client;
})();

/** Runs a job through the synthesized state machine and the real handlers, against the env's emulator. */
export async function runJob(
  env: Env,
  job: unknown,
  options: Partial<Omit<RunWorkflowOptions, 'job'>> = {},
): Promise<JobRun> {
  env.emulator.resetStats();
  const run = await currentEnv.run(env, () =>
    runWorkflow({
      job,
      rekognition: dispatcher,
      timeScale: TIME_SCALE,
      template: cachedTemplate(),
      ...options,
    }),
  );
  const outcome = outcomeFromExecution(run.status, run.output, run.error, run.cause, run.report);
  return { run, outcome, report: outcome.report, stats: env.emulator.stats() };
}

/**
 * Waits until the emulator has received no request for `quietMs`: a handler the runner timed out keeps running in
 * the background (the local runner cannot freeze it as Lambda would), and its last calls must land before the
 * world is read.
 */
export async function quiesce(emulator: RunningEmulator, quietMs = 250, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = emulator.stats().total.calls;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) throw new Error(`the emulator kept receiving calls for ${timeoutMs} ms`);
    await sleep(25);
    const now = emulator.stats().total.calls;
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Operations that change something (anything but List* and Describe*) the emulator received. */
export function mutatingCalls(stats: EmulatorStats): number {
  return Object.entries(stats.operations)
    .filter(([operation]) => !/^(List|Describe)/.test(operation))
    .reduce((sum, [, counts]) => sum + counts.calls, 0);
}
