import { recordOperatorErasure } from '../../lambdas/core/erasure/operator-erasure';
import { type ReceiptRecord, saveFinalReceipt } from '../../lambdas/core/erasure/receipts-store';
import { settleReceipt } from '../../lambdas/core/erasure/settle-receipt';
import type { CleanupJob } from '../../lambdas/core/job/types';
import type { CleanupReport } from '../../lambdas/core/report/types';
import { type LocalReceipts, openLocalReceipts } from '../../local/store/local-receipts';
import { UsageError } from './io';

/** The stack's default SLA: local erasures get the deadlines a deployed one would. */
const LOCAL_SLA_SECONDS = 86_400;

/**
 * A local erasure's receipt, in the local receipts table: recorded IN_PROGRESS before the run and settled after it
 * by the same step as the stack's receipt function (settleReceipt), so local and deployed receipts are alike.
 */
export class LocalErasureReceipt {
  private pending?: ReceiptRecord;

  private constructor(
    private readonly receipts: LocalReceipts,
    private readonly job: CleanupJob & { requestId: string },
    private readonly raw: unknown,
    private readonly now: () => Date,
  ) {}

  static async open(job: CleanupJob & { requestId: string }, raw: unknown, now: () => Date) {
    return new LocalErasureReceipt(await openLocalReceipts(), job, raw, now);
  }

  /** Before the run starts. */
  async record(executionArn: string): Promise<ReceiptRecord> {
    const recorded = await recordOperatorErasure(this.receipts.table, {
      job: this.job,
      raw: this.raw,
      executionArn,
      receivedAt: this.now(),
      slaSeconds: LOCAL_SLA_SECONDS,
    });
    if ('refused' in recorded) {
      throw new UsageError(`requestId "${this.job.requestId}": ${recorded.refused.message}`);
    }
    this.pending = recorded.receipt;
    return recorded.receipt;
  }

  /** After the run: the final receipt, from the run's outcome and its whole report. */
  async settle(
    // ABORTED: stopped by Ctrl-C; the receipt says so (FAILED, reason ABORTED) and a re-run gets its own.
    run: {
      status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
      output?: unknown;
      error?: string;
      cause?: string;
      report?: CleanupReport;
    },
    startedAt: Date,
  ): Promise<ReceiptRecord | undefined> {
    if (this.pending === undefined) return undefined;
    const subjectIds = (this.job.subjects ?? []).flatMap((s) => [s.userId ?? '', ...(s.externalImageIds ?? [])]);
    const { receipt } = settleReceipt(
      this.pending,
      {
        executionArn: this.pending.executionArn,
        status: run.status,
        startedAt: startedAt.toISOString(),
        finishedAt: this.now().toISOString(),
        ...(run.output === undefined ? {} : { output: JSON.stringify(run.output) }),
        ...(run.error === undefined ? {} : { error: run.error }),
        ...(run.cause === undefined ? {} : { cause: run.cause }),
      },
      subjectIds.filter((id) => id !== ''),
      run.report,
    );
    await saveFinalReceipt(this.receipts.table, receipt);
    return receipt;
  }

  close(): Promise<void> {
    return this.receipts.close();
  }
}
