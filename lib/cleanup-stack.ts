import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  parseRetentionPolicies,
  RETENTION_POLICIES_CONTEXT_KEY,
  type RetentionPolicyConfig,
} from './config/retention-policies';
import {
  ERASURE_REQUESTERS_CONTEXT_KEY,
  type ErasureRequesterConfig,
  parseErasureRequesters,
} from './config/erasure-requesters';
import { AlarmNotifications } from './constructs/alarm-notifications';
import { CleanupWorkflow, type CleanupWorkflowProps } from './constructs/cleanup-workflow';
import { ErasureRequests } from './constructs/erasure-requests';
import { RetentionSchedules } from './constructs/retention-schedules';
import { SUBJECT_KEY_CONTEXT_KEY, SubjectKey } from './constructs/subject-key';

/** cdk.json context key: take erasure requests from this existing bus instead of creating one. */
export const ERASURE_EVENT_BUS_CONTEXT_KEY = 'erasureEventBusName';
/** cdk.json context key: send every alarm to this existing SNS topic (ARN) instead of a topic the stack creates. */
export const ALARM_TOPIC_CONTEXT_KEY = 'alarmTopicArn';

export interface CleanupStackProps extends StackProps {
  /** @default {} */
  readonly workflow?: CleanupWorkflowProps;
  /** Validated at synth. @default the `retentionPolicies` context value (cdk.json), or no policy */
  readonly retentionPolicies?: readonly RetentionPolicyConfig[];
  /** Existing bus for erasure requests. @default the `erasureEventBusName` context value, else a new bus */
  readonly erasureEventBusName?: string;
  /**
   * Who may ask for erasures (validated at synth; see README, "Erasure requests from other services").
   * @default the `erasureRequesters` context value, else nobody outside the stack
   */
  readonly erasureRequesters?: readonly ErasureRequesterConfig[];
  /** From receipt of an erasure request to its due time. @default Duration.hours(24) */
  readonly erasureSla?: Duration;
  /**
   * Every alarm notifies this topic. @default the `alarmTopicArn` context value, else a new KMS-encrypted topic
   * (see AlarmNotifications)
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The KMS HMAC key of subject pseudonyms, e.g. a replica of the organisation's multi-Region key, so receipts of
   * every region join on subjectRef. @default the `subjectKeyArn` context value, else a new multi-Region key
   */
  readonly subjectKeyArn?: string;
}

export class CleanupStack extends Stack {
  readonly workflow: CleanupWorkflow;
  /** Undefined when no retention policy is configured. */
  readonly retention?: RetentionSchedules;
  readonly erasure: ErasureRequests;
  readonly alarms: AlarmNotifications;

