import './support/skip-builtin-validation';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CleanupStack } from '../../lib/cleanup-stack';
import { synthStack } from '../support/synth';

const NIGHTLY = {
  name: 'nightly',
  schedule: 'cron(0 3 * * ? *)',
  job: { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' as const }] },
};
const { template } = synthStack({ retentionPolicies: [NIGHTLY] });
const alarms = template.findResources('AWS::CloudWatch::Alarm');
const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0] as string;

describe('alarms', () => {
  test('jobs: failed executions and incomplete jobs; erasures: failed and overdue; each dead-letter queue', () => {
    const watched = Object.values(alarms).map((a) => a.Properties.MetricName as string);
    expect(watched.sort()).toEqual(
      [
        'ExecutionsFailed',
        'JobsIncomplete',
        'ErasuresFailed',
        'OverdueErasures',
        ...Array(4).fill('ApproximateNumberOfMessagesVisible'),
      ].sort(),
    );
  });

  test('every alarm notifies the alarm topic', () => {
    for (const alarm of Object.values(alarms)) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });
});

describe('the alarm topic the stack creates', () => {
  test('is encrypted with a customer-managed key that rotates (CloudWatch cannot use aws/sns)', () => {
    const keyId = Object.keys(template.findResources('AWS::KMS::Key')).find((id) => id.startsWith('Alarms'));
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  test("refuses plain HTTP, and lets only this account's alarms publish", () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            },
          }),
        ]),
      },
    });
  });

  test('is exported for subscriptions', () => {
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
  });
});

describe('an existing topic', () => {
  const ARN = 'arn:aws:sns:eu-west-1:123456789012:on-call';

  test("as a prop (here another stack's topic): no topic or key is created, and the alarms notify it", () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const onCall = new sns.Topic(new Stack(app, 'Shared'), 'OnCall');
    const t = Template.fromStack(new CleanupStack(app, 'WithTopic', { alarmTopic: onCall }));
    t.resourceCountIs('AWS::SNS::Topic', 0);
    // The job store's key and the subject key only.
    const other = (id: string) => !id.startsWith('WorkflowJobStore') && !id.startsWith('SubjectKey');
    expect(Object.keys(t.findResources('AWS::KMS::Key')).filter(other)).toEqual([]);
    for (const alarm of Object.values(t.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ 'Fn::ImportValue': expect.stringMatching(/OnCall/) }]);
    }
  });

  test('from the alarmTopicArn context value, which must be an SNS topic ARN', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], alarmTopicArn: ARN } });
    const t = Template.fromStack(new CleanupStack(app, 'FromContext'));
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [ARN] });
    const bad = new App({ context: { alarmTopicArn: 'on-call' } });
    expect(() => new CleanupStack(bad, 'Bad')).toThrow(/alarmTopicArn: must be an SNS topic ARN/);
  });
});
