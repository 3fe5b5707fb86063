import './support/skip-builtin-validation';
import { Duration } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { type CloudFormationTemplate, workflowFromTemplate } from '../../local/runner';
import { synthStack } from '../support/synth';

const REQUESTERS = [
  { source: 'crm.customers', principals: ['arn:aws:iam::111122223333:role/crm-erasures'], allowDryRun: true },
  { source: 'support.tickets', principals: ['444455556666'] },
];
const { template } = synthStack({ erasureRequesters: REQUESTERS });
const { template: shared } = synthStack({ erasureEventBusName: 'shared-erasure-bus', erasureRequesters: REQUESTERS });
/** As deployed without configuration. */
const { template: closed } = synthStack();

const logicalId = (t: Template, type: string, prefix: string): string => {
  const id = Object.keys(t.findResources(type)).find((key) => key.startsWith(prefix));
  if (id === undefined) throw new Error(`no ${type} ${prefix}`);
  return id;
};
const ref = (t: Template, type: string, prefix: string) => ({ Ref: logicalId(t, type, prefix) });
const arn = (t: Template, type: string, prefix: string) => ({ 'Fn::GetAtt': [logicalId(t, type, prefix), 'Arn'] });
const STATE_MACHINE = ref(template, 'AWS::StepFunctions::StateMachine', 'Workflow');
const BUS = arn(template, 'AWS::Events::EventBus', 'ErasureBus');
const TABLE = arn(template, 'AWS::DynamoDB::Table', 'ErasureReceipts');
const queue = (prefix: string) => arn(template, 'AWS::SQS::Queue', prefix);
const DEFAULT_BUS = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':events:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':event-bus/default',
    ],
  ],
};

/**
 * action -> its resources, for the role of the function whose logical id starts with `prefix`. X-Ray and the
 * function's own log group are left out: every function has them (least-privilege.test.ts checks them).
 */
/** action -> resources, every statement of the function's role (an action granted on several resources: a list). */
function grants(t: Template, prefix: string): Record<string, unknown> {
  const roleId =
    t.findResources('AWS::Lambda::Function')[logicalId(t, 'AWS::Lambda::Function', prefix)]?.Properties.Role[
      'Fn::GetAtt'
    ][0];
  const statements = Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  const result: Record<string, unknown> = {};
  for (const { Action, Resource } of statements) {
    for (const action of [Action].flat().filter((a) => !/^(xray|logs):/.test(a))) {
      result[action] = action in result ? [result[action], Resource].flat() : Resource;
    }
  }
  return result;
}

/** arn:...:states:<region>:<account>:execution:<this state machine's name>:* */
const EXECUTIONS = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':states:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':execution:',
      { 'Fn::GetAtt': [STATE_MACHINE.Ref, 'Name'] },
      ':*',
    ],
  ],
};

describe('the erasure bus', () => {
  test('is created by the stack, and the intake rule listens on it', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: ref(template, 'AWS::Events::EventBus', 'ErasureBus'),
      EventPattern: Match.objectLike({ 'detail-type': ['ErasureRequested'] }),
    });
  });

  test('or is an existing one, imported by name', () => {
    shared.resourceCountIs('AWS::Events::EventBus', 0);
    shared.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'shared-erasure-bus',
      EventPattern: Match.objectLike({ 'detail-type': ['ErasureRequested'] }),
    });
    expect(JSON.stringify(grants(shared, 'ErasureIntakeFunction')['events:PutEvents'])).toContain(
      ':event-bus/shared-erasure-bus',
    );
  });
});

