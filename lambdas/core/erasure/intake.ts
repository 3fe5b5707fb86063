/**
 * The intake of GDPR erasure requests: check the requester, validate, record the receipt, start exactly one
 * execution per (requester, requestId).
 *
 * Invalid requests are answered (ErasureRejected for the invalid-requests queue, ErasureFailed for the requester)
 * and never thrown: EventBridge would only retry them. AWS errors are thrown, so the invocation is retried and,
 * once retries are exhausted, lands in the intake's dead-letter queue.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { isStoredJobRef, storedJobKey, storeJob } from '../job/stored-job';
import type { JobStore } from '../store/job-store';
import { erasureName } from './erasure-name';
import { ErasureDetailTypes, type FailureReason } from './events';
import { jobFingerprint } from './fingerprint';
import { type EnvelopeFacts, type ErasureRequest, parseErasureRequest } from './parse-request';
import { type ErasureBus, publish } from './publish';
import { createReceipt, getReceipt, markRejected, type ReceiptsTable } from './receipts-store';
import { nameTaken, receiptFor, refusalFor } from './intake-receipt';
import { takeIntoBatch } from './intake-batch';
import { type AllowedRequester, dryRunRefusal, requesterOf } from './requesters';

export interface IntakeDeps {
  sfn: SFNClient;
  bus: ErasureBus;
  receipts: ReceiptsTable;
  stateMachineArn: string;
  /** Who may ask; an empty list refuses every request. */
  requesters: readonly AllowedRequester[];
  /** Seconds from receipt to dueAt. */
  slaSeconds: number;
  /** Where the request's job is kept while it runs; the execution gets a reference to it. */
  jobs?: JobStore;
  /**
   * Requests within this many seconds share one execution (batches.ts); needs `jobs`. 0 or unset: one execution per
   * request.
   */
  batchWindowSeconds?: number;
  now?: () => Date;
}

export type IntakeOutcome =
  | {
      kind: 'STARTED' | 'DUPLICATE';
      requestId: string;
      executionArn: string;
      subjectRef: string;
      /** Set when the request joined an erasure batch: the execution is the batch's. */
      batchId?: string;
    }
  | { kind: 'REJECTED'; requestId?: string; reason: FailureReason; subjectRef?: string }
  | { kind: 'IGNORED'; why: string };

/** Without these, the event names no requester to check. */
const ENVELOPE_FIELDS: ReadonlySet<string | undefined> = new Set(['event', 'source']);

export async function takeErasureRequest(event: unknown, deps: IntakeDeps): Promise<IntakeOutcome> {
  const parsed = await parseErasureRequest(event, deps.now?.() ?? new Date());
  if (parsed.kind === 'OWN_EVENT') return { kind: 'IGNORED', why: 'published by rekognition-cleanup itself' };
  if (parsed.kind === 'INVALID' && ENVELOPE_FIELDS.has(parsed.reason.field)) {
    return reject(deps, parsed.envelope, parsed.reason, parsed.requestId);
  }
  // Before anything about the request itself, so an unlisted publisher learns nothing from the answer.
  const envelope = parsed.kind === 'INVALID' ? parsed.envelope : parsed.request.envelope;
  const requester = requesterOf(deps.requesters, envelope.source, envelope.account);
  const requestId = parsed.kind === 'INVALID' ? parsed.requestId : parsed.request.requestId;
  if ('code' in requester) return reject(deps, envelope, requester, requestId);
  if (parsed.kind === 'INVALID') return reject(deps, parsed.envelope, parsed.reason, parsed.requestId);

  const { request } = parsed;
  const dryRunRefused = dryRunRefusal(requester, request.dryRun);
  if (dryRunRefused !== undefined) return reject(deps, request.envelope, dryRunRefused, request.requestId);
  const name = erasureName(requester.source, request.requestId);
  if (deps.jobs !== undefined && (deps.batchWindowSeconds ?? 0) > 0) {
    const batched = await takeIntoBatch({ ...deps, jobs: deps.jobs }, request, requester.source, name);
    if ('refusal' in batched) {
      return reject(deps, request.envelope, batched.refusal, request.requestId, request.subjectRef);
    }
    return batched;
  }
  const executionArn = executionArnOf(deps.stateMachineArn, name);
  const fresh = receiptFor(request, requester.source, name, executionArn, deps.slaSeconds);
  const created = await createReceipt(deps.receipts, fresh);
  if (!created) {
    const existing = await getReceipt(deps.receipts, name);
    // Receipts are never deleted, so a failed conditional write means one exists: a vanished one is a bug.
    if (existing === undefined) throw new Error(`receipt ${name} exists and does not`);
    const refusal = refusalFor(existing, request);
    if (refusal !== undefined) return reject(deps, request.envelope, refusal, request.requestId, request.subjectRef);
    // Finished: this is a late redelivery. Starting again could reuse a name Step Functions has forgotten.
    if (existing.status !== 'IN_PROGRESS') return accepted('DUPLICATE', request, existing.executionArn);
  }
  return start(deps, request, name, executionArn, created);
}

