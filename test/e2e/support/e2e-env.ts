import { lambdaErrorMessage } from '../../../lambdas/core/report/failure-text';
import { createRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import type { CleanupReport } from '../../../lambdas/core/report/types';
import { type JobOutcome, outcomeFromExecution } from '../../../lib/cli/job-outcome';
import { type EmulatorOptions, type EmulatorStats, startEmulator } from '../../../local/emulator';
import { type RunWorkflowOptions, runWorkflow, type WorkflowRun } from '../../../local/runner';
import { cachedTemplate, warmUpHandlers } from '../../support/cached-template';
import { type EmulatorEnv, envPerTest } from '../../support/emulator-env';
import { CallLog, type RecordedCall } from './call-log';

/** Wait states and retry intervals at 1/200 of their real length: a 30 s poll lasts 150 ms, a 5 min one 1.5 s. */
export const E2E_TIME_SCALE = 0.005;
/** Emulator status transitions (stopping, deleting, training) take this long. */
export const E2E_TRANSITION_MS = 250;

/** One emulator, and the SDK clients pointed at it: every command the handlers' client sends is in `calls`. */
export interface E2eEnv extends EmulatorEnv {
  calls: CallLog;
}

export interface E2eEnvOptions extends EmulatorOptions {
  /** The handlers' SDK retries (the product's default is 8). */
  maxAttempts?: number;
}

/** Per test file: one emulator per test (see envPerTest), the template and handlers warmed up unless told not to. */
export function e2eSuite(options: { warmUp?: boolean } = {}): { start(options?: E2eEnvOptions): Promise<E2eEnv> } {
  const warmUp = options.warmUp === false ? undefined : () => warmUpHandlers(cachedTemplate());
  return envPerTest(startEnv, warmUp, 60_000);
}

async function startEnv(options: E2eEnvOptions): Promise<E2eEnv> {
  const { maxAttempts, ...emulatorOptions } = options;
  const emulator = await startEmulator({ randomSeed: 7, transitionMs: E2E_TRANSITION_MS, ...emulatorOptions });
  const rekognition = createRekognitionClient({ endpoint: emulator.url, maxAttempts: maxAttempts ?? 8 });
  // Version calls record the status the emulator holds at that moment: the proof of "stopped before deleted".
  const calls = new CallLog(new Set(['DescribeProjectVersions']), (operation, input) =>
    operation === 'StopProjectVersion' || operation === 'DeleteProjectVersion'
      ? emulator.world.versionByArn(String(input.ProjectVersionArn))?.status
      : undefined,
  );
  calls.attach(rekognition);
  const reader = createRekognitionClient({ endpoint: emulator.url, maxAttempts: 3 });
  return { emulator, rekognition, calls, reader };
}

export interface JobRun {
  run: WorkflowRun;
  /** As the CLI sees it: the report when there is one (also for CleanupIncomplete), else the error. */
  outcome: JobOutcome;
  report: CleanupReport | undefined;
  /** The emulator's counters for this run only. */
  stats: EmulatorStats;
  /** The commands the handlers sent during this run, in order. */
  calls: RecordedCall[];
}

/** Runs a job through the synthesized state machine and the real handlers, against the env's emulator. */
export async function runJob(
  env: E2eEnv,
  job: unknown,
  options: Partial<Omit<RunWorkflowOptions, 'job'>> = {},
): Promise<JobRun> {
  env.emulator.resetStats();
  env.calls.clear();
  const run = await runWorkflow({
    job,
    rekognition: env.rekognition,
    timeScale: E2E_TIME_SCALE,
    template: cachedTemplate(),
    ...options,
  });
  const outcome = outcomeFromExecution(run.status, run.output, run.error, run.cause, run.report);
  return { run, outcome, report: outcome.report, stats: env.emulator.stats(), calls: [...env.calls.calls] };
}

/** Operations that change something (anything but List* and Describe*) the emulator received. */
export function mutatingOperations(stats: EmulatorStats): string[] {
  return Object.entries(stats.operations)
    .filter(([operation, counts]) => counts.calls > 0 && !/^(List|Describe)/.test(operation))
    .map(([operation]) => operation)
    .sort();
}

/** Invocations of the function whose logical id contains `name` (e.g. `CleanCollection`). */
export function invocationsOf(run: WorkflowRun, name: string): number {
  return Object.entries(run.invocationsByFunction)
    .filter(([logicalId]) => logicalId.includes(name))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** The outputs of every exit of a state, in order. */
export function stateOutputs(run: WorkflowRun, stateName: string): unknown[] {
  return run.events.flatMap((event) =>
    event.type === 'StateExited' && event.state.name === stateName ? [event.state.output] : [],
  );
}

/** The Lambda error message of a rejected job (`field: rule` for InvalidJobError). */
export function errorMessageOf(run: WorkflowRun): string {
  return lambdaErrorMessage(run.cause ?? '');
}
