import { type Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { parseErasureRequesters, type ErasureRequesterConfig } from './config/erasure-requesters';
import { parseRetentionPolicies, type RetentionPolicyConfig } from './config/retention-policies';
import { AlarmNotifications } from './constructs/alarm-notifications';
import { CleanupDashboard } from './constructs/cleanup-dashboard';
import { CleanupWorkflow, type CleanupWorkflowProps } from './constructs/cleanup-workflow';
import { checkWorkflowOptions } from './constructs/cleanup-workflow-props';
import { checkBatchWindow, ErasureRequests } from './constructs/erasure-requests';
import { RetentionSchedules } from './constructs/retention-schedules';
import { SubjectKey } from './constructs/subject-key';

// The types the props name, so that a user (and the package's index) needs this module only.
export type { ErasureRequesterConfig } from './config/erasure-requesters';
export type { RetentionPolicyConfig } from './config/retention-policies';
export type { CleanupWorkflowProps } from './constructs/cleanup-workflow';
export type { WorkflowTuning } from './workflow/definition';

export interface RekognitionCleanupProps {
  /**
   * The cleanup workflow: protect tag, version polling, job timeout, Rekognition TPS quotas, log and job data
   * retention, default deletion cap. @default {} (every option at its own default, see CleanupWorkflowProps)
   */
  readonly workflow?: CleanupWorkflowProps;
  /**
   * Scheduled cleanup jobs, one EventBridge Scheduler schedule each (README, "Retention policies"). Validated at
   * synth: names, schedules, time zones and each policy's job. @default no policy, no schedule
   */
  readonly retentionPolicies?: readonly RetentionPolicyConfig[];
  /**
   * Name of an existing event bus (same account and region) to take erasure requests from. The construct does not
   * own its policy, so it cannot restrict who publishes there: see `busPolicyToApply`.
   * @default a new bus, whose policy admits the `erasureRequesters` only
   */
  readonly erasureEventBusName?: string;
  /**
   * Who may ask for erasures: each requester's event source and principals (validated at synth; README, "Erasure
   * requests from other services"). @default nobody outside this construct
   */
  readonly erasureRequesters?: readonly ErasureRequesterConfig[];
  /** From receipt of an erasure request to its due time, at most 28 days. @default Duration.hours(24) */
  readonly erasureSla?: Duration;
  /**
   * Erasure requests that arrive within this window run in one execution, so one scan of each collection serves
   * them all; each request keeps its own receipt, events and deadline. Whole seconds, at most a tenth of
   * `erasureSla` and one hour (checked at synth); `Duration.seconds(0)` starts one execution per request.
   * @default Duration.seconds(180)
   */
  readonly erasureBatchWindow?: Duration;
  /**
   * Every alarm notifies this topic. If it is encrypted, its key policy must let cloudwatch.amazonaws.com use the
   * key. @default a new topic, encrypted with a new customer-managed KMS key
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The KMS HMAC_256 key of subject pseudonyms, e.g. a replica of the organisation's multi-Region key, so the
   * receipts of every region and account join on subjectRef. @default a new multi-Region key, retained on delete
   */
  readonly subjectKeyArn?: string;
  /**
   * A CloudWatch dashboard of what was deleted, the erasures open, overdue and failed, throttling and failures.
   * @default true
   */
  readonly dashboard?: boolean;
  /** The dashboard's name. @default a name CloudFormation generates */
  readonly dashboardName?: string;
}

/** An event bus name: what EventBridge accepts for a custom bus. */
const EVENT_BUS_NAME = /^[A-Za-z0-9._\-/]{1,256}$/;
/** CloudWatch dashboard names. */
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * rekognition-cleanup as one construct: the cleanup state machine and its functions (each with only the
 * Rekognition permissions it needs), the job store, the GDPR erasure intake with its receipts, the retention
 * schedules, the alarms with their topic, and a dashboard. Every option is validated when the construct is created,
 * before anything is built, so a mistake fails `cdk synth` with the option's path.
 *
 * Several instances may live in one stack; each has its own key, bus, tables and topic unless given existing ones.
 */
export class RekognitionCleanup extends Construct {
  readonly workflow: CleanupWorkflow;
  /** Start cleanup jobs here. */
  readonly stateMachine: sfn.StateMachine;
  /** Each job's plan, progress and report, by jobId. */
  readonly jobStoreTable: dynamodb.ITable;
  /** Undefined when no retention policy is configured. */
  readonly retention?: RetentionSchedules;
  readonly erasure: ErasureRequests;
  /** Erasure requests come in here; ErasureCompleted/ErasureFailed go back on it. */
  readonly erasureBus: events.IEventBus;
  /** One receipt per erasure request (evidence, retained when the stack is deleted). */
  readonly erasureReceiptsTable: dynamodb.ITable;
  /**
   * With `erasureEventBusName`: the statements the owner of that bus must add to its policy (the construct cannot).
   * Undefined for the construct's own bus, which has them.
   */
  readonly busPolicyToApply?: iam.PolicyDocument;
  readonly alarms: AlarmNotifications;
  /** Every alarm notifies it. */
  readonly alarmTopic: sns.ITopic;
  /** Undefined with `dashboard: false`. */
  readonly dashboard?: CleanupDashboard;

  constructor(scope: Construct, id: string, props: RekognitionCleanupProps = {}) {
    super(scope, id);
    // The options first (the erasure SLA is checked by ErasureRequests): a mistake fails synth with its path.
    const policies = parseRetentionPolicies(props.retentionPolicies ?? []);
    parseErasureRequesters(props.erasureRequesters ?? []);
    checkWorkflowOptions(props.workflow ?? {});
    const erasureBatchWindow = checkBatchWindow(props.erasureBatchWindow, props.erasureSla);
    checkName(
      'erasureEventBusName',
      props.erasureEventBusName,
      EVENT_BUS_NAME,
      'an event bus name ([A-Za-z0-9._-/], 1-256 chars)',
    );
    checkName('dashboardName', props.dashboardName, DASHBOARD_NAME, 'a dashboard name ([A-Za-z0-9_-], 1-255 chars)');
    SubjectKey.check(props.subjectKeyArn);

    // Before any function: the ones that make pseudonyms are given this key.
    SubjectKey.configure(this, props.subjectKeyArn);
    this.workflow = new CleanupWorkflow(this, 'Workflow', props.workflow, { batchWindow: erasureBatchWindow });
    this.stateMachine = this.workflow.stateMachine;
    this.jobStoreTable = this.workflow.jobStore.table;
    const { stateMachine } = this;
    if (policies.length > 0) this.retention = new RetentionSchedules(this, 'Retention', { stateMachine, policies });

    this.erasure = new ErasureRequests(this, 'Erasure', {
      stateMachine,
      recordsKey: this.workflow.jobStore.key,
      eventBusName: props.erasureEventBusName,
      requesters: props.erasureRequesters,
      erasureSla: props.erasureSla,
      batchWindow: erasureBatchWindow,
      logRetention: props.workflow?.logRetention,
    });
    this.erasureBus = this.erasure.bus;
    this.erasureReceiptsTable = this.erasure.receipts.table;
    this.busPolicyToApply = this.erasure.busPolicyToApply;
    // Receipts are built from the job store's record, which survives an execution that failed before its report.
    // It also closes a batch whose execution ended before closing it (conditional updates).
    this.workflow.jobStore.connect(this.erasure.outcomes.receiptFunction, [
      'GetItem',
      'PutItem',
      'Query',
      'DeleteItem',
      'UpdateItem',
    ]);
    // The intake keeps each request's job in the store, and joins it to the open batch (conditional updates).
    this.workflow.jobStore.connect(this.erasure.intake.function, [
      'GetItem',
      'PutItem',
      'Query',
      'DeleteItem',
      'UpdateItem',
    ]);

    if (props.dashboard !== false) {
      this.dashboard = new CleanupDashboard(this, 'Dashboard', {
        dashboardName: props.dashboardName,
        workflow: this.workflow,
        erasure: this.erasure,
        erasureSla: props.erasureSla,
        alarms: this.node.findAll().filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm),
      });
    }
    // Last, so that it finds every alarm above (this construct's only, not the rest of the stack's).
    this.alarms = new AlarmNotifications(this, 'Alarms', { topic: props.alarmTopic });
    this.alarms.notifyOnEveryAlarm(this);
    this.alarmTopic = this.alarms.topic;
  }
}

function checkName(option: string, value: string | undefined, pattern: RegExp, what: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!pattern.test(value)) throw new Error(`${option}: must be ${what}`);
}
