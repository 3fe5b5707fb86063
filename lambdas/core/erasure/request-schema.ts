/**
 * The `detail` of `ErasureRequested`, what other services send, defined once: its type (events.ts), the intake's
 * validation (parse-request.ts) and its published JSON Schema come from here. Reasons name fields and rules, never
 * values (the values may be personal data).
 */
import * as z from 'zod/mini';
import { requestId } from '../job/id-formats';
import { subjectEntry } from '../job/job-schema';
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
