import type { Context } from 'aws-lambda';
import type { JobRef } from '../core/contracts';
import { jobMetrics } from '../core/metrics/job-metrics';
import { publishMetrics } from '../core/metrics/publish-metrics';
import { logger, startInvocation } from '../core/observability';
import { reportStoredJob } from '../core/report/report-stored-job';
import type { ReportResult } from '../core/report/types';
import { jobStore } from '../core/store/store-client';

/** Runs once per job (dry runs included): the report, one summary log line and the per-job metrics. */
export const handler = async (event: JobRef, context: Context): Promise<ReportResult> => {
  startInvocation(event.executionId, context);
  const result = await reportStoredJob(jobStore(), event, new Date());
  const { status, deleted, counts } = result.report;
  logger.info('job finished', { jobId: event.jobId, status, deleted, counts, dryRun: event.dryRun });
  // Counts are exact in the short report too (only id lists are shortened).
  publishMetrics(jobMetrics(result.report));
  return result;
};
