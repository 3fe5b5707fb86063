import type { Context } from 'aws-lambda';
import type { JobState } from '../core/contracts';
import { jobMetrics } from '../core/metrics/job-metrics';
import { publishMetrics } from '../core/metrics/publish-metrics';
import { logger, startInvocation } from '../core/observability';
import { buildReport } from '../core/report/build-report';
import type { ReportResult } from '../core/report/types';

/** Runs once per job (dry runs included): the report, one summary log line and the per-job metrics. */
export const handler = async (event: JobState, context: Context): Promise<ReportResult> => {
  startInvocation(event.executionId, context);
  const result = buildReport(event, new Date());
  const { status, deleted, counts } = result.report;
  logger.info('job finished', { status, deleted, counts, dryRun: event.dryRun });
  publishMetrics(jobMetrics(result.report));
  return result;
};