async function start(
  deps: IntakeDeps,
  request: ErasureRequest,
  name: string,
  executionArn: string,
  created: boolean,
): Promise<IntakeOutcome> {
  try {
    // Standard workflows: the same name and input as a running execution returns that execution, not a second one.
    const output = await deps.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: deps.stateMachineArn,
        name,
        input: JSON.stringify(await executionInput(deps, request)),
      }),
    );
    return accepted(created ? 'STARTED' : 'DUPLICATE', request, output.executionArn ?? executionArn);
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
  // The name is taken by a closed execution, or by one with another input: only the input tells which.
  const { input } = await deps.sfn.send(new DescribeExecutionCommand({ executionArn }));
  if (input !== undefined && (await startedWith(input, request))) {
    return accepted('DUPLICATE', request, executionArn);
  }
  const reason = nameTaken();
  await markRejected(deps.receipts, name, reason);
  return reject(deps, request.envelope, reason, request.requestId, request.subjectRef);
}

/**
 * What the execution starts with: a reference to the job, which the job store keeps (encrypted with the stack's
 * key), so the subject's identifiers never enter the execution's input or its history. Without a store (tests of
 * the intake alone), the job itself.
 */
async function executionInput(deps: IntakeDeps, request: ErasureRequest): Promise<unknown> {
  return deps.jobs === undefined ? request.job : storeJob(deps.jobs, request.job);
}

/** The execution of this name was started with this request (by reference or, before stored jobs, inline). */
async function startedWith(input: string, request: ErasureRequest): Promise<boolean> {
  const parsed = parseJson(input);
  if (isStoredJobRef(parsed)) return parsed.storedJob === (await storedJobKey(request.job));
  return parsed !== undefined && (await jobFingerprint(parsed)) === request.requestHash;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function accepted(kind: 'STARTED' | 'DUPLICATE', request: ErasureRequest, executionArn: string): IntakeOutcome {
  return { kind, requestId: request.requestId, executionArn, subjectRef: request.subjectRef };
}

async function reject(
  deps: IntakeDeps,
  envelope: EnvelopeFacts,
  reason: FailureReason,
  requestId?: string,
  subjectRef?: string,
): Promise<IntakeOutcome> {
  const id = requestId === undefined ? {} : { requestId };
  await publish(deps.bus, [
    {
      detailType: ErasureDetailTypes.Rejected,
      detail: { ...id, reason, ...(subjectRef === undefined ? {} : { subjectRef }), request: envelope },
    },
    {
      detailType: ErasureDetailTypes.Failed,
      detail: {
        ...id,
        status: 'REJECTED',
        reason,
        ...(envelope.eventId === undefined ? {} : { requestEventId: envelope.eventId }),
      },
    },
  ]);
  return { kind: 'REJECTED', ...id, reason, ...(subjectRef === undefined ? {} : { subjectRef }) };
}

/** arn:<p>:states:<r>:<a>:stateMachine:<name> -> arn:<p>:states:<r>:<a>:execution:<name>:<executionName> */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}
