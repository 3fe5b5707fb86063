/**
 * The erasure events on the bus: what other services publish (`ErasureRequested`) and what rekognition-cleanup
 * publishes back (`ErasureCompleted`, `ErasureFailed`, and `ErasureRejected` for its own invalid-requests queue).
 * Their shapes are defined once, in event-schemas.ts; these are their names and types.
 */
import type * as z from 'zod/mini';
import type {
  erasureCompletedDetail,
  erasureFailedDetail,
  erasureReceipt,
  erasureRejectedDetail,
  FAILURE_CODES,
  failureReason,
  RECEIPT_STATUSES,
} from './event-schemas';
import type { erasureRequestedDetail } from './request-schema';

/**
 * The `source` of every event rekognition-cleanup publishes. Requests with this source are ignored, and the bus
 * policy lets no one but the stack's own functions publish with it.
 */
export const ERASURE_SOURCE = 'rekognition-cleanup';

export const ErasureDetailTypes = {
  /** Published by other services to ask for an erasure. */
  Requested: 'ErasureRequested',
  /** Published by rekognition-cleanup: the erasure ran to completion (or, for a dry run, was planned). */
  Completed: 'ErasureCompleted',
  /** Published by rekognition-cleanup: the request was refused, or the erasure did not complete. */
  Failed: 'ErasureFailed',
  /** Published by rekognition-cleanup for its own invalid-requests queue; not meant for other services. */
  Rejected: 'ErasureRejected',
} as const;

export type ErasureRequestedDetail = z.output<typeof erasureRequestedDetail>;
/** The job contract's subject: at least one of userId or externalImageIds. */
export type ErasureSubject = ErasureRequestedDetail['subject'];
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];
export type FailureCode = (typeof FAILURE_CODES)[number];
export type FailureReason = z.output<typeof failureReason>;
export type ErasureReceipt = z.output<typeof erasureReceipt>;
export type ReceiptCollection = ErasureReceipt['collections'][number];
export type ReceiptFailure = ErasureReceipt['failures'][number];
export type ErasureCompletedDetail = z.output<typeof erasureCompletedDetail>;
export type ErasureFailedDetail = z.output<typeof erasureFailedDetail>;
export type ErasureRejectedDetail = z.output<typeof erasureRejectedDetail>;
