import type { CleanupReport } from '../report/types';
import { JobMetric, type JobMetricName } from './catalogue';

/** The report's counts as the per-job metrics: totals and status only, never an id from the job or the plan. */
export function jobMetrics(report: CleanupReport): Record<JobMetricName, number> {
  const succeeded = report.status === 'SUCCEEDED';
  return {
    [JobMetric.FacesDeleted]: report.deleted.faces,
    [JobMetric.UsersDeleted]: report.deleted.users,
    [JobMetric.CollectionsDeleted]: report.deleted.collections,
    [JobMetric.ProjectVersionsDeleted]: report.deleted.projectVersions,
    [JobMetric.ItemsFailed]: report.counts.failed,
    [JobMetric.JobsIncomplete]: succeeded ? 0 : 1,
    [JobMetric.JobsSucceeded]: succeeded ? 1 : 0,
    [JobMetric.DryRuns]: report.dryRun ? 1 : 0,
  };
}
