import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { documentClient } from '../core/erasure/clients';
import { metrics } from '../core/erasure/metrics';
import { findOverdueErasures, type OverdueReport } from '../core/erasure/overdue';
import { ErasureEnv, ErasureMetrics, requiredEnv } from '../core/erasure/settings';
import { logger, startInvocation } from '../core/observability';

/** Hourly: counts IN_PROGRESS erasures past their dueAt and publishes OverdueErasures (0 included). */
export const handler = async (_event: unknown, context: Context): Promise<OverdueReport> => {
  startInvocation(context.awsRequestId, context);
  const report = await findOverdueErasures(
    { client: documentClient(), tableName: requiredEnv(ErasureEnv.ReceiptsTable) },
    requiredEnv(ErasureEnv.ReceiptsStatusIndex),
    new Date(),
  );
  metrics.addMetric(ErasureMetrics.Overdue, MetricUnit.Count, report.count);
  metrics.publishStoredMetrics();
  if (report.count > 0) logger.warn('overdue erasures', { ...report });
  else logger.info('no overdue erasure');
  return report;
};
