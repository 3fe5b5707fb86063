import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, type IConstruct } from 'constructs';

export interface AlarmNotificationsProps {
  /**
   * An existing topic (e.g. the team's on-call topic). If it is encrypted, its key policy must let
   * cloudwatch.amazonaws.com use the key, and its topic policy must let CloudWatch alarms publish.
   * @default a new topic, encrypted with a new customer-managed KMS key
   */
  readonly topic?: sns.ITopic;
}

/**
 * Where the alarms go. An overdue GDPR erasure that alarms nobody is a compliance gap, so without a topic the stack
 * creates one: encrypted with a customer-managed key (CloudWatch cannot publish to a topic encrypted with the
 * AWS-managed aws/sns key, whose policy cannot grant it), TLS-only, and publishable by this account's alarms only.
 * Subscribe to it (output AlarmTopicArn). Cost: one KMS key, about 1 USD a month.
 */
export class AlarmNotifications extends Construct {
  readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AlarmNotificationsProps = {}) {
    super(scope, id);
    this.topic = props.topic ?? this.encryptedTopic();
  }

  /** Every alarm under `scope` notifies the topic when it goes into ALARM. Returns how many were wired. */
  notifyOnEveryAlarm(scope: IConstruct): number {
    const alarms = scope.node.findAll().filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm);
    const action = new actions.SnsAction(this.topic);
    for (const alarm of alarms) alarm.addAlarmAction(action);
    return alarms.length;
  }

  private encryptedTopic(): sns.Topic {
    const stack = Stack.of(this);
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new kms.Key(this, 'Key', {
      description: 'rekognition-cleanup: encrypts alarm notifications.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch calls KMS itself when it publishes to an encrypted topic; the account statement does not cover it.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'rekognition-cleanup alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // The topic has a policy (enforceSSL), so CloudWatch needs an explicit allow: this account's alarms only.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    return topic;
  }
}
