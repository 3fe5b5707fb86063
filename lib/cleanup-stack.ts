import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ERASURE_REQUESTERS_CONTEXT_KEY, type ErasureRequesterConfig } from './config/erasure-requesters';
import { RETENTION_POLICIES_CONTEXT_KEY, type RetentionPolicyConfig } from './config/retention-policies';
import type { AlarmNotifications } from './constructs/alarm-notifications';
import type { CleanupWorkflow } from './constructs/cleanup-workflow';
import type { ErasureRequests } from './constructs/erasure-requests';
import type { RetentionSchedules } from './constructs/retention-schedules';
import { SubjectKey } from './constructs/subject-key';
import { RekognitionCleanup, type RekognitionCleanupProps } from './rekognition-cleanup';

/** cdk.json context key: take erasure requests from this existing bus instead of creating one. */
export const ERASURE_EVENT_BUS_CONTEXT_KEY = 'erasureEventBusName';
/** cdk.json context key: send every alarm to this existing SNS topic (ARN) instead of a topic the stack creates. */
export const ALARM_TOPIC_CONTEXT_KEY = 'alarmTopicArn';
/** cdk.json context key: make pseudonyms with this existing KMS HMAC key (the organisation's) instead. */
export const SUBJECT_KEY_CONTEXT_KEY = 'subjectKeyArn';

/**
 * The construct's options (RekognitionCleanupProps), each defaulting to its cdk.json context value when not given:
 * `retentionPolicies`, `erasureRequesters`, `erasureEventBusName`, `alarmTopicArn` (for alarmTopic) and
 * `subjectKeyArn`. Context values are validated by the construct like the options themselves.
 */
export interface CleanupStackProps extends StackProps, RekognitionCleanupProps {}

/**
 * The app's stack: reads the context, creates one RekognitionCleanup, and gives the outputs the CLI reads by their
 * logical ids (lib/cli/stack-output.ts). The construct's id is `Default`, which CDK leaves out of logical ids, so
 * the resources keep the ids they had when the stack built them itself.
 */
export class CleanupStack extends Stack {
  readonly cleanup: RekognitionCleanup;
  readonly workflow: CleanupWorkflow;
  /** Undefined when no retention policy is configured. */
  readonly retention?: RetentionSchedules;
  readonly erasure: ErasureRequests;
  readonly alarms: AlarmNotifications;

  constructor(scope: Construct, id: string, props: CleanupStackProps = {}) {
    super(scope, id, props);
    this.cleanup = new RekognitionCleanup(this, 'Default', {
      ...props,
      // Raw context (an array from cdk.json, or JSON text from -c): the construct parses and validates both.
      retentionPolicies:
        props.retentionPolicies ??
        (this.node.tryGetContext(RETENTION_POLICIES_CONTEXT_KEY) as readonly RetentionPolicyConfig[] | undefined),
      erasureRequesters:
        props.erasureRequesters ??
        (this.node.tryGetContext(ERASURE_REQUESTERS_CONTEXT_KEY) as readonly ErasureRequesterConfig[] | undefined),
      erasureEventBusName: props.erasureEventBusName ?? contextString(this, ERASURE_EVENT_BUS_CONTEXT_KEY),
      alarmTopic: props.alarmTopic ?? alarmTopicFromContext(this),
      subjectKeyArn: props.subjectKeyArn ?? contextString(this, SUBJECT_KEY_CONTEXT_KEY),
    });
    const { cleanup } = this;
    this.workflow = cleanup.workflow;
    this.retention = cleanup.retention;
    this.erasure = cleanup.erasure;
    this.alarms = cleanup.alarms;

    new CfnOutput(this, 'StateMachineArn', {
      value: cleanup.stateMachine.stateMachineArn,
      description: 'Start cleanup jobs here (rekognition-cleanup run --state-machine-arn, or aws stepfunctions).',
    });
    new CfnOutput(this, 'JobStoreTableName', {
      value: cleanup.jobStoreTable.tableName,
      description: "Each job's plan, progress and whole report, by jobId (working data, expires with its TTL).",
    });
    new CfnOutput(this, 'SubjectKeyArn', {
      value: SubjectKey.of(cleanup).key.keyArn,
      description: 'KMS HMAC key of subject pseudonyms: the CLI stores erasures and computes subjectRef with it.',
    });
    new CfnOutput(this, 'ErasureSlaSeconds', {
      value: String(cleanup.erasure.erasureSla.toSeconds()),
      description: "From an erasure's receipt to its due time: the CLI's erasures get the same deadlines.",
    });
    new CfnOutput(this, 'ErasureEventBusName', {
      value: cleanup.erasureBus.eventBusName,
      description: 'Publish ErasureRequested events here; ErasureCompleted/ErasureFailed come back on it.',
    });
    new CfnOutput(this, 'ErasureReceiptsTableName', {
      value: cleanup.erasureReceiptsTable.tableName,
      description: 'One receipt per erasure request (evidence; retained when the stack is deleted).',
    });
    new CfnOutput(this, 'InvalidErasureRequestsQueueUrl', {
      value: cleanup.erasure.intake.invalidRequests.queue.queueUrl,
      description: 'Refused erasure requests, with the reason.',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: cleanup.alarmTopic.topicArn,
      description: 'Every alarm notifies this topic: subscribe the team that answers for erasures and purges.',
    });
    if (cleanup.busPolicyToApply !== undefined) {
      new CfnOutput(this, 'ErasureBusPolicyStatements', {
        value: this.toJsonString(cleanup.busPolicyToApply.toJSON().Statement),
        description: 'Add these statements to the existing erasure bus policy: the stack cannot (README, Security).',
      });
    }
    if (cleanup.retention !== undefined) {
      new CfnOutput(this, 'RetentionScheduleGroupName', {
        value: cleanup.retention.group.scheduleGroupName,
        description: 'The retention policies, one schedule each.',
      });
    }
    if (cleanup.dashboard !== undefined) {
      new CfnOutput(this, 'DashboardName', {
        value: cleanup.dashboard.dashboard.dashboardName,
        description: 'The CloudWatch dashboard: deletions, erasures and their deadlines, throttling and failures.',
      });
    }
  }
}

function alarmTopicFromContext(scope: Construct): sns.ITopic | undefined {
  const arn = contextString(scope, ALARM_TOPIC_CONTEXT_KEY);
  if (arn === undefined) return undefined;
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(arn)) {
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
