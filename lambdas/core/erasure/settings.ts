import { functionEnv } from '../function-env';
/**
 * What the erasure functions read from their environment (set by lib/constructs/erasure-*.ts). A missing value is
 * a deployment bug: fail loudly on the first invocation rather than write receipts to nowhere.
 */

export const ErasureEnv = {
  StateMachineArn: 'STATE_MACHINE_ARN',
  EventBusName: 'ERASURE_EVENT_BUS_NAME',
  ReceiptsTable: 'RECEIPTS_TABLE_NAME',
  ReceiptsStatusIndex: 'RECEIPTS_STATUS_INDEX',
  SlaSeconds: 'ERASURE_SLA_SECONDS',
  /** Seconds an erasure batch collects requests; 0: one execution per request. */
  BatchWindowSeconds: 'ERASURE_BATCH_WINDOW_SECONDS',
  /** JSON AllowedRequester[] (see requesters.ts). */
  Requesters: 'ERASURE_REQUESTERS',
} as const;

export function requiredEnv(name: string, env: NodeJS.ProcessEnv = functionEnv()): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

export function slaSecondsFromEnv(env: NodeJS.ProcessEnv = functionEnv()): number {
  const value = Number(requiredEnv(ErasureEnv.SlaSeconds, env));
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${ErasureEnv.SlaSeconds} must be a positive integer`);
  return value;
}

/** 0 (or unset, for a stack deployed before batching) starts one execution per request. */
export function batchWindowSecondsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env[ErasureEnv.BatchWindowSeconds] ?? '0');
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${ErasureEnv.BatchWindowSeconds} must be a whole number of seconds`);
  }
  return value;
}
