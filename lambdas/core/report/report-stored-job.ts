import type { JobRef } from '../contracts';
import type { JobStore } from '../store/job-store';
import { loadJobState, readJobRef } from '../store/plan-records';
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
  const report = await assembleReport(store, ref, finishedAt);
  await store.putBlob(ref.jobId, REPORT_BLOB, report);
  const reportJson = serializeReport(report, STATE_REPORT_CHARS);
  return { report: JSON.parse(reportJson) as CleanupReport, reportJson };
}

/** The report of what the store records: what was deleted so far, whether or not the job got to its end. */
export async function assembleReport(store: JobStore, ref: JobRef, finishedAt: Date): Promise<CleanupReport> {
  const state = await loadJobState(store, ref, !ref.dryRun);
  return { ...buildReport(state, finishedAt).report, jobId: ref.jobId };
}

/**
 * The report of a job from the store alone: the one its Report state wrote or, when the execution failed before
 * it (timed out, aborted, a state over Step Functions' limits), one assembled from the outcomes its workers
 * recorded as they went. Undefined when the job never got a plan.
 */
export async function storedReport(store: JobStore, jobId: string, now: Date): Promise<CleanupReport | undefined> {
  const written = await readStoredReport(store, jobId);
  if (written !== undefined) return written;
  const ref = await readJobRef(store, jobId);
  return ref === undefined ? undefined : assembleReport(store, ref, now);
}

/** The whole report of a job, once its Report state has run. */
export function readStoredReport(store: JobStore, jobId: string): Promise<CleanupReport | undefined> {
  return store.getBlob<CleanupReport>(jobId, REPORT_BLOB);
}
