/**
 * Erasures an operator starts (the CLI's `erase`, or `run` with a job that has `subjects`) get receipts like the
 * ones the intake writes for requests from the bus: the same record, keyed by the erasure's name, so the same
 * receipt function (deployed) or the same settle step (local) completes it, and the privacy team finds every
 * erasure in one place, whatever started it.
 */
import type { CleanupJob } from '../job/types';
import { erasureDeadlines } from './deadlines';
import { erasureName } from './erasure-name';
import type { FailureReason } from './events';
import { jobFingerprint, subjectRefOf } from './fingerprint';
import { createReceipt, getReceipt, type ReceiptRecord, type ReceiptsTable } from './receipts-store';

/** The requester of operator erasures, as `source` is for the bus's requesters: its own request id namespace. */
export const OPERATOR_SOURCE = 'rekognition-cleanup.cli';

/** The execution name of an operator erasure, which is also its receipt's key. */
export function operatorErasureName(requestId: string): string {
  return erasureName(OPERATOR_SOURCE, requestId);
}

export interface OperatorErasure {
  job: CleanupJob & { requestId: string };
  /** The raw job as given (what the execution runs): its fingerprint tells a re-run from a reused requestId. */
  raw: unknown;
  executionArn: string;
  receivedAt: Date;
  slaSeconds: number;
  /** Who ran it, when known (e.g. the caller's ARN): recorded like a bus request's `requester`. */
  requester?: string;
}

/**
 * Records the IN_PROGRESS receipt before the execution starts (the overdue check sees it from then on). The same
 * erasure run again finds its receipt and goes on; the same requestId with another job is refused.
 */
export async function recordOperatorErasure(
  table: ReceiptsTable,
  erasure: OperatorErasure,
): Promise<{ receipt: ReceiptRecord; created: boolean } | { refused: FailureReason }> {
  const subjects = erasure.job.subjects ?? [];
  const refs = await Promise.all(subjects.map((subject) => subjectRefOf(sortedIds(subject))));
  const receiptKey = operatorErasureName(erasure.job.requestId);
  const receipt: ReceiptRecord = {
    receiptKey,
    requestId: erasure.job.requestId,
    subjectRef: refs[0] ?? '',
    ...(refs.length > 1 ? { subjectRefs: refs } : {}),
    status: 'IN_PROGRESS',
    dryRun: erasure.job.dryRun === true,
    ...erasureDeadlines(erasure.receivedAt, erasure.slaSeconds),
    ...(erasure.requester === undefined ? {} : { requester: erasure.requester }),
    requestSource: OPERATOR_SOURCE,
    executionArn: erasure.executionArn,
    collections: [],
    failures: [],
    requestHash: await jobFingerprint(erasure.raw),
  };
  if (await createReceipt(table, receipt)) return { receipt, created: true };
  const existing = await getReceipt(table, receiptKey);
  if (existing !== undefined && existing.requestHash === receipt.requestHash)
    return { receipt: existing, created: false };
  return {
    refused: {
      code: 'REQUEST_ID_CONFLICT',
      field: 'requestId',
      message: 'requestId: already used for another erasure; give this one a new requestId',
    },
  };
}

/** The intake's normalisation: ids sorted, so the order they were typed in does not change the pseudonym. */
function sortedIds(subject: { userId?: string; externalImageIds?: readonly string[] }) {
  return {
    ...(subject.userId === undefined ? {} : { userId: subject.userId }),
    ...(subject.externalImageIds === undefined
      ? {}
      : { externalImageIds: [...new Set(subject.externalImageIds)].sort() }),
  };
}
