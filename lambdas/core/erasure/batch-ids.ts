/** An erasure batch's id, the name of its execution and that execution's input: references, no personal data. */
import { randomBytes } from 'node:crypto';

const BATCH_ID = /^[0-9a-f]{32}$/;

/** The execution input of a batch: its Wait, then CloseErasureBatch, which turns it into `{ storedJob }`. */
export interface BatchExecutionInput {
  erasureBatch: string;
}

export function newBatchId(): string {
  return randomBytes(16).toString('hex');
}

export function isBatchId(value: unknown): value is string {
  return typeof value === 'string' && BATCH_ID.test(value);
}

/** The batch's execution name: one execution per batch, whoever of its members starts it. */
export function batchExecutionName(batchId: string): string {
  return `erasure-batch-${batchId}`;
}

export function isBatchInput(input: unknown): input is BatchExecutionInput {
  return (
    typeof input === 'object' &&
    input !== null &&
    Object.keys(input).length === 1 &&
    isBatchId((input as { erasureBatch?: unknown }).erasureBatch)
  );
}
