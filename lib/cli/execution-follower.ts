import { DescribeExecutionCommand, type DescribeExecutionCommandOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { ExecutionHistory } from './execution-history';
import { HistoryProgress } from './history-progress';
import { type JobOutcome, outcomeFromExecution } from './job-outcome';
import type { ProgressEvent } from './step-progress';

export interface FollowOptions {
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Each step's progress, as the history records it. */
  onProgress: (progress: ProgressEvent) => void;
}

/** Statuses in which the execution may still change. */
const STILL_GOING = new Set(['RUNNING', 'PENDING_REDRIVE']);

/**
 * Follows a deployed execution to its end: progress lines from the history as it grows, then the outcome.
 * The execution is described before the history is read, so when it has ended every event is already there.
 */
export async function followExecution(
  sfn: SFNClient,
  executionArn: string,
  options: FollowOptions,
): Promise<JobOutcome> {
  const history = new ExecutionHistory(sfn, executionArn);
  const progress = new HistoryProgress();
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    for (const event of await history.newEvents()) {
      const step = progress.event(event);
      if (step !== undefined) options.onProgress(step);
    }
    if (!isRunning(execution)) return outcomeOfExecution(execution);
    await options.sleep(options.pollMs);
  }
}

export function isRunning(execution: DescribeExecutionCommandOutput): boolean {
  return STILL_GOING.has(execution.status ?? 'RUNNING');
}

/** The report (output, or the cause of CleanupIncomplete), else the error of an ended execution. */
export function outcomeOfExecution(execution: DescribeExecutionCommandOutput): JobOutcome {
  const status = (execution.status ?? 'FAILED') as JobOutcome['status'];
  let output: unknown;
  if (execution.output !== undefined) {
    try {
      output = JSON.parse(execution.output);
    } catch {
      output = undefined;
    }
  }
  return outcomeFromExecution(status, output, execution.error, execution.cause);
}
