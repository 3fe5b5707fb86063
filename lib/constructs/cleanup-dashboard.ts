import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { DashboardLog, ErasureMetric, JobMetric } from '../../lambdas/core/metrics/catalogue';
import { operationsOfWorker, REKOGNITION_WORKERS } from '../../lambdas/core/workers';
import type { CleanupWorkflow } from './cleanup-workflow';
import { customMetric } from './custom-metric';
import type { ErasureRequests } from './erasure-requests';

export interface CleanupDashboardProps {
  /** @default a name CloudFormation generates */
  readonly dashboardName?: string;
  readonly workflow: CleanupWorkflow;
  readonly erasure: ErasureRequests;
  /** Drawn on the deadline graph. @default Duration.hours(24), the erasure SLA's default */
  readonly erasureSla?: Duration;
  /** Shown in one alarm status widget. @default none */
  readonly alarms?: readonly cloudwatch.IAlarm[];
}

const HOUR = Duration.hours(1);
const FIVE_MINUTES = Duration.minutes(5);
const WIDTH = 24;

/**
 * One CloudWatch dashboard for the team that answers for purges and erasures: what the jobs deleted (their report's
 * counts), the erasures open, overdue and failed with their deadlines (the hourly overdue check), and what slows or
 * breaks jobs (Rekognition throttling, throttled or failing functions, failed executions). Every metric is one the
 * functions publish (lambdas/core/metrics/catalogue.ts) or one AWS publishes.
 */
export class CleanupDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: CleanupDashboardProps) {
    super(scope, id);
    const sla = props.erasureSla ?? Duration.hours(24);
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        width: WIDTH,
        height: 2,
        markdown:
          '# rekognition-cleanup\n' +
          'Deletions are counted once per job, from its report. Erasures are checked every hour; each is due ' +
          `${sla.toHumanString()} after it was received. Throttling is the account's, for the operations the ` +
          'workflow calls.',
      }),
    );
    this.dashboard.addWidgets(...deletedWidgets());
    this.dashboard.addWidgets(...erasureWidgets(props.erasure, sla));
    this.dashboard.addWidgets(...troubleWidgets(props.workflow, props.alarms ?? []));
  }
}

function deletedWidgets(): cloudwatch.IWidget[] {
  const sum = (name: (typeof JobMetric)[keyof typeof JobMetric], label: string) =>
    customMetric(name, 'Sum', HOUR).with({ label });
  const faces = sum(JobMetric.FacesDeleted, 'Faces');
  const users = sum(JobMetric.UsersDeleted, 'Users');
  const collections = sum(JobMetric.CollectionsDeleted, 'Collections');
  const versions = sum(JobMetric.ProjectVersionsDeleted, 'Project versions');
  return [
    new cloudwatch.SingleValueWidget({
      title: 'Deleted over the period',
      width: 8,
      height: 6,
      metrics: [faces, users, collections, versions],
      setPeriodToTimeRange: true,
    }),
    new cloudwatch.GraphWidget({
      title: 'Faces and users deleted (per hour)',
      width: 8,
      height: 6,
      left: [faces, users],
      statistic: 'Sum',
    }),
    new cloudwatch.GraphWidget({
      title: 'Collections and project versions deleted (per hour)',
      width: 8,
      height: 6,
      left: [collections, versions],
      statistic: 'Sum',
    }),
  ];
}

