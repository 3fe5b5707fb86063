import type { Context } from 'aws-lambda';
import { documentClient } from '../core/erasure/clients';
import { findOverdueErasures, type OverdueReport } from '../core/erasure/overdue';
import { ErasureEnv, requiredEnv } from '../core/erasure/settings';
import { ErasureMetric } from '../core/metrics/catalogue';
import { publishMetrics } from '../core/metrics/publish-metrics';
import { logger, startInvocation } from '../core/observability';

/** Hourly: counts IN_PROGRESS erasures past their dueAt and publishes OverdueErasures (0 included). */
export const handler = async (_event: unknown, context: Context): Promise<OverdueReport> => {
  startInvocation(context.awsRequestId, context);
  const report = await findOverdueErasures(
    { client: documentClient(), tableName: requiredEnv(ErasureEnv.ReceiptsTable) },
    requiredEnv(ErasureEnv.ReceiptsStatusIndex),
    new Date(),
  );
  publishMetrics({ [ErasureMetric.Overdue]: report.count });
  if (report.count > 0) logger.warn('overdue erasures', { ...report });
  else logger.info('no overdue erasure');
  return report;
};
