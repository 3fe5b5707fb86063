import type { Context } from 'aws-lambda';
import type { JobState } from '../core/contracts';
import { logger, startInvocation } from '../core/observability';
import { buildReport } from '../core/report/build-report';
import type { ReportResult } from '../core/report/types';

export const handler = async (event: JobState, context: Context): Promise<ReportResult> => {
  startInvocation(event.executionId, context);
  const result = buildReport(event, new Date());
  const { status, deleted, counts } = result.report;
  logger.info('job finished', { status, deleted, counts, dryRun: event.dryRun });
  return result;
};
