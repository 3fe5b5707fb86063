/**
 * Deadlines of an erasure request, all counted from its receipt. GDPR Art. 12(3) gives one month; a period in
 * months ends on the same day of the following month, or on its last day when it has no such day (Regulation
 * 1182/71, Art. 3(2)(c)): 31 January -> 28 (or 29) February.
 */

const MS_PER_SECOND = 1000;

export interface ErasureDeadlines {
  receivedAt: string;
  dueAt: string;
  legalDeadline: string;
}

export function erasureDeadlines(receivedAt: Date, slaSeconds: number): ErasureDeadlines {
  return {
    receivedAt: receivedAt.toISOString(),
    dueAt: new Date(receivedAt.getTime() + slaSeconds * MS_PER_SECOND).toISOString(),
    legalDeadline: addCalendarMonths(receivedAt, 1).toISOString(),
  };
}

/** Same day and time `months` later (in UTC), clamped to the last day of a shorter month. */
export function addCalendarMonths(instant: Date, months: number): Date {
  const target = new Date(instant.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}