function erasureWidgets(erasure: ErasureRequests, sla: Duration): cloudwatch.IWidget[] {
  const hoursLeft = new cloudwatch.MathExpression({
    expression: 'seconds / 3600',
    usingMetrics: { seconds: customMetric(ErasureMetric.NextDeadline, 'Minimum', HOUR) },
    label: 'Hours left before the earliest deadline (0: past)',
    period: HOUR,
  });
  return [
    new cloudwatch.GraphWidget({
      title: 'Erasures open, overdue and failed',
      width: 8,
      height: 6,
      left: [
        customMetric(ErasureMetric.Open, 'Maximum', HOUR).with({ label: 'Open (in progress)' }),
        customMetric(ErasureMetric.Overdue, 'Maximum', HOUR).with({ label: 'Overdue (past their due time)' }),
        customMetric(ErasureMetric.Failed, 'Sum', HOUR).with({ label: 'Failed (per hour)' }),
      ],
      leftYAxis: { min: 0 },
    }),
    new cloudwatch.GraphWidget({
      title: 'Next erasure deadline',
      width: 8,
      height: 6,
      left: [hoursLeft],
      leftYAxis: { min: 0, label: 'hours' },
      leftAnnotations: [{ value: sla.toSeconds() / 3600, label: `SLA (${sla.toHumanString()})` }],
    }),
    new cloudwatch.LogQueryWidget({
      title: 'Open erasures and their deadlines (as of the last hourly check that saw each)',
      width: 8,
      height: 6,
      logGroupNames: [erasure.outcomes.overdueFunction.logGroup.logGroupName],
      view: cloudwatch.LogQueryVisualizationType.TABLE,
      queryLines: [
        `filter message = "${DashboardLog.OpenErasure}"`,
        'stats latest(dueAt) as deadline, latest(overdue) as isOverdue, max(@timestamp) as lastChecked by erasure',
        'sort deadline asc',
        'limit 100',
      ],
    }),
  ];
}

function troubleWidgets(workflow: CleanupWorkflow, alarms: readonly cloudwatch.IAlarm[]): cloudwatch.IWidget[] {
  // Every operation any worker calls (lambdas/core/workers.ts), as Rekognition counts it for the account.
  const operations = [...new Set(REKOGNITION_WORKERS.flatMap(operationsOfWorker))].sort();
  const throttled = operations.map(
    (operation) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Rekognition',
        metricName: 'ThrottledCount',
        dimensionsMap: { Operation: operation },
        statistic: 'Sum',
        period: FIVE_MINUTES,
        label: operation,
      }),
  );
  const functions = Object.values(workflow.functions);
  const functionSum = (label: string, metric: (fn: (typeof functions)[number]) => cloudwatch.IMetric) =>
    new cloudwatch.MathExpression({
      expression: functions.map((_, index) => `f${index}`).join(' + '),
      usingMetrics: Object.fromEntries(functions.map((fn, index) => [`f${index}`, metric(fn)])),
      label,
      period: FIVE_MINUTES,
    });
  const { stateMachine } = workflow;
  const widgets: cloudwatch.IWidget[] = [
    new cloudwatch.GraphWidget({
      title: 'Throttled calls',
      width: 12,
      height: 6,
      left: throttled,
      right: [
        functionSum('Throttled invocations of the workflow functions', (fn) =>
          fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        ),
      ],
      leftYAxis: { min: 0, label: 'Rekognition (account)' },
      rightYAxis: { min: 0, label: 'Lambda' },
      stacked: true,
    }),
    new cloudwatch.GraphWidget({
      title: 'Job failures',
      width: 12,
      height: 6,
      left: [
        stateMachine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum', label: 'Jobs failed' }),
        stateMachine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum', label: 'Jobs timed out' }),
        stateMachine.metricAborted({ period: FIVE_MINUTES, statistic: 'Sum', label: 'Jobs aborted' }),
        customMetric(JobMetric.JobsIncomplete, 'Sum', FIVE_MINUTES).with({ label: 'Jobs incomplete (report)' }),
      ],
      right: [
        customMetric(JobMetric.ItemsFailed, 'Sum', FIVE_MINUTES).with({ label: 'Items failed (report)' }),
        functionSum('Function errors', (fn) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' })),
      ],
      leftYAxis: { min: 0, label: 'jobs' },
      rightYAxis: { min: 0, label: 'items, errors' },
    }),
  ];
  if (alarms.length > 0) {
    widgets.push(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        width: WIDTH,
        height: 3,
        alarms: [...alarms],
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      }),
    );
  }
  return widgets;
}
