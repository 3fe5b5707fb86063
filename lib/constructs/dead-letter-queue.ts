import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, Reasons } from './nag-acknowledgements';

export interface DeadLetterQueueProps {
  /** What lands here and what to do about it, shown on the alarm. */
  readonly purpose: string;
  /** @default Duration.days(14) (the SQS maximum: time to investigate and redrive) */
  readonly retentionPeriod?: Duration;
  /**
   * Encrypt with this customer-managed key (the erasure queues: whoever reads them needs kms:Decrypt on it, which
   * a key policy and CloudTrail govern). EventBridge may deliver with it. @default SQS-managed keys
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * An encrypted queue for what could not be delivered or processed, with TLS enforced on its policy and an alarm as
 * soon as one message is visible: anything here is a request that did not happen.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    const key = props.encryptionKey;
    this.queue = new sqs.Queue(this, 'Queue', {
      // SQS-managed keys by default: EventBridge and Scheduler can deliver without a key policy to maintain.
      ...(key === undefined
        ? { encryption: sqs.QueueEncryption.SQS_MANAGED }
        : { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key }),
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(14),
    });
    if (key !== undefined) {
      // EventBridge delivers to the queue (as a rule target or a target's dead-letter queue) with the queue's key;
      // only on behalf of rules of this account.
      key.grant(
        new iam.ServicePrincipal('events.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        'kms:GenerateDataKey',
        'kms:Decrypt',
      );
    }
    acknowledge(
      this.queue,
      { id: 'AwsSolutions-SQS3', reason: Reasons.terminalQueue },
      { id: 'Serverless-SQSRedrivePolicy', reason: Reasons.terminalQueue },
    );
    this.alarm = new cloudwatch.Alarm(this, 'MessagesVisible', {
      alarmDescription: `${props.purpose}. Queue: ${this.node.path}.`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
