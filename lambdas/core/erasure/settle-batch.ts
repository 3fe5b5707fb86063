/**
 * An erasure batch's execution ended: each member request gets its own receipt and its own event, from its own
 * share of the batch's report (member-report.ts). One request's failure (a collection it names that does not
 * exist) fails that request only; a failure of the execution itself (timed out, stopped, refused as a whole) is
 * every member's. A batch whose execution ended before closing it is closed here, so no request joins it late.
 */
import { ErrorNames } from '../errors';
import type { CleanupJob } from '../job/types';
import type { CleanupReport } from '../report/types';
import type { JobStore } from '../store/job-store';
import { type BatchPlan, ErasureBatches } from './batches';
import { erasureRequestOf, jobRecord } from './execution-record';
import { memberReport } from './member-report';
import { type RecordedOutcome, settleAndPublish } from './outcome-event';
import type { ErasureBus } from './publish';
import { getReceipt, type ReceiptsTable } from './receipts-store';
import type { ClosedExecution } from './settle-receipt';

export interface BatchOutcomeDeps {
  bus: ErasureBus;
  receipts: ReceiptsTable;
  jobs: JobStore;
}

export async function settleBatch(
  deps: BatchOutcomeDeps,
  batchId: string,
  execution: ClosedExecution,
  described: { output?: string; cause?: string; startDate?: Date },
): Promise<RecordedOutcome[]> {
  const batches = new ErasureBatches(deps.jobs);
  const members = (await batches.close(batchId)) ?? [];
  const plan = await batches.planned(batchId);
  const record = plan === undefined ? undefined : await jobRecord(deps.jobs, execution.executionArn, described);
  const jobs = await Promise.all(members.map((member) => deps.jobs.getInput<CleanupJob>(member.storedJob)));
  // Free text is withheld if it holds any member's ids: one member's error may quote another's subject.
  const everyId = jobs.flatMap((job) => erasureRequestOf(job)?.subjectIds ?? []);

  const recorded: RecordedOutcome[] = [];
  for (const [position, member] of members.entries()) {
    // Gone: settled by an earlier delivery of this event (its subject deleted then).
    if (jobs[position] === undefined) continue;
    const pending = await getReceipt(deps.receipts, member.receiptKey);
    // Moved to a later batch before joining this one: that batch settles it, and its stored job is that batch's.
    if (pending === undefined || pending.executionArn !== execution.executionArn) continue;
    const share = memberShare(plan, member.receiptKey, pending.requestId, execution, record);
    const outcome = await settleAndPublish(deps, pending, share.execution, everyId, share.report);
    if (outcome === undefined) continue;
    recorded.push(outcome);
    await deps.jobs.deleteInput(member.storedJob);
  }
  if (plan !== undefined) await deps.jobs.deleteInput(plan.jobKey);
  return recorded;
}

/** How the execution ended for one member: its own report when there is one, else the execution's own end. */
function memberShare(
  plan: BatchPlan | undefined,
  receiptKey: string,
  requestId: string,
  execution: ClosedExecution,
  record: CleanupReport | undefined,
): { execution: ClosedExecution; report?: CleanupReport } {
  const subjectIndex = plan?.members.find((m) => m.receiptKey === receiptKey)?.subjectIndex;
  if (plan !== undefined && subjectIndex === undefined) {
    return {
      execution: {
        ...execution,
        status: 'FAILED',
        error: 'ErasureBatchMemberLost',
        cause: "the request's stored job was gone when its batch closed; send the request again with a new requestId",
      },
    };
  }
  if (subjectIndex === undefined || record === undefined) return { execution };
  const report = memberReport(record, subjectIndex, requestId);
  const ranToReport =
    execution.status === 'SUCCEEDED' || (execution.status === 'FAILED' && execution.error === ErrorNames.JobIncomplete);
  if (!ranToReport) return { execution, report };
  const json = JSON.stringify(report);
  const { output: _output, error: _error, cause: _cause, ...closed } = execution;
  return report.status === 'SUCCEEDED' || report.status === 'NEEDS_REVIEW'
    ? { execution: { ...closed, status: 'SUCCEEDED', output: json }, report }
    : { execution: { ...closed, status: 'FAILED', error: ErrorNames.JobIncomplete, cause: json }, report };
}
