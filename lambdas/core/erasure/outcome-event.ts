/** The events that tell a requester how its erasure ended, with the receipt as published (no bookkeeping). */
import {
  type ErasureCompletedDetail,
  ErasureDetailTypes,
  type ErasureFailedDetail,
  type ErasureReceipt,
  type FailureReason,
} from './events';
import { type ErasureBus, publish } from './publish';
import { type ReceiptRecord, type ReceiptsTable, saveFinalReceipt } from './receipts-store';
import { type ClosedExecution, settleReceipt } from './settle-receipt';
import type { CleanupReport } from '../report/types';
import type { ReceiptStatus } from './events';

/** EventBridge accepts 256 KiB per entry, detail and envelope; the receipt in the table keeps everything. */
const MAX_DETAIL_BYTES = 200_000;

export interface RecordedOutcome {
  kind: 'RECORDED';
  requestId: string;
  status: ReceiptStatus;
  subjectRef: string;
  reason?: FailureReason;
}

/** Writes the final receipt (if it still belongs to this execution) and tells the requester. */
export async function settleAndPublish(
  deps: { bus: ErasureBus; receipts: ReceiptsTable },
  pending: ReceiptRecord,
  execution: ClosedExecution,
  subjectIds: readonly string[],
  record: CleanupReport | undefined,
): Promise<RecordedOutcome | undefined> {
  const { receipt, reason } = settleReceipt(pending, execution, subjectIds, record);
  if (!(await saveFinalReceipt(deps.receipts, receipt))) return undefined;
  await publish(deps.bus, [outcomeEvent(receipt, reason)]);
  return {
    kind: 'RECORDED',
    requestId: receipt.requestId,
    status: receipt.status,
    subjectRef: receipt.subjectRef,
    ...(reason === undefined ? {} : { reason }),
  };
}

export function outcomeEvent(record: ReceiptRecord, reason: FailureReason | undefined) {
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
