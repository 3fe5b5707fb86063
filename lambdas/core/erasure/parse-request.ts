/**
 * Turns an `ErasureRequested` event into a validated cleanup job, or into the reason it is refused. Total: any
 * input yields one or the other, never an exception, because an exception would make EventBridge retry a request
 * that can never succeed. Reasons name fields and rules, never values (the values may be personal data).
 */
import type * as z from 'zod/mini';
import { requestId } from '../job/id-formats';
import type { CleanupJob, SubjectSection } from '../job/types';
import { formatPath, isPlainObject } from '../schema/issue-path';
import { firstProblem } from '../schema/problems';
import { claimedInstant, erasureRequestedDetail, isImplausiblyLate, PLAUSIBLE_RULE } from './request-schema';
import { ERASURE_SOURCE, ErasureDetailTypes, type ErasureRejectedDetail, type FailureReason } from './events';
import { jobFingerprint, subjectRefOf } from './fingerprint';

/** What identifies the event itself, kept for the rejection message (bounded strings only). */
export type EnvelopeFacts = ErasureRejectedDetail['request'];

export interface ErasureRequest {
  envelope: EnvelopeFacts;
  requestId: string;
  /** The validated subject, id lists deduplicated and sorted (order does not change who is erased). */
  subject: SubjectSection;
  /** The intake's own clock: every deadline counts from it, never from a time the publisher chose. */
  receivedAt: Date;
  /** The event's `time`, normalised: recorded only, since any publisher may set it on PutEvents. */
  eventTime: string;
  requestedAt?: string;
  requester?: string;
  dryRun: boolean;
  /** The execution input: `{ requestId, dryRun, subjects: [subject] }`. */
  job: CleanupJob;
  /** jobFingerprint(job): equal for a redelivery, different for a reused requestId. */
  requestHash: string;
  subjectRef: string;
}

export type ParsedRequest =
  | { kind: 'REQUEST'; request: ErasureRequest }
  | { kind: 'INVALID'; envelope: EnvelopeFacts; reason: FailureReason; requestId?: string }
  /** Our own events, which the intake rule should never deliver: answering them could loop. */
  | { kind: 'OWN_EVENT'; envelope: EnvelopeFacts };

type RawDetail = z.output<typeof erasureRequestedDetail>;

const MAX_ENVELOPE_TEXT = 256;

function envelopeOf(event: Record<string, unknown>): EnvelopeFacts {
  const pick = (key: string) => {
    const value = event[key];
    return typeof value === 'string' && value.length <= MAX_ENVELOPE_TEXT ? value : undefined;
  };
  const facts = { eventId: pick('id'), source: pick('source'), time: pick('time') };
  return { ...facts, account: pick('account'), region: pick('region') };
}

function invalid(envelope: EnvelopeFacts, field: string, rule: string, id?: string): ParsedRequest {
  const reason: FailureReason = { code: 'INVALID_REQUEST', field, message: `${field}: ${rule}` };
  return { kind: 'INVALID', envelope, reason, ...(id === undefined ? {} : { requestId: id }) };
}

export async function parseErasureRequest(event: unknown, now: Date): Promise<ParsedRequest> {
  if (!isPlainObject(event)) return invalid({}, 'event', 'must be an EventBridge event object');
  const envelope = envelopeOf(event);
  if (event.source === ERASURE_SOURCE) return { kind: 'OWN_EVENT', envelope };
  if (typeof event.source !== 'string' || event.source === '') return invalid(envelope, 'source', 'is required');
  if (event['detail-type'] !== ErasureDetailTypes.Requested) {
    return invalid(envelope, 'detail-type', `must be ${ErasureDetailTypes.Requested}`);
  }
  // The event's own `time`: recorded only, by the same rules as a claimed `requestedAt`.
  const time = claimedInstant.safeParse(event.time);
  if (!time.success) return invalid(envelope, 'time', firstProblem(event.time, time.error.issues).rule);
  const nowMs = now.getTime();
  if (isImplausiblyLate(time.data, nowMs)) return invalid(envelope, 'time', PLAUSIBLE_RULE);
  const eventTime = time.data;
  const parsed = erasureRequestedDetail.safeParse(event.detail);
  if (!parsed.success) {
    const { path, rule } = firstProblem(event.detail, parsed.error.issues);
    return invalid(envelope, formatPath(['detail', ...path]), rule, wellFormedRequestId(event.detail));
  }
  const detail: RawDetail = parsed.data;
  if (detail.requestedAt !== undefined && isImplausiblyLate(detail.requestedAt, nowMs)) {
    return invalid(envelope, 'detail.requestedAt', PLAUSIBLE_RULE, detail.requestId);
  }
  const subject = sortedSubject(detail.subject);
  const normalised: CleanupJob = { requestId: detail.requestId, dryRun: detail.dryRun ?? false, subjects: [subject] };
  return {
    kind: 'REQUEST',
    request: {
      envelope,
      requestId: detail.requestId,
      subject,
      receivedAt: now,
      eventTime,
      ...(detail.requestedAt === undefined ? {} : { requestedAt: detail.requestedAt }),
      ...(detail.requester === undefined ? {} : { requester: detail.requester }),
      dryRun: normalised.dryRun ?? false,
      job: normalised,
      requestHash: await jobFingerprint(normalised),
      subjectRef: await subjectRefOf(subject),
    },
  };
}

function sortedSubject(subject: SubjectSection): SubjectSection {
  return {
    ...(subject.userId === undefined ? {} : { userId: subject.userId }),
    ...(subject.externalImageIds === undefined ? {} : { externalImageIds: [...subject.externalImageIds].sort() }),
    ...(subject.collectionIds === undefined ? {} : { collectionIds: [...subject.collectionIds].sort() }),
  };
}

/** The requestId of a refused request, when it is itself valid: lets the requester match the ErasureFailed event. */
function wellFormedRequestId(detail: unknown): string | undefined {
  if (!isPlainObject(detail)) return undefined;
  const parsed = requestId.safeParse(detail.requestId);
  return parsed.success ? parsed.data : undefined;
}
