/**
 * When an execution of the cleanup state machine ends: if the intake started it for an erasure request, write the
 * final receipt and tell the requester (ErasureCompleted / ErasureFailed). Other executions (retention purges,
 * jobs started by hand) are ignored.
 *
 * The event's own input and output fields may be missing when large, so the execution is read back with
 * DescribeExecution. Delivery is at least once: a repeated event rewrites the same receipt and publishes again.
 */
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { isPlainObject } from '../schema/issue-path';
import { executionNameOf } from './erasure-name';
import {
  type ErasureCompletedDetail,
  ErasureDetailTypes,
  type ErasureFailedDetail,
  type ErasureReceipt,
  type FailureReason,
  type ReceiptStatus,
} from './events';
import { type ErasureBus, publish } from './publish';
import { getReceipt, type ReceiptRecord, type ReceiptsTable, saveFinalReceipt } from './receipts-store';
import { type ExecutionStatus, settleReceipt } from './settle-receipt';
import { storedReport } from '../report/report-stored-job';
import type { CleanupReport } from '../report/types';
import { jobIdOf } from '../store/job-id';
import type { JobStore } from '../store/job-store';
import { isStoredJobRef } from '../job/stored-job';

export interface OutcomeDeps {
  sfn: SFNClient;
  bus: ErasureBus;
  receipts: ReceiptsTable;
  /** Where the job's whole report, or the record of what it did, is kept. */
  jobs?: JobStore;
}

export type OutcomeResult =
  | { kind: 'IGNORED'; why: string }
  | { kind: 'RECORDED'; requestId: string; status: ReceiptStatus; subjectRef: string; reason?: FailureReason };

