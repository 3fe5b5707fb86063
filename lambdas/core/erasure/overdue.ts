import { type OpenErasure, queryInProgress, type ReceiptsTable } from './receipts-store';

export interface OverdueReport {
  /** Erasures still IN_PROGRESS past their dueAt. */
  count: number;
  /** The most overdue first, at most `sample` of them: request ids are the callers' keys, not personal data. */
  oldest: OpenErasure[];
  /** Erasures IN_PROGRESS, overdue or not. */
  open: number;
  /** The earliest dueAt first, at most `sample` of them, overdue ones included: the deadlines the dashboard lists. */
  soonest: OpenErasure[];
  /** Seconds from now to the earliest dueAt of an open erasure, 0 once it is past; undefined when none is open. */
  secondsToNextDeadline?: number;
}

/**
 * The open erasures and their deadlines (dueAt: receivedAt + the erasure SLA), from one query of the status index,
 * which returns them in dueAt order: those past their dueAt are overdue.
 */
export async function findOverdueErasures(
  receipts: ReceiptsTable,
  indexName: string,
  now: Date,
  sample = 20,
): Promise<OverdueReport> {
  // Sorted here too: the order is the index's, but the report must not depend on a fake or an emulator honouring it.
  const open = [...(await queryInProgress(receipts, indexName))].sort((a, b) => compare(a.dueAt, b.dueAt));
  // ISO-8601 UTC strings, compared as the index compares them.
  const overdue = open.filter((erasure) => erasure.dueAt < now.toISOString());
  const next = open[0];
  return {
    count: overdue.length,
    oldest: overdue.slice(0, sample),
    open: open.length,
    soonest: open.slice(0, sample),
    ...(next === undefined ? {} : { secondsToNextDeadline: secondsUntil(next.dueAt, now) }),
  };
}

/** An unreadable dueAt counts as due now: a deadline nobody can read must not look far away. */
function secondsUntil(dueAt: string, now: Date): number {
  const due = Date.parse(dueAt);
  return Number.isNaN(due) ? 0 : Math.max(0, Math.floor((due - now.getTime()) / 1000));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
