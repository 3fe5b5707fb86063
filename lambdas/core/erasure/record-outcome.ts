/**
 * The receipt function's core: one execution ended. For an erasure it started, the intake's request gets its receipt
 * (or, for an erasure batch, each member request its own); other executions are ignored.
 *
 * The event's own input and output fields may be missing when large, so the execution is read back with
 * DescribeExecution. Delivery is at least once: a repeated event rewrites the same receipt and publishes again.
 */
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { isPlainObject } from '../schema/issue-path';
import { isStoredJobRef } from '../job/stored-job';
import type { JobStore } from '../store/job-store';
import { isBatchInput } from './batches';
import { executionNameOf } from './erasure-name';
import { closedExecutionOf, erasureRequestOf, jobRecord } from './execution-record';
import { type RecordedOutcome, settleAndPublish } from './outcome-event';
import type { ErasureBus } from './publish';
import { getReceipt, type ReceiptsTable } from './receipts-store';
import { settleBatch } from './settle-batch';

export { publishedReceipt } from './outcome-event';
export type { RecordedOutcome } from './outcome-event';

export interface OutcomeDeps {
  sfn: SFNClient;
  bus: ErasureBus;
  receipts: ReceiptsTable;
  /** Where the job's whole report, or the record of what it did, is kept. */
  jobs?: JobStore;
}

export type OutcomeResult =
  | { kind: 'IGNORED'; why: string }
  | RecordedOutcome
  /** An erasure batch's execution: one receipt per member request. */
  | { kind: 'BATCH'; batchId: string; recorded: RecordedOutcome[] };

const CLOSED: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export async function recordErasureOutcome(event: unknown, deps: OutcomeDeps): Promise<OutcomeResult> {
  const detail = isPlainObject(event) && isPlainObject(event.detail) ? event.detail : {};
  const executionArn = detail.executionArn;
  if (typeof executionArn !== 'string') return { kind: 'IGNORED', why: 'the event names no execution' };

  const execution = await deps.sfn.send(new DescribeExecutionCommand({ executionArn }));
  // A redriven execution runs again: its next status change will settle the receipt.
  if (execution.status === undefined || !CLOSED.has(execution.status)) {
    return { kind: 'IGNORED', why: `the execution is ${execution.status ?? 'in an unknown state'}` };
  }
  const input = parseJson(execution.input);
  if (isBatchInput(input)) {
    if (deps.jobs === undefined) return { kind: 'IGNORED', why: 'an erasure batch, and no job store to read it from' };
    const recorded = await settleBatch(
      { ...deps, jobs: deps.jobs },
      input.erasureBatch,
      closedExecutionOf(executionArn, execution),
      execution,
    );
    return { kind: 'BATCH', batchId: input.erasureBatch, recorded };
  }
  const stored = storedInputOf(execution.input);
  const job = stored === undefined ? parseJson(execution.input) : await deps.jobs?.getInput(stored);
  const request = erasureRequestOf(job);
  if (request === undefined) {
    return {
      kind: 'IGNORED',
      why:
        stored === undefined
          ? 'not an erasure request (no requestId and subjects)'
          : 'its stored job is gone: the erasure was settled already and its subject deleted',
    };
  }
  const pending = await getReceipt(deps.receipts, executionNameOf(executionArn));
  if (pending === undefined || pending.executionArn !== executionArn) {
    return { kind: 'IGNORED', why: 'not started by the erasure intake' };
  }

  const record = await jobRecord(deps.jobs, executionArn, execution);
  const recorded = await settleAndPublish(
    deps,
    pending,
    closedExecutionOf(executionArn, execution),
    request.subjectIds,
    record,
  );
  if (recorded === undefined) return { kind: 'IGNORED', why: 'the receipt belongs to another execution' };
  // Settled: the receipt keeps the pseudonym only, and the raw subject goes. A redelivered event finds it gone.
  if (stored !== undefined) await deps.jobs?.deleteInput(stored);
  return recorded;
}

/** The key of the stored job an execution was started with, if it was started by reference. */
function storedInputOf(input: string | undefined): string | undefined {
  const parsed = parseJson(input);
  return isStoredJobRef(parsed) ? parsed.storedJob : undefined;
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return undefined;
  }
}