  constructor(scope: Construct, id: string, props: CleanupStackProps = {}) {
    super(scope, id, props);
    // Configuration first: a bad policy fails synth before anything is built.
    const policies = parseRetentionPolicies(
      props.retentionPolicies ?? this.node.tryGetContext(RETENTION_POLICIES_CONTEXT_KEY),
    );
    const erasureRequesters = props.erasureRequesters ?? this.node.tryGetContext(ERASURE_REQUESTERS_CONTEXT_KEY);
    parseErasureRequesters(erasureRequesters);
    const eventBusName = props.erasureEventBusName ?? busNameFromContext(this);
    // Before any function: the ones that make pseudonyms are given this key.
    SubjectKey.configure(this, props.subjectKeyArn ?? contextString(this, SUBJECT_KEY_CONTEXT_KEY));
    const alarmTopic = props.alarmTopic ?? alarmTopicFromContext(this);

    this.workflow = new CleanupWorkflow(this, 'Workflow', props.workflow);
    const { stateMachine } = this.workflow;
    if (policies.length > 0) this.retention = new RetentionSchedules(this, 'Retention', { stateMachine, policies });

    this.erasure = new ErasureRequests(this, 'Erasure', {
      stateMachine,
      recordsKey: this.workflow.jobStore.key,
      eventBusName,
      requesters: erasureRequesters,
      erasureSla: props.erasureSla,
      logRetention: props.workflow?.logRetention,
    });
    // Receipts are built from the job store's record, which survives an execution that failed before its report.
    this.workflow.jobStore.connect(this.erasure.outcomes.receiptFunction);
    // The intake keeps each request's job in the store and starts its execution with a reference to it.
    this.workflow.jobStore.connect(this.erasure.intake.function);
    // Last, so that it finds every alarm above.
    this.alarms = new AlarmNotifications(this, 'Alarms', { topic: alarmTopic });
    this.alarms.notifyOnEveryAlarm(this);

    new CfnOutput(this, 'StateMachineArn', {
      value: stateMachine.stateMachineArn,
      description: 'Start cleanup jobs here (rekognition-cleanup run --state-machine-arn, or aws stepfunctions).',
    });
    new CfnOutput(this, 'JobStoreTableName', {
      value: this.workflow.jobStore.table.tableName,
      description: "Each job's plan, progress and whole report, by jobId (working data, expires with its TTL).",
    });
    new CfnOutput(this, 'SubjectKeyArn', {
      value: SubjectKey.of(this).key.keyArn,
      description: 'KMS HMAC key of subject pseudonyms: the CLI stores erasures and computes subjectRef with it.',
    });
    new CfnOutput(this, 'ErasureSlaSeconds', {
      value: String((props.erasureSla ?? Duration.hours(24)).toSeconds()),
      description: "From an erasure's receipt to its due time: the CLI's erasures get the same deadlines.",
    });
    new CfnOutput(this, 'ErasureEventBusName', {
      value: this.erasure.bus.eventBusName,
      description: 'Publish ErasureRequested events here; ErasureCompleted/ErasureFailed come back on it.',
    });
    new CfnOutput(this, 'ErasureReceiptsTableName', {
      value: this.erasure.receipts.table.tableName,
      description: 'One receipt per erasure request (evidence; retained when the stack is deleted).',
    });
    new CfnOutput(this, 'InvalidErasureRequestsQueueUrl', {
      value: this.erasure.intake.invalidRequests.queue.queueUrl,
      description: 'Refused erasure requests, with the reason.',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Every alarm notifies this topic: subscribe the team that answers for erasures and purges.',
    });
    if (this.erasure.busPolicyToApply !== undefined) {
      new CfnOutput(this, 'ErasureBusPolicyStatements', {
        value: this.toJsonString(this.erasure.busPolicyToApply.toJSON().Statement),
        description: 'Add these statements to the existing erasure bus policy: the stack cannot (README, Security).',
      });
    }
    if (this.retention !== undefined) {
      new CfnOutput(this, 'RetentionScheduleGroupName', {
        value: this.retention.group.scheduleGroupName,
        description: 'The retention policies, one schedule each.',
      });
    }
  }
}

const EVENT_BUS_NAME = /^[A-Za-z0-9._\-/]{1,256}$/;

function busNameFromContext(scope: Construct): string | undefined {
  const name: unknown = scope.node.tryGetContext(ERASURE_EVENT_BUS_CONTEXT_KEY);
  if (name === undefined || name === null || name === '') return undefined;
  if (typeof name !== 'string' || !EVENT_BUS_NAME.test(name)) {
    throw new Error(`${ERASURE_EVENT_BUS_CONTEXT_KEY}: must be an event bus name ([A-Za-z0-9._-/], 1-256 chars)`);
  }
  return name;
}

function alarmTopicFromContext(scope: Construct): sns.ITopic | undefined {
  const arn: unknown = scope.node.tryGetContext(ALARM_TOPIC_CONTEXT_KEY);
  if (arn === undefined || arn === null || arn === '') return undefined;
  if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(arn)) {
    throw new Error(`${ALARM_TOPIC_CONTEXT_KEY}: must be an SNS topic ARN`);
  }
  return sns.Topic.fromTopicArn(scope, 'AlarmTopic', arn);
}

function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${key}: must be a string`);
  return value;
}
