import { DescribeExecutionCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UsageError } from './io';

export interface StartRequest {
  stateMachineArn: string;
  /** The job's requestId: Step Functions keeps execution names unique, which makes the requestId idempotent. */
  name?: string;
  input: string;
}

export interface StartedExecution {
  executionArn: string;
  /** Set when an execution of the same name and job already existed and is followed instead. */
  existingStatus?: string;
}

/**
 * Starts the job, or joins the execution a previous start of the same requestId left behind (a retry after a
 * lost connection, a second terminal). The same name with a different job is refused: one requestId, one job.
 */
export async function startOrJoinExecution(sfn: SFNClient, request: StartRequest): Promise<StartedExecution> {
  try {
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: request.stateMachineArn,
        input: request.input,
        ...(request.name !== undefined ? { name: request.name } : {}),
      }),
    );
    if (started.executionArn === undefined) throw new Error('StartExecution returned no executionArn');
    return { executionArn: started.executionArn };
  } catch (error) {
    if (request.name === undefined || !(error instanceof Error) || error.name !== 'ExecutionAlreadyExists') throw error;
  }
  const executionArn = executionArnFor(request.stateMachineArn, request.name);
  const existing = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  if (!sameJson(existing.input, request.input)) {
    throw new UsageError(
      `an execution named "${request.name}" already exists with a different job (${executionArn}).` +
        ' The requestId is the idempotency key of one job: give this job a new requestId.',
    );
  }
  return { executionArn, existingStatus: existing.status ?? 'UNKNOWN' };
}

/** Execution ARNs are the state machine's ARN with `execution` for `stateMachine`, plus the name. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** Same job whatever the key order or whitespace: what matters is what the state machine reads. */
function sameJson(left: string | undefined, right: string): boolean {
  if (left === undefined) return false;
  try {
    return canonical(JSON.parse(left)) === canonical(JSON.parse(right));
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
