import './support/skip-builtin-validation';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { RetentionPolicyConfig } from '../../lib/config/retention-policies';
import { synthStack } from '../support/synth';

const NIGHTLY_PURGE: RetentionPolicyConfig = {
  name: 'tmp-purge',
  schedule: 'cron(0 3 * * ? *)',
  timeZone: 'Europe/Paris',
  job: { maxDeletions: 1000, collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }] },
};
const DISABLED_DRY_RUN: RetentionPolicyConfig = {
  name: 'old-versions',
  schedule: 'rate(7 days)',
  enabled: false,
  dryRun: true,
  job: {
    projectVersions: [
      {
        select: {
          projectArn: 'arn:aws:rekognition:us-east-1:123456789012:project/example-project/1700000000000',
          olderThanDays: 90,
          keepLatest: 2,
        },
      },
    ],
  },
};

/** The ML team's "stop every experiment model at 20:00": a STOP job is scheduled like any other. */
const NIGHTLY_STOP: RetentionPolicyConfig = {
  name: 'stop-experiments',
  schedule: 'cron(0 20 * * ? *)',
  timeZone: 'Europe/Berlin',
  job: {
    projectVersions: [
      {
        select: {
          projectArn: 'arn:aws:rekognition:us-east-1:123456789012:project/lab/1700000000000',
          tags: { stage: 'experiment' },
        },
        action: 'STOP',
      },
    ],
  },
};

const { template } = synthStack({ retentionPolicies: [NIGHTLY_PURGE, DISABLED_DRY_RUN, NIGHTLY_STOP] });

const logicalId = (t: Template, type: string, prefix: string): string => {
  const id = Object.keys(t.findResources(type)).find((key) => key.startsWith(prefix));
  if (id === undefined) throw new Error(`no ${type} ${prefix}`);
  return id;
};
const STATE_MACHINE = { Ref: logicalId(template, 'AWS::StepFunctions::StateMachine', 'Workflow') };
const arnOf = (prefix: string, type: string) => ({ 'Fn::GetAtt': [logicalId(template, type, prefix), 'Arn'] });

describe('retention schedules', () => {
  test('one schedule per policy, disabled ones included', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
  });

  test('the schedule group goes with the stack: a retained one would collide with the next stack of that name', () => {
    template.hasResource('AWS::Scheduler::ScheduleGroup', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('an enabled policy: its expression, time zone and job, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'tmp-purge',
      GroupName: Match.anyValue(),
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'ENABLED',
      Target: {
        Arn: STATE_MACHINE,
        RoleArn: arnOf('RetentionSchedulerRole', 'AWS::IAM::Role'),
        Input: Match.serializedJson({ ...NIGHTLY_PURGE.job, dryRun: false }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: arnOf('RetentionDeadLetters', 'AWS::SQS::Queue') },
      },
    });
  });

  test('a STOP policy: at 20:00 Berlin time, starting the workflow with its STOP job', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'stop-experiments',
      ScheduleExpression: 'cron(0 20 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      Target: Match.objectLike({ Input: Match.serializedJson({ ...NIGHTLY_STOP.job, dryRun: false }) }),
    });
  });

  test('a disabled dry-run policy is deployed DISABLED, in UTC by default, with dryRun in its input', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'old-versions',
      ScheduleExpression: 'rate(7 days)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'DISABLED',
      Target: Match.objectLike({ Input: Match.serializedJson({ ...DISABLED_DRY_RUN.job, dryRun: true }) }),
    });
  });

  test('the scheduler role can start this state machine and write its dead-letter queue, nothing else', () => {
    const roleId = logicalId(template, 'AWS::IAM::Role', 'RetentionSchedulerRole');
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Action: 'states:StartExecution', Effect: 'Allow', Resource: STATE_MACHINE },
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf('RetentionDeadLetters', 'AWS::SQS::Queue') },
    ]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': arnOf('RetentionGroup', 'AWS::Scheduler::ScheduleGroup') },
            },
          }),
        ],
      },
    });
  });

  test('no policy, no schedule infrastructure', () => {
    const { template: bare } = synthStack();
    bare.resourceCountIs('AWS::Scheduler::Schedule', 0);
    bare.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
  });
});

describe('dead-letter queues', () => {
  const queues = template.findResources('AWS::SQS::Queue');

  test('every queue is encrypted, refuses plain HTTP and has an alarm on its first visible message', () => {
    expect(Object.keys(queues)).toHaveLength(4);
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    for (const [id, queue] of Object.entries(queues)) {
      // The erasure queues use the job store's customer-managed key (issue 11); the others SQS-managed SSE.
      const encrypted = queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined;
      expect([id, encrypted]).toEqual([id, true]);
      const policy = policies.find((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: id }]));
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const alarm = alarms.find(
        (a) =>
          JSON.stringify(a.Properties.Dimensions) ===
          JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [id, 'QueueName'] } }]),
      );
      expect(alarm?.Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });
});
