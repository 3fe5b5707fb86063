/**
 * Every custom metric rekognition-cleanup publishes, in one place: the handlers publish them (publish-metrics.ts)
 * and the alarms (lib/constructs) watch them by these names. A metric not listed here cannot be published.
 */

/** CloudWatch namespace of every custom metric. */
export const METRICS_NAMESPACE = 'RekognitionCleanup';

/** The only dimension (`service`), and the Powertools service name of every function. */
export const SERVICE_NAME = 'rekognition-cleanup';

/** Published once per job by the report function; counts, never identifiers. */
export const JobMetric = {
  FacesDeleted: 'FacesDeleted',
  UsersDeleted: 'UsersDeleted',
  CollectionsDeleted: 'CollectionsDeleted',
  ProjectVersionsDeleted: 'ProjectVersionsDeleted',
  ItemsFailed: 'ItemsFailed',
  /**
   * 1 when the report status is not SUCCEEDED: something planned was not deleted, or (NEEDS_REVIEW) an erasure
   * kept faces a person must settle. Either way someone has to act.
   */
  JobsIncomplete: 'JobsIncomplete',
  JobsSucceeded: 'JobsSucceeded',
  DryRuns: 'DryRuns',
} as const;

/** Published by the erasure functions. */
export const ErasureMetric = {
  /** 1 per erasure whose execution did not succeed, 0 otherwise. */
  Failed: 'ErasuresFailed',
  /** Hourly: erasures still in progress past their due time (0 included, so silence means the check did not run). */
  Overdue: 'OverdueErasures',
  /** Hourly, by the same check: erasures in progress, overdue or not (0 included). */
  Open: 'OpenErasures',
  /**
   * Hourly, while any erasure is in progress: seconds left before the earliest due time among them, 0 once it is
   * past (OverdueErasures counts those). Not published when none is open: there is no deadline.
   */
  NextDeadline: 'SecondsToNextErasureDeadline',
} as const;

export type JobMetricName = (typeof JobMetric)[keyof typeof JobMetric];
export type MetricName = JobMetricName | (typeof ErasureMetric)[keyof typeof ErasureMetric];

/** The unit of each metric that is not a count. */
export const METRIC_UNITS: Readonly<Partial<Record<MetricName, 'Seconds'>>> = {
  [ErasureMetric.NextDeadline]: 'Seconds',
};

export const METRIC_NAMES: ReadonlySet<string> = new Set<string>([
  ...Object.values(JobMetric),
  ...Object.values(ErasureMetric),
]);

/**
 * Log lines the dashboard lists (CloudWatch Logs Insights), matched by their message: ids and times only, never a
 * subject identifier.
 */
export const DashboardLog = {
  /** One per open erasure, the soonest due first (at most 20 an hour): `erasure`, `dueAt`, `overdue`. */
  OpenErasure: 'open erasure',
} as const;
