import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMES, METRICS_NAMESPACE, type MetricName, SERVICE_NAME } from './catalogue';

/**
 * The one Powertools Metrics instance. CloudWatch embedded metric format on stdout: no PutMetricData call, so no
 * IAM permission. The service name is fixed rather than read from the environment, because the alarms match on it.
 */
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

export type MetricValues = Readonly<Partial<Record<MetricName, number>>>;

/**
 * Publishes counts as one EMF document. Only catalogue names are accepted, and this module offers no way to add a
 * dimension or metadata: nothing a caller passes can put a subject identifier into a metric.
 */
export function publishMetrics(values: MetricValues): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    // The name is not echoed: whatever it is, it is not ours, and it could be anything.
    if (!METRIC_NAMES.has(name)) throw new Error('a metric name is not in the metric catalogue');
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative count`);
    metrics.addMetric(name, MetricUnit.Count, value);
  }
  metrics.publishStoredMetrics();
}
