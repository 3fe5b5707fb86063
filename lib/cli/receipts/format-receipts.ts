import type { ReceiptRecord } from '../../../lambdas/core/erasure/receipts-store';
import { publishedReceipt } from '../../../lambdas/core/erasure/record-outcome';

/** The columns of `list` and of the CSV export, in order: what a data protection officer reads first. */
const COLUMNS = [
  ['requestId', (r) => r.requestId],
  ['source', (r) => r.requestSource],
  ['requester', (r) => r.requester ?? ''],
  ['status', (r) => r.status],
  ['dryRun', (r) => String(r.dryRun)],
  ['receivedAt', (r) => r.receivedAt],
  ['dueAt', (r) => r.dueAt],
  ['legalDeadline', (r) => r.legalDeadline],
  ['finishedAt', (r) => r.finishedAt ?? ''],
  ['facesDeleted', (r) => String(r.collections.reduce((sum, c) => sum + c.facesDeleted, 0))],
  ['subjectRef', (r) => r.subjectRef],
] as const satisfies readonly (readonly [string, (receipt: ReceiptRecord) => string])[];

const LIST_COLUMNS = new Set(['requestId', 'source', 'requester', 'status', 'receivedAt', 'dueAt', 'legalDeadline']);

/** An aligned table, with OVERDUE on erasures still running past their dueAt. */
export function receiptTable(receipts: readonly ReceiptRecord[], now: Date): string {
  if (receipts.length === 0) return 'no receipts';
  const columns = COLUMNS.filter(([name]) => LIST_COLUMNS.has(name));
  const rows = [
    columns.map(([name]) => name),
    ...receipts.map((receipt) =>
      columns.map(([name, value]) =>
        name === 'status' && receipt.status === 'IN_PROGRESS' && new Date(receipt.dueAt) < now
          ? 'IN_PROGRESS (OVERDUE)'
          : value(receipt),
      ),
    ),
  ];
  const widths = columns.map((_, index) => Math.max(...rows.map((row) => row[index]?.length ?? 0)));
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** RFC 4180: every field quoted, quotes doubled; `requester` is free text. */
export function receiptsCsv(receipts: readonly ReceiptRecord[]): string {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const header = COLUMNS.map(([name]) => quote(name)).join(',');
  const lines = receipts.map((receipt) => COLUMNS.map(([, value]) => quote(value(receipt))).join(','));
  return [header, ...lines].join('\r\n');
}

/** The receipts as requesters receive them: without the intake's bookkeeping (request hash, event id). */
export function receiptsJson(receipts: readonly ReceiptRecord[]): string {
  return JSON.stringify(
    receipts.map((receipt) => publishedReceipt(receipt, Number.POSITIVE_INFINITY)),
    null,
    2,
  );
}
