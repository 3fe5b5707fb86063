/**
 * `createdBefore`: an ISO-8601 date-time with an explicit time zone, no later than the validation instant. The
 * schema checks the form and normalises to UTC; "not later than now" needs the validation instant, so validateJob
 * checks it once the job is otherwise valid (`futureCutOffProblem`).
 *
 * Date.parse is not used to validate: it accepts 2026-02-30 (rolling over to March), reads a date-time without a
 * zone as local time, and takes many non-ISO forms. A cut-off that silently moves, or one in the future (which
 * would match every collection), is exactly what must be refused before deleting anything.
 */
import * as z from 'zod/mini';
import { rule } from '../schema/fields';

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const FORMAT_RULE =
  'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T00:00:00Z or 2026-01-31T00:00:00+02:00';
export const FUTURE_RULE = 'must not be later than now (a future cut-off would match everything)';
const MS_PER_MINUTE = 60_000;
/** 0000-01-01T00:00:00Z. Earlier instants (year 0000 with a positive offset) have no four-digit UTC form. */
const EARLIEST_INSTANT = Date.parse('0000-01-01T00:00:00Z');

const DAYS_PER_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_PER_MONTH[month - 1] ?? 0);
}

/** Milliseconds since the epoch, or undefined when any component is out of range. */
function parseIsoInstant(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetMinutes = parseOffsetMinutes(zone);
  if (offsetMinutes === undefined) return undefined;
  // Sub-millisecond digits are truncated: an earlier cut-off can only select less.
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  // Date.UTC maps years 0-99 to 1900-1999; setting the year afterwards keeps every four-digit year exact.
  utc.setUTCFullYear(year);
  return utc.getTime() - offsetMinutes * MS_PER_MINUTE;
}

function parseOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Normalised to UTC (`toISOString`) so that later steps compare one unambiguous form. */
export const createdBefore = z.string({ error: 'must be a string' }).check(
  z.maxLength(40, { error: FORMAT_RULE, abort: true }),
  z.regex(ISO_DATE_TIME, { error: FORMAT_RULE, abort: true }),
  rule<string>((value) => {
    const instant = parseIsoInstant(value);
    return instant === undefined || instant < EARLIEST_INSTANT ? { message: FORMAT_RULE } : undefined;
  }),
  z.overwrite((value) => new Date(parseIsoInstant(value) ?? Number.NaN).toISOString()),
);

/** The cut-off, already normalised, is later than the validation instant. */
export function isFutureCutOff(normalised: string, nowMs: number): boolean {
  return Date.parse(normalised) > nowMs;
}
