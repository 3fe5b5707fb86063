/**
 * RekognitionCleanup as a platform team uses it: in a stack of their own, configured by props only (never by
 * context), several times if they like; every mistake in its props fails synth with the option's path.
 */
import './support/skip-builtin-validation';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CleanupStack } from '../../lib/cleanup-stack';
import { RekognitionCleanup, type RekognitionCleanupProps } from '../../lib/rekognition-cleanup';

const POLICY = {
  name: 'nightly',
  schedule: 'cron(0 3 * * ? *)',
  job: { collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' as const }] },
};

function userStack(context: Record<string, unknown> = {}): Stack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return new Stack(app, 'PlatformStack');
}

test("in the user's own stack, it reads no context: cdk.json keys are the app's concern", () => {
  const stack = userStack({ retentionPolicies: [POLICY], subjectKeyArn: 'not an ARN', alarmTopicArn: 'nor this' });
  new RekognitionCleanup(stack, 'Cleanup');
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Scheduler::Schedule', 0);
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  // The stack's outputs are CleanupStack's, not the construct's.
  expect(template.toJSON().Outputs).toBeUndefined();
});

test('with props, it builds what they ask for', () => {
  const stack = userStack();
  const cleanup = new RekognitionCleanup(stack, 'Cleanup', { retentionPolicies: [POLICY], dashboard: false });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Scheduler::Schedule', 1);
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  expect(cleanup.retention).toBeDefined();
  expect(cleanup.dashboard).toBeUndefined();
});

test('two in one stack: each has its own state machine, subject key, bus and alarm topic', () => {
  const stack = userStack();
  const first = new RekognitionCleanup(stack, 'Eu');
  const second = new RekognitionCleanup(stack, 'Us');
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
  template.resourceCountIs('AWS::Events::EventBus', 2);
  template.resourceCountIs('AWS::SNS::Topic', 2);
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 2);
  const hmacKeys = Object.keys(template.findResources('AWS::KMS::Key', { Properties: { KeySpec: 'HMAC_256' } }));
  expect(hmacKeys.sort()).toEqual([expect.stringMatching(/^EuSubjectKey/), expect.stringMatching(/^UsSubjectKey/)]);
  // Each one's alarms notify its own topic only.
  const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'));
  for (const [id, alarm] of alarms) {
    const topic = (id.startsWith('Eu') ? first : second).alarmTopic;
    expect(alarm.Properties.AlarmActions).toEqual([stack.resolve(topic.topicArn)]);
  }
});

describe('every option is validated at synth, and the message names it', () => {
  test.each<[string, RekognitionCleanupProps, string]>([
    ['a tag key AWS reserves', { workflow: { protectTagKey: 'aws:protect' } }, 'workflow.protectTagKey: must be'],
    ['a tag value too long', { workflow: { protectTagValue: 'x'.repeat(257) } }, 'workflow.protectTagValue: must be'],
    ['no polls', { workflow: { maxVersionPolls: 0 } }, 'workflow.maxVersionPolls: must be a positive integer'],
    ['a fraction of a poll', { workflow: { maxVersionPolls: 1.5 } }, 'workflow.maxVersionPolls: must be a positive'],
    ['a job longer than a workflow can run', { workflow: { jobTimeout: Duration.days(400) } }, 'workflow.jobTimeout'],
    ['no time to wait for versions', { workflow: { maxVersionWait: Duration.seconds(0) } }, 'workflow.maxVersionWait'],
    [
      'job data kept less than a day',
      { workflow: { jobDataRetention: Duration.hours(2) } },
      'workflow.jobDataRetention',
    ],
    [
      'a zero deletion cap',
      { workflow: { defaultMaxDeletions: 0 } },
      'workflow.defaultMaxDeletions: must be a positive',
    ],
    ['a poll in hours', { workflow: { tuning: { longPoll: Duration.hours(5) } } }, 'workflow.tuning.longPoll: must be'],
    [
      'a quota for an operation the workflow never calls (a typo)',
      { workflow: { rekognitionTps: { DeleteFace: 5 } } },
      'rekognitionTps: "DeleteFace" is not an operation the workflow calls',
    ],
    ['a zero quota', { workflow: { rekognitionTps: { '*': 0 } } }, 'rekognitionTps.* must be a positive number'],
    ['a bus name with a space', { erasureEventBusName: 'my bus' }, 'erasureEventBusName: must be an event bus name'],
    ['a dashboard name with a dot', { dashboardName: 'ops.cleanup' }, 'dashboardName: must be a dashboard name'],
    [
      'a subject key that is not a KMS key ARN',
      { subjectKeyArn: 'alias/subjects' },
      'subjectKeyArn: must be a KMS key',
    ],
    ['an SLA over 28 days', { erasureSla: Duration.days(30) }, 'erasureSla must be between'],
    [
      'a retention policy without a schedule',
      { retentionPolicies: [{ ...POLICY, schedule: '' }] },
      'retentionPolicies[0] ("nightly").schedule: must be',
    ],
    [
      'an erasure requester without principals',
      { erasureRequesters: [{ source: 'com.example.crm', principals: [] }] },
      'erasureRequesters[0].principals',
    ],
  ])('%s', (_, props, message) => {
    expect(() => new RekognitionCleanup(userStack(), 'Cleanup', props)).toThrow(message);
  });

  test('the defaults pass', () => {
    expect(() => new RekognitionCleanup(userStack(), 'Cleanup', {})).not.toThrow();
  });
});

test('CleanupStack is a thin user: the construct, with the context as its defaults, and the outputs the CLI reads', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], retentionPolicies: [POLICY] } });
  const stack = new CleanupStack(app, 'App');
  const template = Template.fromStack(stack);
  expect(stack.cleanup).toBeInstanceOf(RekognitionCleanup);
  template.resourceCountIs('AWS::Scheduler::Schedule', 1);
  expect(Object.keys(template.toJSON().Outputs).sort()).toEqual([
    'AlarmTopicArn',
    'DashboardName',
    'ErasureEventBusName',
    'ErasureReceiptsTableName',
    'ErasureSlaSeconds',
    'InvalidErasureRequestsQueueUrl',
    'JobStoreTableName',
    'RetentionScheduleGroupName',
    'StateMachineArn',
    'SubjectKeyArn',
  ]);
  // The construct's id (Default) is not in the logical ids: they are those the stack had when it built everything.
  expect(Object.keys(template.toJSON().Resources)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^WorkflowStateMachine[0-9A-F]{8}$/),
      expect.stringMatching(/^ErasureBus/),
    ]),
  );
});
