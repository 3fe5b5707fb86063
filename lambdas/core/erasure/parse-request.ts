/**
 * Turns an `ErasureRequested` event into a validated cleanup job, or into the reason it is refused. Total: any
 * input yields one or the other, never an exception, because an exception would make EventBridge retry a request
 * that can never succeed. Reasons name fields and rules, never values (the values may be personal data).
 */
import { InvalidJobError } from '../errors';
import { requestId } from '../job/id-formats';
import { boolean, expectObject, fail, isPlainObject, type Rule, record, text } from '../job/rules';
import type { CleanupJob, SubjectSection } from '../job/types';
import { validateJob } from '../job/validate';
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

interface RawDetail {
  requestId: string;
  subject: Record<string, unknown>;
  requestedAt?: string;
  requester?: string;
  dryRun?: boolean;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_RULE = 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T09:30:00Z';

/** Strict ISO-8601 instant: Date.parse alone would accept 2026-02-30 and zone-less local times. */
function parseInstant(value: string): Date | undefined {
  const match = value.length > 40 ? null : ISO_INSTANT.exec(value);
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
 * Claimed times are recorded, never used for deadlines; a time before this, or in the future, is refused all the
 * same, because a receipt that says 1970 is false evidence and the publisher should hear about it.
 */
const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
/** Clock skew between the publisher and the intake. */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;
const PLAUSIBLE_RULE =
  'must be between 2000-01-01T00:00:00Z and one hour after the request reached rekognition-cleanup';

function plausibleInstant(value: unknown, path: string, nowMs: number): string {
  const parsed = typeof value === 'string' ? parseInstant(value) : undefined;
  if (parsed === undefined) fail(path, ISO_RULE);
  if (parsed.getTime() < EARLIEST_PLAUSIBLE_MS || parsed.getTime() > nowMs + FUTURE_TOLERANCE_MS) {
    fail(path, PLAUSIBLE_RULE);
  }
  return parsed.toISOString();
}

const instant: Rule<string> = (value, path, context) => plausibleInstant(value, path, context.nowMs);

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

/** Checked as an object here; its fields are validateJob's job, as `subjects[0]`. */
const subjectObject: Rule<Record<string, unknown>> = (value, path) => expectObject(value, path);

const detailRule = record<RawDetail>({
  fields: { requestId, subject: subjectObject, requestedAt: instant, requester, dryRun: boolean },
  required: ['requestId', 'subject'],
});

const MAX_ENVELOPE_TEXT = 256;

function envelopeOf(event: Record<string, unknown>): EnvelopeFacts {
  const pick = (key: string) => {
    const value = event[key];
    return typeof value === 'string' && value.length <= MAX_ENVELOPE_TEXT ? value : undefined;
  };
  const facts = { eventId: pick('id'), source: pick('source'), time: pick('time') };
  return { ...facts, account: pick('account'), region: pick('region') };
}

/** validateJob names fields of the job; the caller sent a detail: `subjects[0].userId` -> `detail.subject.userId`. */
function detailPath(jobField: string): string {
  if (jobField === 'job') return 'detail';
  if (jobField.startsWith('subjects[0]')) return `detail.subject${jobField.slice('subjects[0]'.length)}`;
  return `detail.${jobField}`;
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
  let eventTime: string;
  let detail: RawDetail;
  try {
    eventTime = plausibleInstant(event.time, 'time', now.getTime());
    detail = detailRule(event.detail, 'detail', { nowMs: now.getTime() });
  } catch (error) {
    if (!(error instanceof InvalidJobError)) throw error;
    return invalid(envelope, error.field, error.rule, wellFormedRequestId(event.detail));
  }

  let job: CleanupJob;
  try {
    job = validateJob({ requestId: detail.requestId, dryRun: detail.dryRun, subjects: [detail.subject] }, now);
  } catch (error) {
    if (!(error instanceof InvalidJobError)) throw error;
    return invalid(envelope, detailPath(error.field), error.rule, detail.requestId);
  }
  const subject = sortedSubject(job.subjects?.[0] ?? {});
  const normalised: CleanupJob = { requestId: detail.requestId, dryRun: job.dryRun ?? false, subjects: [subject] };
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
  try {
    return requestId(detail.requestId, 'detail.requestId', { nowMs: 0 });
  } catch {
    return undefined;
  }
}
