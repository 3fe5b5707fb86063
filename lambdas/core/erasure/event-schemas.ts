/**
 * The `detail`s of the events rekognition-cleanup publishes (ErasureCompleted, ErasureFailed, ErasureRejected),
 * defined once: their types (events.ts) and the JSON Schemas published in `schemas/` and in the stack's EventBridge
 * schema registry come from here; ErasureRequested, which other services send, is in request-schema.ts. Other
 * services depend on these shapes: rename nothing, add only optional fields. Nothing rekognition-cleanup publishes
 * carries a raw subject identifier: subjects are named by `subjectRef`, the salted hash that the job report uses too.
 */
import * as z from 'zod/mini';
import type { ItemOutcome, ReportStatus } from '../report/types';
import { described } from '../schema/fields';

// Built by rekognition-cleanup's own code, so these schemas describe rather than guard.

const ITEM_OUTCOMES = [
  'DELETED',
  'STOPPED',
  'NOT_RUNNING',
  'EMPTIED',
  'ALREADY_ABSENT',
  'SKIPPED_PROTECTED',
  'SKIPPED_RUNNING',
  'CHANGED_SINCE_PLAN',
  'CAP_REACHED',
  'NOT_EMPTY',
  'PARTIALLY_DELETED',
  'NEEDS_REVIEW',
  'FAILED',
  'WOULD_DELETE',
  'WOULD_EMPTY',
  'WOULD_STOP',
] as const satisfies readonly ItemOutcome[];
const REPORT_STATUSES = [
  'SUCCEEDED',
  'NEEDS_REVIEW',
  'PARTIALLY_FAILED',
  'FAILED',
] as const satisfies readonly ReportStatus[];

/** The lists above name every member of the report's unions (checked by the compiler, both ways). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyOutcome: Same<(typeof ITEM_OUTCOMES)[number], ItemOutcome> = true;
const everyStatus: Same<(typeof REPORT_STATUSES)[number], ReportStatus> = true;
void [everyOutcome, everyStatus];

/**
 * IN_PROGRESS: accepted and started. COMPLETED: every planned deletion is done. NEEDS_REVIEW: every deletion the
 * erasure may do is done, but faces it could not attribute to the subject were kept (`collections[].needsReview`):
 * the privacy team settles them with a `faces` job. DRY_RUN_COMPLETED: a dry run was planned (nothing was deleted;
 * `needsReview` shows what the real run would keep). FAILED: the erasure did not complete (see `failures`), or the
 * workflow refused it (reason REJECTED_BY_WORKFLOW). REJECTED: never started.
 */
export const RECEIPT_STATUSES = [
  'IN_PROGRESS',
  'COMPLETED',
  'NEEDS_REVIEW',
  'DRY_RUN_COMPLETED',
  'FAILED',
  'REJECTED',
] as const;

/** Why a request was refused or an erasure did not complete. */
export const FAILURE_CODES = [
  /** The event breaks the schema; `field` names the first offending field. */
  'INVALID_REQUEST',
  /** The `source` is not an allowed requester (`field` "source"), or `account` is not one of its accounts. */
  'REQUESTER_NOT_ALLOWED',
  /** A dry run from a requester not allowed dry runs. */
  'DRY_RUN_NOT_ALLOWED',
  /** The requestId was already used for a different subject (or different options). */
  'REQUEST_ID_CONFLICT',
  /** An execution not started for this request already carries the requestId as its name. */
  'EXECUTION_NAME_TAKEN',
  /** The erasure ran but some deletions failed; `receipt.failures` lists them. */
  'INCOMPLETE',
  /**
   * The request names collections that do not exist in this account and region (a typo, the wrong region):
   * `collectionIds` lists them. The collections that exist were erased; the same request fails the same way again.
   */
  'NOT_FOUND',
  /** The workflow refused the job (InvalidJobError, MaxDeletionsExceededError, SubjectTooBroadError). */
  'REJECTED_BY_WORKFLOW',
  'TIMED_OUT',
  'ABORTED',
  /** Any other execution failure. */
  'EXECUTION_FAILED',
] as const;

const str = () => z.string();
const optional = <T extends z.core.$ZodType>(schema: T, description?: string) =>
  z.optional(description === undefined ? schema : described(schema, description));

export const failureReason = z.object({
  code: z.enum(FAILURE_CODES),
  field: optional(str(), 'For INVALID_REQUEST: the path of the offending field, e.g. detail.subject.userId.'),
  collectionIds: optional(z.array(str()), 'For NOT_FOUND: the named collections that do not exist.'),
  message: described(str(), 'Names fields and rules, never the offending values.'),
});

