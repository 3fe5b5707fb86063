/**
 * Turns a finished erasure execution into its final receipt. Pure: the caller reads the execution.
 *
 * The receipt is evidence that is kept for good, so it must never hold the subject's raw ids. Structured fields
 * come from the report, which names subjects by subjectRef only; free text (error messages, causes) is dropped
 * when it contains any of the subject's ids, because an error message may quote its input.
 */
import { ErrorNames } from '../errors';
import type { CleanupReport } from '../report/types';
import type { FailureReason, ReceiptCollection, ReceiptFailure } from './events';
import type { ReceiptRecord } from './receipts-store';

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What DescribeExecution says about a closed execution. */
export interface ClosedExecution {
  executionArn: string;
  status: ExecutionStatus;
  startedAt?: string;
  finishedAt?: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface SettledReceipt {
  receipt: ReceiptRecord;
  /** Set when the erasure did not complete. */
  reason?: FailureReason;
}

/** The errors that end the workflow in JobRejected: the job was refused before its first delete. */
const REJECTIONS: ReadonlySet<string> = new Set([
  ErrorNames.InvalidJob,
  ErrorNames.MaxDeletionsExceeded,
  ErrorNames.SubjectTooBroad,
]);
const WITHHELD = '[withheld: may contain subject identifiers]';
const MAX_TEXT = 1000;

export function settleReceipt(
  pending: ReceiptRecord,
  execution: ClosedExecution,
  subjectIds: readonly string[],
  /** The job's whole report, or the record of what it did, from the job store: preferred to the execution's. */
  stored?: CleanupReport,
): SettledReceipt {
  const safe = (text: string | undefined) => safeText(text, subjectIds);
  const reported =
    execution.status === 'SUCCEEDED'
      ? parseReport(execution.output)
      : execution.error === ErrorNames.JobIncomplete
        ? parseReport(execution.cause)
        : undefined;
  // An execution that failed before its report still leaves the record of what it deleted: the receipt shows it.
  const report = stored ?? reported;

  const base: ReceiptRecord = {
    ...pending,
    executionArn: execution.executionArn,
    ...(execution.startedAt === undefined ? {} : { startedAt: execution.startedAt }),
    ...(execution.finishedAt === undefined ? {} : { finishedAt: execution.finishedAt }),
    ...(report === undefined ? {} : { reportStatus: report.status }),
    collections: report === undefined ? [] : receiptCollections(report, safe),
    failures: report === undefined ? [] : receiptFailures(report, safe),
  };

  if (execution.status === 'SUCCEEDED') {
    if (report?.dryRun ?? pending.dryRun) return { receipt: { ...base, status: 'DRY_RUN_COMPLETED' } };
    return { receipt: { ...base, status: report?.status === 'NEEDS_REVIEW' ? 'NEEDS_REVIEW' : 'COMPLETED' } };
  }
  const reason = failureReason(execution, reported === undefined ? undefined : report, base.failures, safe);
  const failures =
    reported !== undefined
      ? base.failures
      : [
          ...base.failures,
          {
            kind: 'execution',
            id: execution.executionArn,
            error: safe(execution.error) ?? execution.status,
            ...optional('detail', safe(execution.cause)),
          },
        ];
  return { receipt: { ...base, status: 'FAILED', failures, reason }, reason };
}

function failureReason(
  execution: ClosedExecution,
  report: CleanupReport | undefined,
  /** The report's failures as the receipt keeps them (text with a subject id withheld). */
  failures: readonly ReceiptFailure[],
  safe: (text: string | undefined) => string | undefined,
): FailureReason {
  if (report !== undefined) {
    const outcome = `${report.counts.failed} failures, ${report.deleted.faces} faces deleted`;
    // A mis-addressed request fails the same way however often it runs: the code says so, whatever else failed.
    const missing = [...new Set(failures.filter(isMissingCollection).map((failure) => failure.id))];
    if (missing.length > 0) return notFound(missing, outcome);
    return { code: 'INCOMPLETE', message: `the erasure is ${report.status}: ${outcome}` };
  }
  if (execution.status === 'TIMED_OUT') return { code: 'TIMED_OUT', message: 'the execution timed out' };
  if (execution.status === 'ABORTED') return { code: 'ABORTED', message: 'the execution was stopped' };
  const rejected = REJECTIONS.has(execution.error ?? '');
  const detail = safe(execution.cause) ?? safe(execution.error) ?? 'unknown error';
  return rejected
    ? { code: 'REJECTED_BY_WORKFLOW', message: `${execution.error}: ${detail}` }
    : { code: 'EXECUTION_FAILED', message: detail };
}

/** A collection named by the request (collectionIds) that does not exist: planFailures in plan-subjects.ts. */
function isMissingCollection(failure: ReceiptFailure): boolean {
  return failure.kind === 'subject' && failure.error === 'NOT_FOUND' && failure.id !== WITHHELD;
}

const MAX_NAMED = 10;

function notFound(collectionIds: string[], outcome: string): FailureReason {
  const named = collectionIds.slice(0, MAX_NAMED).map((id) => `"${id}"`);
  const more = collectionIds.length > MAX_NAMED ? ` and ${collectionIds.length - MAX_NAMED} more` : '';
  const which = collectionIds.length === 1 ? 'collection' : 'collections';
  return {
    code: 'NOT_FOUND',
    collectionIds,
    message: `the request names ${which} ${named.join(', ')}${more}, not found in this account and region: ${outcome}`,
  };
}

function receiptCollections(
  report: CleanupReport,
  safe: (text: string | undefined) => string | undefined,
): ReceiptCollection[] {
  return report.subjects.flatMap((subject) =>
    subject.collections.map((collection) => ({
      collectionId: collection.collectionId,
      outcome: collection.outcome,
      facesDeleted: collection.facesDeleted,
      faceIds: [...collection.faceIds],
      ...optional('userOutcome', collection.userOutcome),
      ...optional('needsReview', collection.needsReview && [...collection.needsReview]),
      ...optional('heldByOtherUsers', collection.heldByOtherUsers && [...collection.heldByOtherUsers]),
      ...optional('verifiedAbsent', collection.verifiedAbsent),
      ...optional('error', safe(collection.error)),
    })),
  );
}

function receiptFailures(report: CleanupReport, safe: (text: string | undefined) => string | undefined) {
  return report.failures.map((failure): ReceiptFailure => ({
    kind: failure.kind,
    id: safe(failure.id) ?? WITHHELD,
    error: safe(failure.error) ?? WITHHELD,
    ...optional('detail', safe(failure.detail)),
  }));
}

/** A report as the workflow outputs it (or as the cause of CleanupIncomplete); undefined when it is not one. */
function parseReport(json: string | undefined): CleanupReport | undefined {
  if (json === undefined) return undefined;
  try {
    const value = JSON.parse(json) as Partial<CleanupReport> | null;
    const looksRight =
      typeof value === 'object' &&
      value !== null &&
      typeof value.status === 'string' &&
      Array.isArray(value.subjects) &&
      Array.isArray(value.failures);
    return looksRight ? (value as CleanupReport) : undefined;
  } catch {
    return undefined;
  }
}

/** Free text from an execution, or WITHHELD when it contains any of the subject's ids; undefined stays undefined. */
export function safeText(text: string | undefined, subjectIds: readonly string[]): string | undefined {
  if (text === undefined) return undefined;
  if (subjectIds.some((id) => id !== '' && text.includes(id))) return WITHHELD;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
