import type { JobRef } from '../contracts';
import type { JobStore } from '../store/job-store';
import { loadJobState } from '../store/plan-records';
import { buildReport } from './build-report';
import { serializeReport } from './serialize-report';
import type { CleanupReport, ReportResult } from './types';

const REPORT_BLOB = 'report';
/**
 * The report in the state (the execution's output, or the cause of CleanupIncomplete) is shortened to this: counts
 * and what went wrong stay; the whole report is in the job store, named by `jobId`.
 */
export const STATE_REPORT_CHARS = 16_000;

/** Builds the report from the stored plan and outcomes, stores it whole, and returns its short form. */
export async function reportStoredJob(store: JobStore, ref: JobRef, finishedAt: Date): Promise<ReportResult> {
  const state = await loadJobState(store, ref, !ref.dryRun);
  const report: CleanupReport = { ...buildReport(state, finishedAt).report, jobId: ref.jobId };
  await store.putBlob(ref.jobId, REPORT_BLOB, report);
  const reportJson = serializeReport(report, STATE_REPORT_CHARS);
  return { report: JSON.parse(reportJson) as CleanupReport, reportJson };
}

/** The whole report of a job, once its Report state has run. */
export function readStoredReport(store: JobStore, jobId: string): Promise<CleanupReport | undefined> {
  return store.getBlob<CleanupReport>(jobId, REPORT_BLOB);
}
