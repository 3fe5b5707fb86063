/**
 * The erasure events on the bus: what other services publish (`ErasureRequested`) and what rekognition-cleanup
 * publishes back (`ErasureCompleted`, `ErasureFailed`, and `ErasureRejected` for its own invalid-requests queue).
 * Other services depend on these shapes: rename nothing, add only optional fields.
 *
 * Nothing rekognition-cleanup publishes carries a raw subject identifier: subjects are named by `subjectRef`, the
 * salted hash that the job report uses too.
 */
import type { ItemOutcome, ReportStatus } from '../report/types';

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

/**
 * `detail` of an `ErasureRequested` event, from an allowed requester: a `source` listed in the stack's
 * `erasureRequesters`, published from one of its principals. Unknown fields are refused.
 *
 * @example
 * { "requestId": "crm-2026-000123", "subject": { "userId": "customer-8841", "collectionIds": ["kyc-eu"] },
 *   "requestedAt": "2026-11-22T09:30:00Z", "requester": "crm-service", "dryRun": false }
 */
export interface ErasureRequestedDetail {
  /**
   * The caller's idempotency key, 1-80 chars of [A-Za-z0-9_-], unique within its requester (the `source`): the
   * execution is named after both. Sending the same request twice starts one erasure; reusing the id for a
   * different subject is refused. Another requester's use of the same id has no effect on it.
   */
  requestId: string;
  /** Who to erase: userId and/or externalImageIds, as in the job contract's `subjects` entries. */
  subject: ErasureSubject;
  /**
   * When the data subject made the request (ISO-8601 with a time zone, from 2000 to one hour after receipt).
   * Recorded; deadlines count from receipt by the intake's clock.
   */
  requestedAt?: string;
  /**
   * Who is asking, e.g. the calling service or ticket: 1-128 letters, digits, punctuation, symbols or spaces (no
   * control, bidi or zero-width characters). Recorded, never logged.
   */
  requester?: string;
  /** Plan and report what would be erased, delete nothing. Only for requesters allowed dry runs. @default false */
  dryRun?: boolean;
}

/** The job contract's subject: at least one of userId or externalImageIds. */
export interface ErasureSubject {
  /** Rekognition UserId, [a-zA-Z0-9_.\-:]{1,128}. */
  userId?: string;
  /** 1-100 Rekognition ExternalImageIds, [a-zA-Z0-9_.\-:]{1,255} each. */
  externalImageIds?: string[];
  /** 1-1000 collection ids to search. @default every collection in the account and region */
  collectionIds?: string[];
}

/**
 * IN_PROGRESS: accepted and started. COMPLETED: every planned deletion is done. NEEDS_REVIEW: every deletion the
 * erasure may do is done, but faces it could not attribute to the subject were kept (`collections[].needsReview`):
 * the privacy team settles them with a `faces` job. DRY_RUN_COMPLETED: a dry run was planned (nothing was deleted;
 * `needsReview` shows what the real run would keep). FAILED: the erasure did not complete (see `failures`), or the
 * workflow refused it (reason REJECTED_BY_WORKFLOW). REJECTED: never started.
 */
export type ReceiptStatus = 'IN_PROGRESS' | 'COMPLETED' | 'NEEDS_REVIEW' | 'DRY_RUN_COMPLETED' | 'FAILED' | 'REJECTED';

/** Why a request was refused or an erasure did not complete. */
export type FailureCode =
  /** The event breaks the schema; `field` names the first offending field. */
  | 'INVALID_REQUEST'
  /** The `source` is not an allowed requester (`field` "source"), or `account` is not one of its accounts. */
  | 'REQUESTER_NOT_ALLOWED'
  /** A dry run from a requester not allowed dry runs. */
  | 'DRY_RUN_NOT_ALLOWED'
  /** The requestId was already used for a different subject (or different options). */
  | 'REQUEST_ID_CONFLICT'
  /** An execution not started for this request already carries the requestId as its name. */
  | 'EXECUTION_NAME_TAKEN'
  /** The erasure ran but some deletions failed; `receipt.failures` lists them. */
  | 'INCOMPLETE'
  /** The workflow refused the job (InvalidJobError, MaxDeletionsExceededError, SubjectTooBroadError). */
  | 'REJECTED_BY_WORKFLOW'
  | 'TIMED_OUT'
  | 'ABORTED'
  /** Any other execution failure. */
  | 'EXECUTION_FAILED';