describe('rules', () => {
  test('intake: ErasureRequested from the listed sources only, with retries, and no queue that would copy it', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['ErasureRequested'], source: ['crm.customers', 'support.tickets'] },
      Targets: [
        Match.objectLike({
          Arn: arn(template, 'AWS::Lambda::Function', 'ErasureIntakeFunction'),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          // A target dead-letter queue keeps the whole event, subject ids included: undelivered ones are counted.
          DeadLetterConfig: Match.absent(),
        }),
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'FailedInvocations',
      Dimensions: Match.arrayWith([
        { Name: 'RuleName', Value: ref(template, 'AWS::Events::Rule', 'ErasureIntakeRequested') },
      ]),
      Threshold: 0,
    });
  });

  test('on an existing bus too', () => {
    shared.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'shared-erasure-bus',
      EventPattern: { 'detail-type': ['ErasureRequested'], source: ['crm.customers', 'support.tickets'] },
    });
  });

  test('without requesters there is no intake rule at all', () => {
    expect(
      Object.values(closed.findResources('AWS::Events::Rule')).filter((rule) =>
        JSON.stringify(rule.Properties.EventPattern ?? {}).includes('ErasureRequested'),
      ),
    ).toEqual([]);
    // The function keeps its failure destination whatever invokes it.
    closed.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref(closed, 'AWS::Lambda::Function', 'ErasureIntakeFunction'),
      DestinationConfig: { OnFailure: { Destination: DEFAULT_BUS } },
    });
  });

  test('a request whose processing keeps failing ends in the dead-letter queue as a reduced record, not dropped', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref(template, 'AWS::Lambda::Function', 'ErasureIntakeFunction'),
      MaximumRetryAttempts: 2,
      // Lambda's invocation record holds the whole event: it goes to the default bus, never straight to a queue.
      DestinationConfig: { OnFailure: { Destination: DEFAULT_BUS } },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: {
        source: ['lambda'],
        'detail-type': ['Lambda Function Invocation Result - Failure'],
        resources: [
          { 'Fn::Join': ['', [arn(template, 'AWS::Lambda::Function', 'ErasureIntakeFunction'), ':$LATEST']] },
        ],
      },
      Targets: [
        Match.objectLike({
          Arn: queue('ErasureIntakeDeadLetters'),
          InputTransformer: Match.objectLike({ InputPathsMap: Match.anyValue() }),
          DeadLetterConfig: { Arn: queue('ErasureIntakeDeadLetters') },
        }),
      ],
    });
  });

  test('refused requests (our ErasureRejected) go to the invalid-requests queue, detail only', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['ErasureRejected'], source: ['rekognition-cleanup'] },
      Targets: [Match.objectLike({ Arn: queue('ErasureIntakeInvalidRequests'), InputPath: '$.detail' })],
    });
  });

  test('status change: closed executions of this state machine only, on the default bus', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [STATE_MACHINE], status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      Targets: [
        Match.objectLike({
          Arn: arn(template, 'AWS::Lambda::Function', 'ErasureOutcomesReceiptFunction'),
          // The function is given the execution's ARN and status, never its input or output (it describes it).
          InputTransformer: {
            InputPathsMap: {
              id: '$.id',
              'detail-executionArn': '$.detail.executionArn',
              'detail-status': '$.detail.status',
            },
            InputTemplate: '{"id":<id>,"detail":{"executionArn":<detail-executionArn>,"status":<detail-status>}}',
          },
          DeadLetterConfig: { Arn: queue('ErasureOutcomesDeadLetters') },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
        }),
      ],
    });
  });

  test('the overdue check runs hourly', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(5 * * * ? *)',
      Targets: [Match.objectLike({ Arn: arn(template, 'AWS::Lambda::Function', 'ErasureOutcomesOverdueFunction') })],
    });
  });
});

describe('receipts table', () => {
  test('keyed by erasure name (source and requestId), encrypted, point-in-time recovery, no TTL, retained with the stack gone', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [{ AttributeName: 'receiptKey', KeyType: 'HASH' }],
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: Match.absent(),
      }),
    });
  });

  test('has the status + dueAt index the overdue check queries', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'status-dueAt',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'dueAt', KeyType: 'RANGE' },
          ],
        }),
      ],
    });
  });
});

describe('alarms', () => {
  test.each([
    ['OverdueErasures', 'GreaterThanThreshold', 0, 'breaching'],
    ['ErasuresFailed', 'GreaterThanOrEqualToThreshold', 1, 'notBreaching'],
  ])('%s', (metricName, comparison, threshold, missing) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'RekognitionCleanup',
      MetricName: metricName,
      Dimensions: [{ Name: 'service', Value: 'rekognition-cleanup' }],
      ComparisonOperator: comparison,
      Threshold: threshold,
      TreatMissingData: missing,
    });
  });
});

