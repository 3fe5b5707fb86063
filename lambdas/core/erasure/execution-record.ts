/**
 * What the receipt function reads about a closed execution: its whole report (or the record of what it did) from
 * the job store, and the raw subject ids of an erasure's job, which settleReceipt withholds from free text.
 */
import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { isPlainObject } from '../schema/issue-path';
import { storedReport } from '../report/report-stored-job';
import type { CleanupReport } from '../report/types';
import { jobIdOf } from '../store/job-id';
import type { JobStore } from '../store/job-store';
import type { ClosedExecution, ExecutionStatus } from './settle-receipt';

/**
 * The job's whole report from the store (the execution's output holds a shortened one), or the record of what it
 * deleted when it failed before its report. The job is named in the output or cause, or found from the execution.
 */
export async function jobRecord(
  jobs: JobStore | undefined,
  executionArn: string,
  execution: { output?: string; cause?: string; startDate?: Date },
): Promise<CleanupReport | undefined> {
  if (jobs === undefined) return undefined;
  const named = [execution.output, execution.cause].map(jobIdIn).find((id) => id !== undefined);
  const jobId = named ?? (execution.startDate && jobIdOf(executionArn, execution.startDate.toISOString()));
  return jobId === undefined ? undefined : storedReport(jobs, jobId, new Date());
}

/** The requestId and the raw subject ids of an execution the intake started, read from its input. */
export function erasureRequestOf(job: unknown): { requestId: string; subjectIds: string[] } | undefined {
  if (!isPlainObject(job) || typeof job.requestId !== 'string' || !Array.isArray(job.subjects)) return undefined;
  if (job.subjects.length === 0) return undefined;
  const subjectIds = job.subjects.flatMap((subject: unknown) => {
    if (!isPlainObject(subject)) return [];
    const ids = [subject.userId, ...(Array.isArray(subject.externalImageIds) ? subject.externalImageIds : [])];
    return ids.filter((id): id is string => typeof id === 'string');
  });
  return { requestId: job.requestId, subjectIds };
}

function jobIdIn(json: string | undefined): string | undefined {
  try {
    const value = JSON.parse(json ?? 'null') as { jobId?: unknown } | null;
    return typeof value?.jobId === 'string' ? value.jobId : undefined;
  } catch {
    return undefined;
  }
}

/** DescribeExecution's answer about a closed execution, as settleReceipt reads it. */
export function closedExecutionOf(executionArn: string, execution: DescribeExecutionCommandOutput): ClosedExecution {
  return {
    executionArn,
    status: execution.status as ExecutionStatus,
    ...(execution.startDate === undefined ? {} : { startedAt: execution.startDate.toISOString() }),
    ...(execution.stopDate === undefined ? {} : { finishedAt: execution.stopDate.toISOString() }),
    ...(execution.output === undefined ? {} : { output: execution.output }),
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.cause === undefined ? {} : { cause: execution.cause }),
  };
}
