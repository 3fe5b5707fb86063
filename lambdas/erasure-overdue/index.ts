import type { Context } from 'aws-lambda';
import { documentClient } from '../core/erasure/clients';
import { findOverdueErasures, type OverdueReport } from '../core/erasure/overdue';
import { ErasureEnv, requiredEnv } from '../core/erasure/settings';
import { DashboardLog, ErasureMetric } from '../core/metrics/catalogue';
import { publishMetrics } from '../core/metrics/publish-metrics';
import { logger, startInvocation } from '../core/observability';

/**
 * Hourly: counts IN_PROGRESS erasures, those past their dueAt, and the time left before the next deadline; publishes
 * OpenErasures and OverdueErasures (0 included) and SecondsToNextErasureDeadline (while any is open). The soonest
 * deadlines are logged one line each, which the dashboard lists.
 */
export const handler = async (_event: unknown, context: Context): Promise<OverdueReport> => {
  startInvocation(context.awsRequestId, context);
  const now = new Date();
  const report = await findOverdueErasures(
    { client: documentClient(), tableName: requiredEnv(ErasureEnv.ReceiptsTable) },
    requiredEnv(ErasureEnv.ReceiptsStatusIndex),
    now,
  );
  publishMetrics({
    [ErasureMetric.Overdue]: report.count,
    [ErasureMetric.Open]: report.open,
    [ErasureMetric.NextDeadline]: report.secondsToNextDeadline,
  });
  const nowIso = now.toISOString();
  for (const { erasure, dueAt } of report.soonest) {
    logger.info(DashboardLog.OpenErasure, { erasure, dueAt, overdue: dueAt < nowIso });
  }
  if (report.count > 0) logger.warn('overdue erasures', { count: report.count, oldest: report.oldest });
  else logger.info('no overdue erasure', { open: report.open });
  return report;
};
