/**
 * The intake's batched path: a valid request is stored (its subject in the job store only), its receipt names the
 * batch it joins, it joins the open batch (batches.ts), and the batch's execution is started, by every member:
 * Step Functions starts one execution per name, so whichever member's intake runs first starts it, and a member
 * whose first attempt crashed starts it on its retry.
 *
 * Each request keeps its own receipt, deadline and idempotency: the same request again finds its receipt, and joins
 * (or finds itself in) the batch that receipt names, never a second one.
 */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { storedJobKey } from '../job/stored-job';
import type { JobStore } from '../store/job-store';
import { batchExecutionName, type BatchExecutionInput, type BatchKind, ErasureBatches } from './batches';
import type { FailureReason } from './events';
import { receiptFor, refusalFor } from './intake-receipt';
import type { ErasureRequest } from './parse-request';
import { createReceipt, getReceipt, type ReceiptRecord, type ReceiptsTable, retargetReceipt } from './receipts-store';

export interface BatchIntakeDeps {
  sfn: SFNClient;
  receipts: ReceiptsTable;
  stateMachineArn: string;
  slaSeconds: number;
  jobs: JobStore;
  now?: () => Date;
}

export type BatchIntakeOutcome =
  | { kind: 'STARTED' | 'DUPLICATE'; requestId: string; executionArn: string; subjectRef: string; batchId: string }
  | { refusal: FailureReason };

export async function takeIntoBatch(
  deps: BatchIntakeDeps,
  request: ErasureRequest,
  source: string,
  receiptKey: string,
): Promise<BatchIntakeOutcome> {
  const batches = new ErasureBatches(deps.jobs, deps.now);
  const kind: BatchKind = request.dryRun ? 'DRY_RUN' : 'REAL';
  const arnOf = (batchId: string) => executionArn(deps.stateMachineArn, batchExecutionName(batchId));

  let receipt = await getReceipt(deps.receipts, receiptKey);
  let created = false;
  if (receipt === undefined) {
    const target = await batches.candidate(kind);
    const fresh: ReceiptRecord = {
      ...receiptFor(request, source, receiptKey, arnOf(target), deps.slaSeconds),
      batchId: target,
    };
    created = await createReceipt(deps.receipts, fresh);
    receipt = created ? fresh : await getReceipt(deps.receipts, receiptKey);
    // Receipts are never deleted, so a failed conditional write means one exists: a vanished one is a bug.
    if (receipt === undefined) throw new Error(`receipt ${receiptKey} exists and does not`);
  }
  if (!created) {
    const refusal = refusalFor(receipt, request);
    if (refusal !== undefined) return { refusal };
    // Settled: a late redelivery. Its batch is over; joining another would erase again under the same receipt.
    if (receipt.status !== 'IN_PROGRESS' || receipt.batchId === undefined) {
      return duplicate(request, receipt.executionArn, receipt.batchId ?? '');
    }
  }
  const { batchId } = receipt;
  if (batchId === undefined) throw new Error(`receipt ${receiptKey} names no batch`);

  const storedJob = await storedJobKey(request.job);
  await deps.jobs.putInput(storedJob, request.job);
  let current: ReceiptRecord = receipt;
  const joined = await batches.join(kind, { receiptKey, storedJob }, batchId, async (next) => {
    const moved: ReceiptRecord = { ...current, batchId: next, executionArn: arnOf(next) };
    if (!(await retargetReceipt(deps.receipts, moved, current.executionArn))) {
      throw new Error(`receipt ${receiptKey} changed while its request was joining a batch; the event is retried`);
    }
    current = moved;
  });

  const arn = arnOf(joined.batchId);
  await startBatch(deps, joined.batchId);
  const outcome = { requestId: request.requestId, executionArn: arn, subjectRef: request.subjectRef };
  return { kind: created ? 'STARTED' : 'DUPLICATE', ...outcome, batchId: joined.batchId };
}

/**
 * Starts the batch's execution. Its name is the batch's and its input the same for every member: while it runs,
 * Step Functions returns it again; once closed (the batch settled), the name stays taken, and that is fine too.
 */
async function startBatch(deps: BatchIntakeDeps, batchId: string): Promise<void> {
  const input: BatchExecutionInput = { erasureBatch: batchId };
  try {
    await deps.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: deps.stateMachineArn,
        name: batchExecutionName(batchId),
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

function duplicate(request: ErasureRequest, arn: string, batchId: string): BatchIntakeOutcome {
  return {
    kind: 'DUPLICATE',
    requestId: request.requestId,
    executionArn: arn,
    subjectRef: request.subjectRef,
    batchId,
  };
}

function executionArn(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
