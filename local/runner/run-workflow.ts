import '../polyfills';
import { randomUUID } from 'node:crypto';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { StateMachine } from '../vendor/aws-local-stepfunctions';
import { createRekognitionClient, useRekognitionClient } from '../../lambdas/core/aws/rekognition-client';
import { logger } from '../../lambdas/core/observability';
import { storeJob } from '../../lambdas/core/job/stored-job';
import { SUBJECT_KEY_ARN_ENV } from '../../lambdas/core/pseudonyms/subject-key';
import { readStoredReport, storedReport } from '../../lambdas/core/report/report-stored-job';
import { STATE } from '../../lib/workflow/state-names';
import type { CleanupReport } from '../../lambdas/core/report/types';
import { JobStore } from '../../lambdas/core/store/job-store';
import { createDocumentClient, withJobStore } from '../../lambdas/core/store/store-client';
import { DEFAULT_JOB_DATA_TTL_DAYS, JOB_TABLE_ENV } from '../../lambdas/core/store/table-schema';
import { createJobTable, type RunningJobStore, startJobStore } from '../store';
import { type CloudFormationTemplate, type LocalWorkflow, workflowFromTemplate } from './definition-from-template';
import { allStates } from './all-states';
import { executeMachine, type MachineRun } from './execute-machine';
import { GracefulStop } from './graceful-stop';
import { withRekognitionTps } from './function-quotas';
import { type ExecutionStats, statsFromEvents } from './history';
import { guardTimedOutInvocations } from './invocation-scope';
import { scaledRetriers, scaledWaits } from './time-scale';
import { type InvocationHooks, type InvocationTimeout, LambdaInvoker } from './lambda-invoker';
import type { EventLog, JsonValue, TaskHandlers } from './sfn-types';
import { defaultWorkflow } from './workflow-artefact';

export interface RunWorkflowOptions {
  /** The state machine input: a cleanup job. */
  job: unknown;
  /** A synthesized template (tests: test/support/cached-template.ts). */
  template?: CloudFormationTemplate;
  /** Or the workflow itself; default: the build artefact (workflow-artefact.ts). */
  workflow?: LocalWorkflow;
  /** Rekognition endpoint the handlers call (the emulator); default: the AWS configuration of this machine. */
  rekognitionEndpoint?: string;
  /** Or a ready client (takes precedence). Runs in one process share it. */
  rekognition?: RekognitionClient;
  /** Wait states and retry intervals last this fraction of their real duration. @default 0.001 */
  timeScale?: number;
  /** Lambda timeout as seen by the handlers, per function or per invocation; default: the template's timeout. */
  lambdaTimeoutMs?: number | InvocationTimeout;
  /** Execution name; default: the job's requestId, else a UUID. */
  executionName?: string;
  hooks?: InvocationHooks;
  /** Every event as it happens, for progress displays. */
  onEvent?: (event: EventLog) => void;
  /** Rekognition quotas the workflow paces itself to, as the stack's `rekognitionTps`; default: the template's. */
  rekognitionTps?: Record<string, number>;
  /** Handler log level. @default 'SILENT' */
  logLevel?: 'SILENT' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  /** The job store (a local DynamoDB endpoint); default: a store started for this run and closed after it. */
  jobStoreEndpoint?: string;
  /**
   * Start the execution with `{ storedJob }`, the job kept in the job store, as the intake and the CLI do for
   * erasures: the subject's identifiers then never enter the execution's input or history. @default false
   */
  storeJobInput?: boolean;
  /**
   * Stop the run (Ctrl-C): the invocations in flight save their progress after their current call and return, no
   * other starts, and the run ends ABORTED with the report of what the store records (see graceful-stop.ts).
   */
  stopSignal?: AbortSignal;
  /** Called with the execution's ARN just before it starts (e.g. to record an erasure's receipt first). */
  beforeStart?: (executionArn: string) => Promise<void>;
}

export interface WorkflowRun extends MachineRun {
  executionArn: string;
  executionName: string;
  stats: ExecutionStats;
  invocationsByFunction: Record<string, number>;
  /** The whole report, read from the job store (the execution's output holds a shortened one). */
  report?: CleanupReport;
}

