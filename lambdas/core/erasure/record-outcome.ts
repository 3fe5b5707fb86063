/**
 * When an execution of the cleanup state machine ends: if the intake started it for an erasure request, write the
 * final receipt and tell the requester (ErasureCompleted / ErasureFailed). Other executions (retention purges,
 * jobs started by hand) are ignored.
 *
 * The event's own input and output fields may be missing when large, so the execution is read back with
 * DescribeExecution. Delivery is at least once: a repeated event rewrites the same receipt and publishes again.
 */
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { isPlainObject } from '../job/rules';
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

export interface OutcomeDeps {
  sfn: SFNClient;
  bus: ErasureBus;
  receipts: ReceiptsTable;
}

export type OutcomeResult =
  | { kind: 'IGNORED'; why: string }
  | { kind: 'RECORDED'; requestId: string; status: ReceiptStatus; subjectRef: string; reason?: FailureReason };

const CLOSED: ReadonlySet<string> = new Set<ExecutionStatus>(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
/** EventBridge accepts 256 KB per entry; the receipt in the table always keeps every face id. */
const MAX_DETAIL_CHARS = 200_000;

export async function recordErasureOutcome(event: unknown, deps: OutcomeDeps): Promise<OutcomeResult> {
  const detail = isPlainObject(event) && isPlainObject(event.detail) ? event.detail : {};
  const executionArn = detail.executionArn;
  if (typeof executionArn !== 'string') return { kind: 'IGNORED', why: 'the event names no execution' };

  const execution = await deps.sfn.send(new DescribeExecutionCommand({ executionArn }));
  // A redriven execution runs again: its next status change will settle the receipt.
  if (execution.status === undefined || !CLOSED.has(execution.status)) {
    return { kind: 'IGNORED', why: `the execution is ${execution.status ?? 'in an unknown state'}` };
  }
  const request = erasureRequestOf(execution.input);
  if (request === undefined) return { kind: 'IGNORED', why: 'not an erasure request (no requestId and subjects)' };
  const pending = await getReceipt(deps.receipts, executionNameOf(executionArn));
  if (pending === undefined || pending.executionArn !== executionArn) {
    return { kind: 'IGNORED', why: 'not started by the erasure intake' };
  }

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
  );
  if (!(await saveFinalReceipt(deps.receipts, receipt))) {
    return { kind: 'IGNORED', why: 'the receipt belongs to another execution' };
  }
  await publish(deps.bus, [outcomeEvent(receipt, reason)]);
  return {
    kind: 'RECORDED',
    requestId: receipt.requestId,
    status: receipt.status,
    subjectRef: receipt.subjectRef,
    ...(reason === undefined ? {} : { reason }),
  };
}

function outcomeEvent(record: ReceiptRecord, reason: FailureReason | undefined) {
  const receipt = publishedReceipt(record);
  const resources = [record.executionArn];
  if (reason === undefined) {
    const detail: ErasureCompletedDetail = {
      requestId: receipt.requestId,
      status: receipt.status === 'DRY_RUN_COMPLETED' ? 'DRY_RUN_COMPLETED' : 'COMPLETED',
      receipt,
    };
    return { detailType: ErasureDetailTypes.Completed, detail, resources };
  }
  const detail: ErasureFailedDetail = { requestId: receipt.requestId, status: 'FAILED', reason, receipt };
  return { detailType: ErasureDetailTypes.Failed, detail, resources };
}

/** The receipt without the intake's bookkeeping, small enough for one EventBridge entry. */
export function publishedReceipt(record: ReceiptRecord): ErasureReceipt {
  const { receiptKey: _key, requestHash: _hash, requestEventId: _eventId, rejection: _rejection, ...receipt } = record;
  if (JSON.stringify(receipt).length <= MAX_DETAIL_CHARS) return receipt;
  return {
    ...receipt,
    collections: receipt.collections.map((collection) => ({ ...collection, faceIds: [] })),
    faceIdsOmitted: true,
  };
}

/** The requestId and the raw subject ids of an execution the intake started, read from its input. */
function erasureRequestOf(input: string | undefined): { requestId: string; subjectIds: string[] } | undefined {
  let job: unknown;
  try {
    job = JSON.parse(input ?? 'null');
  } catch {
    return undefined;
  }
  if (!isPlainObject(job) || typeof job.requestId !== 'string' || !Array.isArray(job.subjects)) return undefined;
  if (job.subjects.length === 0) return undefined;
  const subjectIds = job.subjects.flatMap((subject: unknown) => {
    if (!isPlainObject(subject)) return [];
    const ids = [subject.userId, ...(Array.isArray(subject.externalImageIds) ? subject.externalImageIds : [])];
    return ids.filter((id): id is string => typeof id === 'string');
  });
  return { requestId: job.requestId, subjectIds };
}