export interface FailureReason {
  code: FailureCode;
  /** For INVALID_REQUEST: the path of the offending field, e.g. `detail.subject.userId`. */
  field?: string;
  /** Names fields and rules, never the offending values. */
  message: string;
}

/** What was erased in one collection (from the report's `subjects` section). */
export interface ReceiptCollection {
  collectionId: string;
  outcome: ItemOutcome;
  facesDeleted: number;
  /** Ids of the faces deleted (or, in a dry run, that would be deleted). */
  faceIds: string[];
  userOutcome?: 'DELETED' | 'ALREADY_ABSENT' | 'WOULD_DELETE' | 'WOULD_DELETE_IF_PRESENT';
  /**
   * Faces kept because their ExternalImageId also labels other people's faces (or several unattributed ones):
   * settle them with `{"faces": [{"collectionId": <this collectionId>, "faceIds": <these>}]}`. Absent when none.
   */
  needsReview?: string[];
  /** Faces matched through an ExternalImageId but held by another user: never deleted by an erasure. */
  heldByOtherUsers?: string[];
  /** ListFaces, read after the erasure, lists none of the erased faces and no face of the user. */
  verifiedAbsent?: boolean;
  error?: string;
}

export interface ReceiptFailure {
  kind: string;
  id: string;
  error: string;
  detail?: string;
}

/** The evidence kept for each request (DynamoDB, never expires) and carried by ErasureCompleted/ErasureFailed. */
export interface ErasureReceipt {
  requestId: string;
  /** Salted hash of the subject's ids (the report's subjectRef); the raw ids are never stored or published. */
  subjectRef: string;
  /** For an operator's job with several subjects: each one's subjectRef (`subjectRef` is the first). */
  subjectRefs?: string[];
  status: ReceiptStatus;
  dryRun: boolean;
  /** When the intake recorded the request, by its own clock. */
  receivedAt: string;
  /** receivedAt + the erasure SLA: past it, an IN_PROGRESS erasure counts as overdue. */
  dueAt: string;
  /** receivedAt + one month (GDPR Art. 12(3)). */
  legalDeadline: string;
  requestedAt?: string;
  /** The ErasureRequested event's `time`, as the publisher set it: recorded, never used for deadlines. */
  eventTime?: string;
  requester?: string;
  /** The `source` of the ErasureRequested event: the requester. */
  requestSource: string;
  executionArn: string;
  startedAt?: string;
  finishedAt?: string;
  /** The job report's status, when the execution produced a report. */
  reportStatus?: ReportStatus;
  collections: ReceiptCollection[];
  failures: ReceiptFailure[];
  /** Set when face id lists were left out of the published event to fit EventBridge's size limit. */
  faceIdsOmitted?: boolean;
  /**
   * How many collections were left out of the published event (those where nothing was found come first) when even
   * without face ids it was too big; the receipt in the table keeps them all.
   */
  collectionsOmitted?: number;
}

/** `detail` of `ErasureCompleted`. */
export interface ErasureCompletedDetail {
  requestId: string;
  status: 'COMPLETED' | 'NEEDS_REVIEW' | 'DRY_RUN_COMPLETED';
  receipt: ErasureReceipt;
}

/** `detail` of `ErasureFailed`: a refused request (status REJECTED, no receipt) or an erasure that did not complete. */
export interface ErasureFailedDetail {
  /** Absent when the request's own requestId was missing or malformed. */
  requestId?: string;
  status: 'REJECTED' | 'FAILED';
  reason: FailureReason;
  /** The `id` of the ErasureRequested event, so a refused request can be traced. */
  requestEventId?: string;
  receipt?: ErasureReceipt;
}

/** `detail` of `ErasureRejected`, the invalid-requests queue's message: the reason, never the subject's ids. */
export interface ErasureRejectedDetail {
  requestId?: string;
  reason: FailureReason;
  subjectRef?: string;
  request: { eventId?: string; source?: string; time?: string; account?: string; region?: string };
}