/**
 * Runs one cleanup job through the synthesized state machine with aws-local-stepfunctions. Every Lambda task runs
 * the real handler in-process; Wait states and retry intervals really wait, scaled by `timeScale`, so polling
 * loops meet the emulator's real status transitions.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRun> {
  const scale = options.timeScale ?? 0.001;
  const { workflow, machine } = prepared(workflowOf(options), scale);
  const stop = new GracefulStop(options.stopSignal);
  const invoker = new LambdaInvoker({
    timeoutMs: timeoutOption(options.lambdaTimeoutMs),
    hooks: options.hooks,
    stopping: () => stop.requested,
  });
  const functions = withLocalEnvironments(withRekognitionTps(workflow, options.rekognitionTps));
  const restoreEnv = disableEmbeddedMetrics();
  const rekognition = options.rekognition ?? createRekognitionClient({ endpoint: options.rekognitionEndpoint });
  guardTimedOutInvocations(rekognition);
  useRekognitionClient(rekognition);
  logger.setLogLevel(options.logLevel ?? 'SILENT');
  const store = await connectJobStore(workflow, options.jobStoreEndpoint);

  const executionName = options.executionName ?? jobRequestId(options.job) ?? randomUUID();
  const executionArn = `arn:aws:states:us-east-1:123456789012:execution:${workflow.stateMachineName}:${executionName}`;
  try {
    await options.beforeStart?.(executionArn);
    const input = options.storeJobInput === true ? await storeJob(store.store, options.job) : options.job;
    const run = await executeMachine(machine, input as JsonValue, {
      overrides: {
        taskResourceLocalHandlers: localHandlers(functions, invoker, store.store, stop),
        waitTimeOverrides: scaledWaits(workflow.definition, scale),
      },
      context: {
        Execution: {
          Id: executionArn,
          Name: executionName,
          StartTime: new Date().toISOString(),
          Input: input as never,
        },
        StateMachine: {
          Id: executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, ''),
          Name: workflow.stateMachineName,
        },
      },
      onEvent: options.onEvent,
      abortWhen: stop.stopped,
    });
    const report = await fullReport(store.store, run);
    return finish({ executionArn, executionName, ...run, ...(report === undefined ? {} : { report }) }, invoker);
  } finally {
    await store.close();
    restoreEnv();
  }
}

/**
 * The handlers' job store: the given local endpoint, or one started for this run. Its table is created under the
 * name the template gives the functions, keyed as the stack's table is.
 */
async function connectJobStore(
  workflow: LocalWorkflow,
  endpoint: string | undefined,
): Promise<{ store: JobStore; close(): Promise<void> }> {
  const tableName = [...workflow.functions.values()].map((fn) => fn.environment[JOB_TABLE_ENV]).find(Boolean);
  if (tableName === undefined) throw new Error(`no function of the stack has ${JOB_TABLE_ENV}`);
  const started: RunningJobStore | undefined = endpoint === undefined ? await startJobStore() : undefined;
  const url = endpoint ?? started!.url;
  await createJobTable(url, tableName);
  const client = createDocumentClient({ endpoint: url });
  // A timed-out invocation is frozen in Lambda: its late writes must not overwrite what its retry recorded.
  guardTimedOutInvocations(client);
  const store = new JobStore(client, tableName, DEFAULT_JOB_DATA_TTL_DAYS);
  return {
    store,
    close: async () => {
      client.destroy();
      if (started !== undefined) await started.close();
    },
  };
}

/**
 * The report the execution's output or cause names, read whole from the store; for a stopped run, the report of
 * what the store records so far (the job is named by the Plan's output).
 */
async function fullReport(store: JobStore, run: MachineRun): Promise<CleanupReport | undefined> {
  if (run.status === 'ABORTED') {
    const jobId = jobIdOfPlan(run);
    return jobId === undefined ? undefined : storedReport(store, jobId, new Date());
  }
  const summary = run.status === 'SUCCEEDED' ? run.output : parseJson(run.cause);
  const jobId = (summary as { jobId?: unknown } | undefined)?.jobId;
  return typeof jobId === 'string' ? readStoredReport(store, jobId) : undefined;
}