describe('each erasure function may call only what it uses', () => {
  const jobs = { 'Fn::GetAtt': [logicalId(template, 'AWS::DynamoDB::Table', 'WorkflowJobStore'), 'Arn'] };
  const jobKey = { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'WorkflowJobStore'), 'Arn'] };
  /** What every user of the job store may do there: the code of JobStore, whichever method a function calls. */
  const jobStore = {
    'dynamodb:Query': jobs,
    'dynamodb:DeleteItem': jobs,
    'kms:Decrypt': jobKey,
    'kms:GenerateDataKey': jobKey,
  };

  test('intake: start and describe this workflow, publish on the bus, read and write receipts, store the job', () => {
    expect(grants(template, 'ErasureIntakeFunction')).toEqual({
      'states:StartExecution': STATE_MACHINE,
      'states:DescribeExecution': EXECUTIONS,
      // Its outcomes on the erasure bus; Lambda's on-failure destination on the default bus, with its role.
      'events:PutEvents': [BUS, DEFAULT_BUS],
      'dynamodb:GetItem': [TABLE, jobs],
      'dynamodb:PutItem': [TABLE, jobs],
      // A receipt whose execution name is taken; the open erasure batch it joins (conditional updates).
      'dynamodb:UpdateItem': [TABLE, jobs],
      ...jobStore,
      // Pseudonyms of the request's subject (subjectRef, the request's fingerprint).
      'kms:GenerateMac': { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'SubjectKey'), 'Arn'] },
    });
  });

  test('receipt: describe this workflow executions, publish on the bus, read and write receipts, read the job store', () => {
    expect(grants(template, 'ErasureOutcomesReceiptFunction')).toEqual({
      'states:DescribeExecution': EXECUTIONS,
      'events:PutEvents': [BUS, DEFAULT_BUS],
      'dynamodb:GetItem': [TABLE, jobs],
      'dynamodb:PutItem': [TABLE, jobs],
      // Closes an erasure batch whose execution ended before closing it.
      'dynamodb:UpdateItem': jobs,
      ...jobStore,
    });
  });

  test('overdue check: query the status index, nothing else', () => {
    expect(grants(template, 'ErasureOutcomesOverdueFunction')).toEqual({
      'dynamodb:Query': { 'Fn::Join': ['', [TABLE, '/index/status-dueAt']] },
      'events:PutEvents': DEFAULT_BUS,
    });
  });

  test('the functions know where to work', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          STATE_MACHINE_ARN: STATE_MACHINE,
          ERASURE_EVENT_BUS_NAME: ref(template, 'AWS::Events::EventBus', 'ErasureBus'),
          RECEIPTS_TABLE_NAME: ref(template, 'AWS::DynamoDB::Table', 'ErasureReceipts'),
          ERASURE_SLA_SECONDS: '86400',
          ERASURE_BATCH_WINDOW_SECONDS: '180',
          ERASURE_REQUESTERS: JSON.stringify([
            { source: 'crm.customers', accounts: ['111122223333'], allowDryRun: true },
            { source: 'support.tickets', accounts: ['444455556666'], allowDryRun: false },
          ]),
        }),
      },
    });
  });
});

describe('erasure SLA', () => {
  test('is a prop', () => {
    const { template: fast } = synthStack({ erasureSla: Duration.hours(4) });
    fast.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ERASURE_SLA_SECONDS: '14400' }) },
    });
  });

  test('may not reach the one-month legal deadline', () => {
    expect(() => synthStack({ erasureSla: Duration.days(31) })).toThrow(/erasureSla must be between/);
  });
});

describe('erasure batch window', () => {
  const waitOf = (t: typeof template) =>
    (workflowFromTemplate(t.toJSON() as CloudFormationTemplate).definition.States as Record<string, unknown>)
      .BatchWindow;

  test('is a prop: the intake batches for that long, and the batch execution waits as long', () => {
    const { template: quick } = synthStack({ erasureBatchWindow: Duration.seconds(60) });
    quick.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ERASURE_BATCH_WINDOW_SECONDS: '60' }) },
    });
    expect(waitOf(quick)).toMatchObject({ Type: 'Wait', Seconds: 60 });
  });

  test('0 turns batching off (one execution per request)', () => {
    const { template: off } = synthStack({ erasureBatchWindow: Duration.seconds(0) });
    off.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ERASURE_BATCH_WINDOW_SECONDS: '0' }) },
    });
  });

  test('must stay well inside the SLA: a tenth of it, at most an hour, whole seconds', () => {
    expect(() => synthStack({ erasureSla: Duration.hours(1), erasureBatchWindow: Duration.minutes(10) })).toThrow(
      /erasureBatchWindow must be whole seconds from 0 \(no batching\) to 360 s/,
    );
    expect(() => synthStack({ erasureBatchWindow: Duration.hours(2) })).toThrow(/to 3600 s/);
    expect(() => synthStack({ erasureBatchWindow: Duration.millis(1500) })).toThrow(/whole seconds/);
  });
});
