import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { ReceiptRecord } from '../../../lambdas/core/erasure/receipts-store';

/** Every receipt of the table. A privacy team's table holds thousands, not millions: one paginated Scan. */
export async function allReceipts(client: DynamoDBDocumentClient, tableName: string): Promise<ReceiptRecord[]> {
  const receipts: ReceiptRecord[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) {
    receipts.push(...((page.Items ?? []) as ReceiptRecord[]));
  }
  return receipts.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));
}

export interface ReceiptFilter {
  /** Still IN_PROGRESS. */
  open?: boolean;
  /** IN_PROGRESS past its dueAt at `now`. */
  overdue?: boolean;
  /** Received at or after. */
  since?: Date;
  requestId?: string;
  subjectRef?: string;
}

export function filterReceipts(receipts: readonly ReceiptRecord[], filter: ReceiptFilter, now: Date): ReceiptRecord[] {
  return receipts.filter(
    (receipt) =>
      (filter.open !== true || receipt.status === 'IN_PROGRESS') &&
      (filter.overdue !== true || (receipt.status === 'IN_PROGRESS' && new Date(receipt.dueAt) < now)) &&
      (filter.since === undefined || new Date(receipt.receivedAt) >= filter.since) &&
      (filter.requestId === undefined || receipt.requestId === filter.requestId) &&
      (filter.subjectRef === undefined ||
        receipt.subjectRef === filter.subjectRef ||
        (receipt.subjectRefs ?? []).includes(filter.subjectRef)),
  );
}
