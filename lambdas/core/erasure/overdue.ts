import { type OverdueErasure, queryOverdue, type ReceiptsTable } from './receipts-store';

export interface OverdueReport {
  count: number;
  /** The most overdue first, at most `sample` of them: request ids are the callers' keys, not personal data. */
  oldest: OverdueErasure[];
}

/** Erasures still IN_PROGRESS past their dueAt (receivedAt + the erasure SLA). */
export async function findOverdueErasures(
  receipts: ReceiptsTable,
  indexName: string,
  now: Date,
  sample = 20,
): Promise<OverdueReport> {
  const overdue = await queryOverdue(receipts, indexName, now);
  const oldest = [...overdue].sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0)).slice(0, sample);
  return { count: overdue.length, oldest };
}
