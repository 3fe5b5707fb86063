/**
 * Step Functions for the local erasure path: StartExecution runs the execution with the local runner (the
 * synthesized definition, the real handlers), DescribeExecution reads it back, with the service's semantics the
 * intake relies on: the same name and input while running returns that execution; a name taken otherwise is
 * ExecutionAlreadyExists. When an execution closes, `onClosed` gets its ARN, as the receipt function gets the
 * status-change event in AWS.
 */
import { ExecutionAlreadyExists, ExecutionDoesNotExist, SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowRun } from '../runner';
import { serveLocally } from './served-locally';

interface LocalExecution {
  name: string;
  input: string;
  status: 'RUNNING' | WorkflowRun['status'];
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  done: Promise<void>;
}

export interface LocalStepFunctionsOptions {
  stateMachineArn: string;
  run(input: unknown, executionName: string): Promise<WorkflowRun>;
  onClosed(executionArn: string): Promise<void>;
}

export class LocalStepFunctions {
  readonly client: SFNClient;
  private readonly executions = new Map<string, LocalExecution>();
  /** Errors of runs or of `onClosed`: reported by `idle`, never swallowed. */
  private readonly errors: unknown[] = [];

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.client = serveLocally(
      new SFNClient({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      async (command, input) => {
        if (command === 'StartExecutionCommand') return this.start(String(input.name), String(input.input ?? '{}'));
        if (command === 'DescribeExecutionCommand') return this.describe(String(input.executionArn));
        throw new Error(`local Step Functions: ${command} is not modelled`);
      },
    );
  }

  executionArnOf(name: string): string {
    return `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  /** The executions started so far, by ARN. */
  get started(): ReadonlyMap<string, Omit<LocalExecution, 'done'>> {
    return this.executions;
  }

  /** Resolves once every execution started so far (and any it led to) has closed and been settled. */
  async idle(): Promise<void> {
    let pending = [...this.executions.values()].map((e) => e.done);
    while (pending.length > 0) {
      await Promise.all(pending);
      const now = [...this.executions.values()].map((e) => e.done);
      pending = now.length === pending.length ? [] : now;
    }
    if (this.errors.length > 0) throw this.errors[0];
  }

  private start(name: string, input: string): Record<string, unknown> {
    const executionArn = this.executionArnOf(name);
    const existing = this.executions.get(executionArn);
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new ExecutionAlreadyExists({ message: `Execution Already Exists: '${executionArn}'`, $metadata: {} });
    }
    const execution: LocalExecution = {
      name,
      input,
      status: 'RUNNING',
      startDate: new Date(),
      done: Promise.resolve(),
    };
    this.executions.set(executionArn, execution);
    // Started, not awaited: StartExecution returns at once, as it does in AWS.
    execution.done = this.runToEnd(executionArn, execution);
    return { executionArn, startDate: execution.startDate };
  }

  private async runToEnd(executionArn: string, execution: LocalExecution): Promise<void> {
    try {
      const run = await this.options.run(JSON.parse(execution.input), execution.name);
      Object.assign(execution, {
        status: run.status,
        stopDate: new Date(),
        ...(run.output === undefined ? {} : { output: JSON.stringify(run.output) }),
        ...(run.error === undefined ? {} : { error: run.error }),
        ...(run.cause === undefined ? {} : { cause: run.cause }),
      });
      await this.options.onClosed(executionArn);
    } catch (error) {
      this.errors.push(error);
    }
  }

  private describe(executionArn: string): Record<string, unknown> {
    const execution = this.executions.get(executionArn);
    if (execution === undefined) {
      throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${executionArn}'`, $metadata: {} });
    }
    const { done: _done, name: _name, ...described } = execution;
    return { executionArn, stateMachineArn: this.options.stateMachineArn, ...described };
  }
}
