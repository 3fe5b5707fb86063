const MS_PER_DAY = 86_400_000;

/**
 * "More than N days before the job's start": ages count from the execution's start, not the clock, so a retried
 * Plan decides the same. A resource without a creation time has no provable age and never matches.
 */
export function isOlderThan(createdAt: Date | undefined, days: number, startedAtMs: number): boolean {
  return createdAt !== undefined && createdAt.getTime() < startedAtMs - days * MS_PER_DAY;
}

/** Strictly before the ISO cut-off (already validated and normalised to UTC). */
export function isCreatedBefore(createdAt: Date | undefined, cutOff: string): boolean {
  return createdAt !== undefined && createdAt.getTime() < Date.parse(cutOff);
}

export function daysText(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}
