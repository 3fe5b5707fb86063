import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMES, METRIC_UNITS, METRICS_NAMESPACE, type MetricName, SERVICE_NAME } from './catalogue';

/**
 * The one Powertools Metrics instance. CloudWatch embedded metric format on stdout: no PutMetricData call, so no
 * IAM permission. The service name is fixed rather than read from the environment, because the alarms match on it.
 */
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

export type MetricValues = Readonly<Partial<Record<MetricName, number>>>;

/**
 * Publishes counts (or, where the catalogue says so, durations) as one EMF document. Only catalogue names are accepted, and this module offers no way to add a
 * dimension or metadata: nothing a caller passes can put a subject identifier into a metric.
 */
export function publishMetrics(values: MetricValues): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    // The name is not echoed: whatever it is, it is not ours, and it could be anything.
    if (!METRIC_NAMES.has(name)) throw new Error('a metric name is not in the metric catalogue');
    const seconds = METRIC_UNITS[name as MetricName] === 'Seconds';
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`${name} must be a non-negative ${seconds ? 'number of seconds' : 'count'}`);
    }
    metrics.addMetric(name, seconds ? MetricUnit.Seconds : MetricUnit.Count, value);
  }
  metrics.publishStoredMetrics();
}
