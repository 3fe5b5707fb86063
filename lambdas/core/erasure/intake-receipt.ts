/** The receipt the intake records for a request, and why an existing one refuses it. */
import { erasureDeadlines } from './deadlines';
import type { FailureReason } from './events';
import type { ErasureRequest } from './parse-request';
import type { ReceiptRecord } from './receipts-store';

/** Why a request whose requestId already has a receipt must be refused, if it must. */
export function refusalFor(existing: ReceiptRecord, request: ErasureRequest): FailureReason | undefined {
  if (existing.requestHash !== request.requestHash) {
    return {
      code: 'REQUEST_ID_CONFLICT',
      field: 'detail.requestId',
      message: 'detail.requestId: already used for a different subject or options; use a new requestId',
    };
  }
  if (existing.status === 'REJECTED') return existing.rejection ?? nameTaken();
  return undefined;
}

export function nameTaken(): FailureReason {
  return {
    code: 'EXECUTION_NAME_TAKEN',
    field: 'detail.requestId',
    message: 'detail.requestId: another cleanup job already runs under this name; use a new requestId',
  };
}

export function receiptFor(
  request: ErasureRequest,
  source: string,
  name: string,
  executionArn: string,
  slaSeconds: number,
): ReceiptRecord {
  return {
    receiptKey: name,
    requestId: request.requestId,
    subjectRef: request.subjectRef,
    status: 'IN_PROGRESS',
    dryRun: request.dryRun,
    ...erasureDeadlines(request.receivedAt, slaSeconds),
    eventTime: request.eventTime,
    ...(request.requestedAt === undefined ? {} : { requestedAt: request.requestedAt }),
    ...(request.requester === undefined ? {} : { requester: request.requester }),
    requestSource: source,
    ...(request.envelope.eventId === undefined ? {} : { requestEventId: request.envelope.eventId }),
    executionArn,
    collections: [],
    failures: [],
    requestHash: request.requestHash,
  };
}
