import '../polyfills';
import {
  ExecutionError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from '../vendor/aws-local-stepfunctions';
import { allStates } from './all-states';
import { type ExecutionStats, statsFromEvents } from './history';
import type { EventLog, JsonValue, TaskHandlers } from './sfn-types';
import { RunLimits, type StateLimitViolation, type WatchedLogger } from './state-limits';

export interface MachineRunOptions {
  overrides: NonNullable<RunOptions['overrides']> & { taskResourceLocalHandlers: TaskHandlers };
  context?: RunOptions['context'];
  onEvent?: (event: EventLog) => void;
  /** @default HISTORY_EVENT_LIMIT */
  historyEventLimit?: number;
  /** Aborts the execution when it resolves (a stopped run); the run then ends ABORTED. */
  abortWhen?: Promise<void>;
}

export interface MachineRun {
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: string;
  cause?: string;
  /** As the execution's history records them: a run failed by a broken limit ends at the failure. */
  events: EventLog[];
  /** States over the 256 KiB limit (a run stops at the first, so at most one). */
  limitViolations: StateLimitViolation[];
  /** Each Task state's Resource, by state name: AWS names a task's history events after its kind. */
  taskResources: Record<string, string>;
}

/**
 * Runs a machine with AWS's limits enforced around aws-local-stepfunctions, which checks none of them: every state's
 * input and output size, in nested Map iterations and Parallel branches too, and the history length. A broken limit
 * is the run's fatal error: the execution is aborted at once and no further state or Task handler starts.
 */
export async function executeMachine(
  machine: StateMachine,
  input: JsonValue,
  options: MachineRunOptions,
): Promise<MachineRun> {
  const limits = new RunLimits(options.historyEventLimit);
  const overrides = {
    ...options.overrides,
    taskResourceLocalHandlers: limits.guardTasks(options.overrides.taskResourceLocalHandlers),
  };
  watchLimits(overrides, limits);
  const execution = machine.run(input, { overrides, context: options.context });
  limits.attach(execution.abort);
  let aborted = false;
  void options.abortWhen?.then(() => {
    aborted = true;
    execution.abort();
  });

  const events: EventLog[] = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      events.push(event);
      options.onEvent?.(event);
    }
  })();

  const ended = (run: Pick<MachineRun, 'status' | 'output' | 'error' | 'cause'>): MachineRun => ({
    ...run,
    events: limits.recorded(events),
    limitViolations: limits.violations,
    // Declared private by aws-local-stepfunctions' types, and exactly the definition that ran.
    taskResources: taskResources((machine as unknown as { definition: StateMachineDefinition }).definition),
  });
  try {
    const output = await execution.result;
    await collecting;
    if (limits.fatal === undefined) return ended({ status: 'SUCCEEDED', output });
  } catch (error) {
    await collecting.catch(() => undefined);
    if (aborted && limits.fatal === undefined) return ended({ status: 'ABORTED', error: 'Aborted' });
    if (limits.fatal === undefined) {
      if (!(error instanceof ExecutionError)) throw error;
      const failed = events.find((e) => e.type === 'ExecutionFailed') as
        { Error?: string; Cause?: unknown } | undefined;
      const cause = failed?.Cause;
      return ended({
        status: 'FAILED',
        error: failed?.Error ?? error.name,
        cause: typeof cause === 'string' ? cause : JSON.stringify(cause),
      });
    }
  }
  return ended({ status: 'FAILED', error: limits.fatal.name, cause: limits.fatal.message });
}

export interface DefinitionRun extends MachineRun {
  stats: ExecutionStats;
}

/** A hand-written definition with plain Task handlers, under the same limits: how the runner's checks are tested. */
export function runDefinition(
  definition: StateMachineDefinition,
  input: JsonValue,
  handlers: TaskHandlers = {},
  options: Pick<MachineRunOptions, 'historyEventLimit'> = {},
): Promise<DefinitionRun> {
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  return executeMachine(machine, input, {
    ...options,
    overrides: { taskResourceLocalHandlers: handlers },
  }).then((run) => ({ ...run, stats: statsFromEvents(run.events) }));
}

function taskResources(definition: StateMachineDefinition): Record<string, string> {
  const resources: Record<string, string> = {};
  for (const [name, state] of allStates(definition)) {
    if (state.Type === 'Task' && state.Resource !== undefined) resources[name] = state.Resource;
  }
  return resources;
}

/** Runs reach their limits through their overrides object, which nested Map and Parallel runs share by reference. */
const limitsOfRun = new WeakMap<object, RunLimits>();
let watching = false;

interface ExecuteOptions {
  runOptions?: RunOptions;
  eventLogger: WatchedLogger;
}
type Execute = (this: StateMachine, input: unknown, options: ExecuteOptions, cleanup: () => void) => Promise<unknown>;

/**
 * aws-local-stepfunctions runs every execution, nested ones included, through StateMachine#execute, which dispatches
 * each state's entry and exit synchronously to that execution's event logger: wrapping the logger there sees every
 * state as it happens, with no change to the definition that runs.
 */
function watchLimits(overrides: object, limits: RunLimits): void {
  limitsOfRun.set(overrides, limits);
  if (watching) return;
  watching = true;
  const prototype = StateMachine.prototype as unknown as { execute: Execute };
  const execute = prototype.execute;
  prototype.execute = function (input, options, cleanup) {
    const overridesOfRun = options.runOptions?.overrides;
    if (overridesOfRun !== undefined) limitsOfRun.get(overridesOfRun)?.watchLogger(options.eventLogger);
    return execute.call(this, input, options, cleanup);
  };
}
