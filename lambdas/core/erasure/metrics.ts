import { Metrics } from '@aws-lambda-powertools/metrics';
import { ErasureMetrics } from './settings';

/**
 * The erasure functions' metrics (CloudWatch embedded metric format, written to the function's log: no
 * PutMetricData permission needed). The `service` dimension is rekognition-cleanup, as the alarms expect.
 */
export const metrics = new Metrics({
  namespace: ErasureMetrics.Namespace,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rekognition-cleanup',
});