function jobIdOfPlan(run: MachineRun): string | undefined {
  for (const event of run.events) {
    if (event.type !== 'StateExited' || event.state.name !== STATE.plan) continue;
    const jobId = (event.state.output as { jobId?: unknown } | null)?.jobId;
    if (typeof jobId === 'string') return jobId;
  }
  return undefined;
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Validating a definition costs about half a second: each workflow is validated once per process. */
const preparedWorkflows = new WeakMap<LocalWorkflow, Map<number, StateMachine>>();
const templateWorkflows = new WeakMap<CloudFormationTemplate, LocalWorkflow>();

function workflowOf(options: RunWorkflowOptions): LocalWorkflow {
  if (options.template === undefined) return options.workflow ?? defaultWorkflow();
  let workflow = templateWorkflows.get(options.template);
  if (workflow === undefined) {
    workflow = workflowFromTemplate(options.template);
    templateWorkflows.set(options.template, workflow);
  }
  return workflow;
}

function prepared(workflow: LocalWorkflow, scale: number): { workflow: LocalWorkflow; machine: StateMachine } {
  let machines = preparedWorkflows.get(workflow);
  if (machines === undefined) {
    // The deployed definition is what gets validated; the scaled copies below differ only in retry timings.
    new StateMachine(workflow.definition, { validationOptions: { checkArn: false } });
    machines = new Map();
    preparedWorkflows.set(workflow, machines);
  }
  // One machine per time scale: its retriers are scaled in the definition itself.
  let machine = machines.get(scale);
  if (machine === undefined) {
    machine = new StateMachine(scaledRetriers(workflow.definition, scale), { validationOptions: { noValidate: true } });
    machines.set(scale, machine);
  }
  return { workflow, machine };
}

function finish(run: Omit<WorkflowRun, 'stats' | 'invocationsByFunction'>, invoker: LambdaInvoker): WorkflowRun {
  return {
    ...run,
    stats: statsFromEvents(run.events),
    invocationsByFunction: Object.fromEntries(invoker.invocationsByFunction),
  };
}

function jobRequestId(job: unknown): string | undefined {
  const id = (job as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,80}$/.test(id) ? id : undefined;
}

function timeoutOption(option: RunWorkflowOptions['lambdaTimeoutMs']): InvocationTimeout | undefined {
  if (option === undefined) return undefined;
  return typeof option === 'number' ? () => option : option;
}

function localHandlers(workflow: LocalWorkflow, invoker: LambdaInvoker, store: JobStore, stop: GracefulStop) {
  const handlers: TaskHandlers = {};
  for (const [name, state] of allStates(workflow.definition)) {
    if (state.Type !== 'Task' || state.Resource === undefined) continue;
    const fn = workflow.functions.get(state.Resource);
    if (fn === undefined)
      throw new Error(`state ${name} calls ${state.Resource}, which is not a function of the stack`);
    handlers[name] = (input) =>
      stop.run(() => withJobStore(store, () => invoker.invoke(fn, name, input))) as Promise<JsonValue>;
  }
  return handlers;
}

/**
 * Each function's variables as its handlers see them in this process (runWithin scopes them to its invocations,
 * lambdas/core/function-env.ts), less what only works in AWS.
 */
function withLocalEnvironments(workflow: LocalWorkflow): LocalWorkflow {
  const functions = new Map(
    [...workflow.functions].map(([arn, fn]) => [arn, { ...fn, environment: localEnvironment(fn.environment) }]),
  );
  return { ...workflow, functions };
}

function localEnvironment(variables: Record<string, string>): Record<string, string> {
  const local = { ...variables };
  delete local.NODE_OPTIONS;
  // The stack's KMS HMAC key is in AWS: local runs make pseudonyms with the local key file (pseudonyms/subject-key).
  delete local[SUBJECT_KEY_ARN_ENV];
  return local;
}

/**
 * CloudWatch embedded metrics go to stdout, where a local run's output (and `--json`) must stay clean. Powertools
 * reads this from process.env when the metrics module loads (on the first invocation), not from the function's
 * scoped variables: it is the one variable the run sets process-wide, the same for every function, restored after.
 */
function disableEmbeddedMetrics(): () => void {
  const previous = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  return () => {
    if (previous === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = previous;
  };
}