/** What was erased in one collection (from the report's `subjects` section). */
const receiptCollection = z.object({
  collectionId: str(),
  outcome: z.enum(ITEM_OUTCOMES),
  facesDeleted: z.number(),
  faceIds: described(z.array(str()), 'Ids of the faces deleted (or, in a dry run, that would be deleted).'),
  userOutcome: z.optional(z.enum(['DELETED', 'ALREADY_ABSENT', 'WOULD_DELETE', 'WOULD_DELETE_IF_PRESENT'])),
  needsReview: optional(
    z.array(str()),
    "Faces kept because their ExternalImageId also labels other people's faces: settle them with a faces job.",
  ),
  heldByOtherUsers: optional(
    z.array(str()),
    'Faces matched through an ExternalImageId but held by another user: never deleted by an erasure.',
  ),
  verifiedAbsent: optional(z.boolean(), 'ListFaces, read after the erasure, lists none of the erased faces.'),
  error: z.optional(str()),
});

const receiptFailure = z.object({ kind: str(), id: str(), error: str(), detail: z.optional(str()) });

/** The evidence kept for each request (DynamoDB, never expires) and carried by ErasureCompleted/ErasureFailed. */
export const erasureReceipt = z.object({
  requestId: str(),
  subjectRef: described(
    str(),
    "Keyed hash (KMS HMAC) of the subject's ids, the report's subjectRef; the raw ids are never stored or published.",
  ),
  subjectRefs: z.optional(
    described(
      z.array(str()),
      "For an operator's job with several subjects: each one's subjectRef (subjectRef is the first).",
    ),
  ),
  status: z.enum(RECEIPT_STATUSES),
  dryRun: z.boolean(),
  receivedAt: described(str(), 'When the intake recorded the request, by its own clock.'),
  dueAt: described(str(), 'receivedAt + the erasure SLA: past it, an IN_PROGRESS erasure counts as overdue.'),
  legalDeadline: described(str(), 'receivedAt + one month (GDPR Art. 12(3)).'),
  requestedAt: z.optional(str()),
  eventTime: optional(str(), "The ErasureRequested event's time, as the publisher set it: never used for deadlines."),
  requester: z.optional(str()),
  requestSource: described(str(), 'The source of the ErasureRequested event: the requester.'),
  executionArn: str(),
  startedAt: z.optional(str()),
  finishedAt: z.optional(str()),
  reportStatus: optional(z.enum(REPORT_STATUSES), "The job report's status, when the execution produced a report."),
  // Described on its own wrapper: failureReason is shared, and its description would follow it everywhere.
  reason: described(
    z.optional(failureReason),
    'For status FAILED: why the erasure did not complete, as the ErasureFailed event says.',
  ),
  collections: z.array(receiptCollection),
  failures: z.array(receiptFailure),
  faceIdsOmitted: optional(z.boolean(), "Face id lists were left out of the event to fit EventBridge's size limit."),
  collectionsOmitted: optional(
    z.number(),
    'How many collections were left out of the event when even without face ids it was too big.',
  ),
});

export const erasureCompletedDetail = described(
  z.object({
    requestId: str(),
    status: z.enum(['COMPLETED', 'NEEDS_REVIEW', 'DRY_RUN_COMPLETED']),
    receipt: erasureReceipt,
  }),
  'detail of ErasureCompleted: the erasure ran to completion (or, for a dry run, was planned).',
);

export const erasureFailedDetail = described(
  z.object({
    requestId: optional(str(), "Absent when the request's own requestId was missing or malformed."),
    status: z.enum(['REJECTED', 'FAILED']),
    reason: failureReason,
    requestEventId: optional(str(), 'The id of the ErasureRequested event, so a refused request can be traced.'),
    receipt: z.optional(erasureReceipt),
  }),
  'detail of ErasureFailed: a refused request (status REJECTED, no receipt) or an erasure that did not complete.',
);

const envelopeFacts = z.object({
  eventId: z.optional(str()),
  source: z.optional(str()),
  time: z.optional(str()),
  account: z.optional(str()),
  region: z.optional(str()),
});

export const erasureRejectedDetail = described(
  z.object({
    requestId: z.optional(str()),
    reason: failureReason,
    subjectRef: z.optional(str()),
    request: envelopeFacts,
  }),
  "detail of ErasureRejected, the invalid-requests queue's message: the reason, never the subject's ids.",
);
