import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, type MetricName, SERVICE_NAME } from '../../lambdas/core/metrics/catalogue';

/** One of the metrics the functions publish (lambdas/core/metrics/catalogue.ts), as the alarms read it. */
export function customMetric(metricName: MetricName, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period,
  });
}
