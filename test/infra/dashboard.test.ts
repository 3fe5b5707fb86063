/**
 * The dashboard, read back from the synthesized DashboardBody: the widgets a team needs, every custom metric one the
 * functions publish (the catalogue), throttling for every operation the workers call (the workers table).
 */
import './support/skip-builtin-validation';
import { Duration } from 'aws-cdk-lib';
import {
  DashboardLog,
  ErasureMetric,
  JobMetric,
  METRIC_NAMES,
  METRICS_NAMESPACE,
} from '../../lambdas/core/metrics/catalogue';
import { operationsOfWorker, REKOGNITION_WORKERS } from '../../lambdas/core/workers';
import { HANDLER_ENTRY_METADATA } from '../../lib/constructs/cleanup-function';
import { synthStack } from '../support/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- dashboard JSON is untyped; the assertions below are its type check.
type Json = Record<string, any>;
const { template } = synthStack({ erasureSla: Duration.hours(12), dashboardName: 'cleanup-ops' });
const resources = template.toJSON().Resources as Record<string, Json>;
const [dashboard] = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
// The body is JSON text joined with tokens: each token becomes the logical id (or pseudo parameter) it names.
const body = JSON.parse(
  (dashboard?.Properties.DashboardBody['Fn::Join'][1] as (string | Json)[])
    .map((part) => (typeof part === 'string' ? part : (part.Ref ?? part['Fn::GetAtt']?.[0] ?? 'TOKEN')))
    .join(''),
) as { widgets: Json[] };
const titled = (title: string): Json => {
  const widget = body.widgets.find((w) => w.properties.title === title);
  if (widget === undefined) throw new Error(`no widget "${title}"`);
  return widget.properties;
};
/** [namespace, name, ...dimensions] of each metric line of a widget (math expressions left out). */
const metricsOf = (widget: Json): string[][] =>
  (widget.metrics as unknown[][])
    .filter((line) => typeof line[0] === 'string')
    .map((line) => line.filter((part): part is string => typeof part === 'string'));
const customNames = (widget: Json) =>
  metricsOf(widget)
    .filter(([namespace]) => namespace === METRICS_NAMESPACE)
    .map(([, name]) => name);

test('is named as configured', () => {
  expect(dashboard?.Properties.DashboardName).toBe('cleanup-ops');
});

test('every custom metric it shows is in the catalogue, which the functions publish from', () => {
  const shown = body.widgets
    .filter((w) => w.properties.metrics !== undefined)
    .flatMap((w) => customNames(w.properties));
  expect(shown.length).toBeGreaterThan(0);
  for (const name of shown) expect(METRIC_NAMES).toContain(name);
});

test('faces, users, collections and versions deleted', () => {
  const deleted = [JobMetric.FacesDeleted, JobMetric.UsersDeleted, JobMetric.CollectionsDeleted];
  expect(customNames(titled('Deleted over the period'))).toEqual([...deleted, JobMetric.ProjectVersionsDeleted]);
  expect(titled('Deleted over the period').setPeriodToTimeRange).toBe(true);
  expect(customNames(titled('Faces and users deleted (per hour)'))).toEqual(deleted.slice(0, 2));
  expect(customNames(titled('Collections and project versions deleted (per hour)'))).toEqual([
    JobMetric.CollectionsDeleted,
    JobMetric.ProjectVersionsDeleted,
  ]);
});

test('erasures open, overdue and failed', () => {
  expect(customNames(titled('Erasures open, overdue and failed'))).toEqual([
    ErasureMetric.Open,
    ErasureMetric.Overdue,
    ErasureMetric.Failed,
  ]);
});

test('the next deadline in hours, against the configured SLA', () => {
  const widget = titled('Next erasure deadline');
  expect(customNames(widget)).toEqual([ErasureMetric.NextDeadline]);
  const expression = (widget.metrics as Json[][]).find((line) => line[0]?.expression !== undefined)?.[0];
  expect(expression?.expression).toBe('seconds / 3600');
  expect(widget.annotations.horizontal).toEqual([expect.objectContaining({ value: 12 })]);
});

test("each open erasure with its deadline, from the overdue check's log lines", () => {
  const widget = body.widgets.find((w) => w.type === 'log') as Json;
  const overdueFunction = Object.keys(resources).find((id) =>
    String(resources[id]?.Metadata?.[HANDLER_ENTRY_METADATA]).startsWith('lambdas/erasure-overdue/'),
  );
  expect(overdueFunction).toBeDefined();
  const logGroupId = resources[overdueFunction as string]?.Properties.LoggingConfig.LogGroup.Ref as string;
  expect(widget.properties.query).toContain(`SOURCE '${logGroupId}'`);
  expect(widget.properties.query).toContain(`filter message = "${DashboardLog.OpenErasure}"`);
  expect(widget.properties.query).toMatch(/latest\(dueAt\).* by erasure/);
});

test('throttled calls: Rekognition for every operation a worker calls, and the functions', () => {
  const widget = titled('Throttled calls');
  const rekognition = metricsOf(widget).filter(([namespace]) => namespace === 'AWS/Rekognition');
  const operations = [...new Set(REKOGNITION_WORKERS.flatMap(operationsOfWorker))].sort();
  expect(rekognition).toEqual(
    operations.map((operation) => ['AWS/Rekognition', 'ThrottledCount', 'Operation', operation]),
  );
  expect(
    metricsOf(widget)
      .filter(([namespace]) => namespace === 'AWS/Lambda')
      .map(([, name]) => name),
  ).toEqual(Array(9).fill('Throttles'));
});

test('job failures: failed, timed out and aborted executions, incomplete jobs, failed items, function errors', () => {
  const names = metricsOf(titled('Job failures')).map(([namespace, name]) => `${namespace}:${name}`);
  expect(names).toEqual([
    'AWS/States:ExecutionsFailed',
    'AWS/States:ExecutionsTimedOut',
    'AWS/States:ExecutionsAborted',
    `${METRICS_NAMESPACE}:${JobMetric.JobsIncomplete}`,
    `${METRICS_NAMESPACE}:${JobMetric.ItemsFailed}`,
    ...Array(9).fill('AWS/Lambda:Errors'),
  ]);
});

test('the status of every alarm of the construct', () => {
  const alarms = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::CloudWatch::Alarm');
  expect(alarms.length).toBeGreaterThan(0);
  expect([...(titled('Alarms').alarms as string[])].sort()).toEqual(alarms.sort());
});

test('can be left out', () => {
  const { template: without } = synthStack({ dashboard: false });
  without.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  expect(Object.keys(without.toJSON().Outputs)).not.toContain('DashboardName');
});
