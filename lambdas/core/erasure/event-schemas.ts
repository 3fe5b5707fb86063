/**
 * The erasure events' `detail`s, defined once: their types (events.ts), the validation of what other services send
 * (`ErasureRequested`, parse-request.ts) and the JSON Schemas published in `schemas/` and in the stack's EventBridge
 * schema registry all come from here. Other services depend on these shapes: rename nothing, add only optional
 * fields. Nothing rekognition-cleanup publishes carries a raw subject identifier: subjects are named by
 * `subjectRef`, the salted hash that the job report uses too.
 */
import * as z from 'zod/mini';
import { requestId } from '../job/id-formats';
import { subjectEntry } from '../job/job-schema';
import type { ItemOutcome, ReportStatus } from '../report/types';
import { boolean, described, object, rule, text } from '../schema/fields';

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const ISO_RULE = 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T09:30:00Z';
export const PLAUSIBLE_RULE =
  'must be between 2000-01-01T00:00:00Z and one hour after the request reached rekognition-cleanup';
/**
 * Claimed times are recorded, never used for deadlines; a time before this, or in the future, is refused all the
 * same, because a receipt that says 1970 is false evidence and the publisher should hear about it.
 */
const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);

/** Strict ISO-8601 instant: Date.parse alone would accept 2026-02-30 and zone-less local times. */
function parseInstant(value: string): Date | undefined {
  const match = ISO_INSTANT.exec(value);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s = '0', zone = 'Z'] = match;
  const instant = new Date(Date.parse(value));
  const local = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  // Date.UTC rolls 30 February over into March: the components must survive the round trip.
  const valid =
    !Number.isNaN(instant.getTime()) &&
    local.getUTCMonth() === Number(mo) - 1 &&
    local.getUTCDate() === Number(d) &&
    local.getUTCHours() === Number(h) &&
    (zone === 'Z' || (Number(zone.slice(1, 3)) <= 23 && Number(zone.slice(4, 6)) <= 59));
  return valid ? instant : undefined;
}

/**
 * A claimed instant, normalised to UTC. Its upper bound (an hour after receipt) needs the intake's clock, so
 * parse-request checks it (`isImplausiblyLate`) once the detail is otherwise valid.
 */
export const claimedInstant = z.string({ error: ISO_RULE }).check(
  z.maxLength(40, { error: ISO_RULE, abort: true }),
  z.regex(ISO_INSTANT, { error: ISO_RULE, abort: true }),
  rule<string>((value) => (parseInstant(value) === undefined ? { message: ISO_RULE } : undefined)),
  rule<string>((value) =>
    (parseInstant(value)?.getTime() ?? 0) < EARLIEST_PLAUSIBLE_MS ? { message: PLAUSIBLE_RULE } : undefined,
  ),
  z.overwrite((value) => (parseInstant(value) ?? new Date(0)).toISOString()),
);

/** Clock skew between the publisher and the intake. */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

export function isImplausiblyLate(normalised: string, nowMs: number): boolean {
  return Date.parse(normalised) > nowMs + FUTURE_TOLERANCE_MS;
}

/**
 * Letters, marks, digits, punctuation, symbols and the plain space: no control, format (bidi overrides,
 * zero-width characters), separator other than U+0020, private-use, unassigned or lone surrogate code points, so the
 * text reads the same in the console, a log and a ticket as it was written.
 */
const requester = text({
  min: 1,
  max: 128,
  pattern: /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u,
  rule: 'must be 1-128 letters, digits, punctuation, symbols or spaces (no control or invisible characters)',
});

/**
 * `detail` of an `ErasureRequested` event, from an allowed requester: a `source` listed in the stack's
 * `erasureRequesters`, published from one of its principals. Unknown fields are refused.
 */
export const erasureRequestedDetail = described(
  object({
    requestId: described(
      requestId.clone(),
      "The caller's idempotency key, unique within its requester (the event's source): sending the same request twice starts one erasure; reusing it for a different subject is refused.",
    ),
    subject: subjectEntry,
    requestedAt: z.optional(
      described(
        claimedInstant.clone(),
        'When the data subject made the request (from 2000 to one hour after receipt). Recorded; deadlines count from receipt.',
      ),
    ),
    requester: z.optional(
      described(requester.clone(), 'Who is asking, e.g. the calling service or ticket. Recorded, never logged.'),
    ),
    dryRun: z.optional(
      described(
        boolean(),
        'Plan and report what would be erased, delete nothing. Only for requesters allowed dry runs. Default false.',
      ),
    ),
  }),
  'detail of ErasureRequested, published by another service to ask for the erasure of a data subject.',
);

// ---- What rekognition-cleanup publishes. Built by its own code, so these schemas describe rather than guard. ----

const ITEM_OUTCOMES = [
  'DELETED',
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
  subjectRef: described(str(), "Salted hash of the subject's ids; the raw ids are never stored or published."),
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