const CLOSED: ReadonlySet<string> = new Set<ExecutionStatus>(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
/** EventBridge accepts 256 KiB per entry, detail and envelope; the receipt in the table keeps everything. */
const MAX_DETAIL_BYTES = 200_000;

export async function recordErasureOutcome(event: unknown, deps: OutcomeDeps): Promise<OutcomeResult> {
  const detail = isPlainObject(event) && isPlainObject(event.detail) ? event.detail : {};
  const executionArn = detail.executionArn;
  if (typeof executionArn !== 'string') return { kind: 'IGNORED', why: 'the event names no execution' };

  const execution = await deps.sfn.send(new DescribeExecutionCommand({ executionArn }));
  // A redriven execution runs again: its next status change will settle the receipt.
  if (execution.status === undefined || !CLOSED.has(execution.status)) {
    return { kind: 'IGNORED', why: `the execution is ${execution.status ?? 'in an unknown state'}` };
  }
  const stored = storedInputOf(execution.input);
  const job = stored === undefined ? parseJson(execution.input) : await deps.jobs?.getInput(stored);
  const request = erasureRequestOf(job);
  if (request === undefined) {
    return {
      kind: 'IGNORED',
      why:
        stored === undefined
          ? 'not an erasure request (no requestId and subjects)'
          : 'its stored job is gone: the erasure was settled already and its subject deleted',
    };
  }
  const pending = await getReceipt(deps.receipts, executionNameOf(executionArn));
  if (pending === undefined || pending.executionArn !== executionArn) {
    return { kind: 'IGNORED', why: 'not started by the erasure intake' };
  }

  const record = await jobRecord(deps.jobs, executionArn, execution);
  const { receipt, reason } = settleReceipt(
    pending,
    {
      executionArn,
      status: execution.status as ExecutionStatus,
      ...(execution.startDate === undefined ? {} : { startedAt: execution.startDate.toISOString() }),
      ...(execution.stopDate === undefined ? {} : { finishedAt: execution.stopDate.toISOString() }),
      ...(execution.output === undefined ? {} : { output: execution.output }),
      ...(execution.error === undefined ? {} : { error: execution.error }),
      ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    },
    request.subjectIds,
    record,
  );
  if (!(await saveFinalReceipt(deps.receipts, receipt))) {
    return { kind: 'IGNORED', why: 'the receipt belongs to another execution' };
  }
  await publish(deps.bus, [outcomeEvent(receipt, reason)]);
  // Settled: the receipt keeps the pseudonym only, and the raw subject goes. A redelivered event finds it gone.
  if (stored !== undefined) await deps.jobs?.deleteInput(stored);
  return {
    kind: 'RECORDED',
    requestId: receipt.requestId,
    status: receipt.status,
    subjectRef: receipt.subjectRef,
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * The job's whole report from the store (the execution's output holds a shortened one), or the record of what it
 * deleted when it failed before its report. The job is named in the output or cause, or found from the execution.
 */
async function jobRecord(
  jobs: JobStore | undefined,
  executionArn: string,
  execution: { output?: string; cause?: string; startDate?: Date },
): Promise<CleanupReport | undefined> {
  if (jobs === undefined) return undefined;
  const named = [execution.output, execution.cause].map(jobIdIn).find((id) => id !== undefined);
  const jobId = named ?? (execution.startDate && jobIdOf(executionArn, execution.startDate.toISOString()));
  return jobId === undefined ? undefined : storedReport(jobs, jobId, new Date());
}

/** The key of the stored job an execution was started with, if it was started by reference. */
function storedInputOf(input: string | undefined): string | undefined {
  const parsed = parseJson(input);
  return isStoredJobRef(parsed) ? parsed.storedJob : undefined;
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return undefined;
  }
}

function jobIdIn(json: string | undefined): string | undefined {
  try {
    const value = JSON.parse(json ?? 'null') as { jobId?: unknown } | null;
    return typeof value?.jobId === 'string' ? value.jobId : undefined;
  } catch {
    return undefined;
  }
}

function outcomeEvent(record: ReceiptRecord, reason: FailureReason | undefined) {
  const receipt = publishedReceipt(record);
  const resources = [record.executionArn];
  if (reason === undefined) {
    const detail: ErasureCompletedDetail = {
      requestId: receipt.requestId,
      status:
        receipt.status === 'DRY_RUN_COMPLETED' || receipt.status === 'NEEDS_REVIEW' ? receipt.status : 'COMPLETED',
      receipt,
    };
    return { detailType: ErasureDetailTypes.Completed, detail, resources };
  }
  const detail: ErasureFailedDetail = { requestId: receipt.requestId, status: 'FAILED', reason, receipt };
  return { detailType: ErasureDetailTypes.Failed, detail, resources };
}

/**
 * The receipt without the intake's bookkeeping, small enough for one EventBridge entry: face ids go first, then
 * collections, those where nothing was found before those that hold an outcome, each step checked again.
 */
export function publishedReceipt(record: ReceiptRecord, maxBytes = MAX_DETAIL_BYTES): ErasureReceipt {
  const {
    receiptKey: _key,
    requestHash: _hash,
    requestEventId: _eventId,
    rejection: _rejection,
    batchId: _batch,
    ...receipt
  } = record;
  const fits = (candidate: ErasureReceipt) => Buffer.byteLength(JSON.stringify(candidate)) <= maxBytes;
  if (fits(receipt)) return receipt;
  const withoutIds: ErasureReceipt = {
    ...receipt,
    collections: receipt.collections.map((collection) => ({ ...collection, faceIds: [] })),
    faceIdsOmitted: true,
  };
  if (fits(withoutIds)) return withoutIds;
  const ranked = [...withoutIds.collections].sort((a, b) => weight(b) - weight(a));
  let kept = ranked.length;
  const shortened = (count: number): ErasureReceipt => ({
    ...withoutIds,
    collections: ranked.slice(0, count),
    collectionsOmitted: ranked.length - count,
  });
  // Halving then stepping keeps this fast for receipts of thousands of collections.
  while (kept > 0 && !fits(shortened(kept))) kept = kept > 64 ? Math.floor(kept / 2) : kept - 1;
  const failures = fits(shortened(kept)) ? withoutIds.failures : withoutIds.failures.slice(0, 20);
  return { ...shortened(kept), failures };
}

/**
 * Collections that hold an outcome worth reading come first: faces to review (whose ids are kept even when the
 * deleted ids are dropped: the privacy team acts on them), a failure, a deletion, then the rest.
 */
function weight(collection: ErasureReceipt['collections'][number]): number {
  if (collection.needsReview !== undefined) return 4;
  if (collection.error !== undefined) return 3;
  if (collection.facesDeleted > 0 || collection.userOutcome === 'DELETED') return 2;
  return collection.outcome === 'ALREADY_ABSENT' ? 0 : 1;
}

/** The requestId and the raw subject ids of an execution the intake started, read from its input. */
function erasureRequestOf(job: unknown): { requestId: string; subjectIds: string[] } | undefined {
  if (!isPlainObject(job) || typeof job.requestId !== 'string' || !Array.isArray(job.subjects)) return undefined;
  if (job.subjects.length === 0) return undefined;
  const subjectIds = job.subjects.flatMap((subject: unknown) => {
    if (!isPlainObject(subject)) return [];
    const ids = [subject.userId, ...(Array.isArray(subject.externalImageIds) ? subject.externalImageIds : [])];
    return ids.filter((id): id is string => typeof id === 'string');
  });
  return { requestId: job.requestId, subjectIds };
}
