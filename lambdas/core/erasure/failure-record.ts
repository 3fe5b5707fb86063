/**
 * What the erasure dead-letter queues hold when an erasure function fails for good (Lambda's retries exhausted, a
 * timeout, a crash): which request or execution it was and why, never the event. The event of a request carries the
 * subject's ids, so the record is cut down by EventBridge itself (an input transformer over Lambda's invocation
 * record, lib/constructs/failure-records.ts) before anything is written to a queue.
 *
 * `reference` says how to find the work again: for the intake, the requester's `source` and `requestId` (which name
 * the erasure: erasureName(source, requestId), and its receipt, if one was written) and the event id; for the
 * receipt function, the execution ARN. Ask the requester to send the request again (it is idempotent), or redrive
 * the receipt by hand (README, "Security").
 */
export interface ErasureFailureRecord {
  /** The function that failed: "erasure-intake", "erasure-receipt" or "erasure-overdue". */
  failed: string;
  /** Lambda's condition: RetriesExhausted, EventAgeExceeded... */
  condition: string;
  /** The error's name (errorType) only: messages are free text, and may quote their input. */
  error: string;
  reference: Record<string, string | null>;
}

/**
 * For each function, where its reference fields are in the event it was invoked with (JSONPath, from the
 * invocation record's requestPayload). Only fields that cannot hold a subject's ids.
 */
export const FAILURE_REFERENCES = {
  'erasure-intake': { source: '$.source', eventId: '$.id', requestId: '$.detail.requestId' },
  'erasure-receipt': { executionArn: '$.detail.executionArn', status: '$.detail.status' },
  'erasure-overdue': { scheduledAt: '$.time' },
} as const satisfies Record<string, Record<string, string>>;

export type FailureRecordingFunction = keyof typeof FAILURE_REFERENCES;
