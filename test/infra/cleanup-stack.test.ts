import './support/skip-builtin-validation';
import { Match } from 'aws-cdk-lib/assertions';
import { actionsOfFunction, synthStack } from '../support/synth';

const { template } = synthStack();

describe('Lambda defaults (owned by CleanupFunction)', () => {
  const functions = Object.values(template.findResources('AWS::Lambda::Function'));

  test('there is one function per responsibility', () => {
    expect(functions).toHaveLength(12);
  });

  test.each(functions.map((f) => [f.Properties.Description as string, f]))(
    '%s: Node 24 on ARM64, traced, JSON logs to its own log group',
    (_, fn) => {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } });
      expect(fn.Properties.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'rekognition-cleanup' });
    },
  );

  test('every log group has a retention', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(9);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });
});

describe('each function may call only what it uses', () => {
  test.each([
    [
      'WorkflowPlan',
      [
        'DescribeCollection',
        'DescribeProjectVersions',
        'DescribeProjects',
        'ListCollections',
        'ListFaces',
        'ListTagsForResource',
      ],
    ],
    ['WorkflowFindSubjectFaces', ['ListFaces', 'ListTagsForResource']],
    [
      'WorkflowCleanCollection',
      [
        'DeleteCollection',
        'DeleteFaces',
        'DeleteUser',
        'DescribeCollection',
        'DisassociateFaces',
        'ListFaces',
        'ListTagsForResource',
        'ListUsers',
      ],
    ],
    ['WorkflowDeleteFaces', ['DeleteFaces', 'DeleteUser', 'DisassociateFaces', 'ListFaces']],
    [
      'WorkflowAdvanceProjectVersion',
      ['DeleteProjectVersion', 'DescribeProjectVersions', 'ListTagsForResource', 'StopProjectVersion'],
    ],
    ['WorkflowDeleteProject', ['DeleteProject', 'DescribeProjectVersions', 'DescribeProjects']],
  ])('%s', (prefix, expected) => {
    const rekognition = actionsOfFunction(template, prefix).filter((a) => a.startsWith('rekognition:'));
    expect([...new Set(rekognition)].sort()).toEqual(expected.map((a) => `rekognition:${a}`));
  });

  const JOB_STORE = [
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'kms:Decrypt',
    'kms:GenerateDataKey',
  ];
  test.each([
    // finalize-plan names each subject by its pseudonym: GenerateMac with the subject key.
    ['WorkflowFinalizePlan', [...JOB_STORE, 'kms:GenerateMac']],
    ['WorkflowReport', JOB_STORE],
  ])('%s calls nothing but the job store (and X-Ray and its logs)', (prefix, expected) => {
    const actions = actionsOfFunction(template, prefix).filter((a) => !/^(xray|logs):/.test(a));
    expect([...new Set(actions)].sort()).toEqual([...expected].sort());
  });

  test('no wildcard actions, and destructive actions are scoped to this account and region', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    for (const statement of statements) {
      const actions: string[] = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      expect(actions.some((a) => a.endsWith(':*') || a === '*')).toBe(false);
      if (actions.some((a) => /^rekognition:(Delete|Stop|Disassociate)/.test(a))) {
        expect(JSON.stringify(statement.Resource)).toMatch(/:rekognition:.*(collection|project)\/\*/);
        expect(JSON.stringify(statement.Resource)).toContain('AWS::AccountId');
      }
    }
  });
});

describe('state machine', () => {
  test('is a Standard workflow with tracing, and logs every transition but no execution data (subject ids)', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false, Level: 'ALL' }),
    });
  });

  test('logs to a group under /aws/vendedlogs/states/, so creating it never grows the account log resource policy', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.LogGroupName);
    const vended = groups.filter((name) => typeof name === 'string' && name.startsWith('/aws/vendedlogs/states/'));
    expect(vended).toHaveLength(1);
    expect(vended[0].length).toBeLessThanOrEqual(512);
  });

  test('has a job store: a DynamoDB table encrypted with a customer-managed key, with a TTL on working data', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() }),
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  test('can invoke every function of the workflow', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('StateMachineRole'),
    );
    const invoke = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s) => s.Action === 'lambda:InvokeFunction');
    const targets = JSON.stringify(invoke.map((s) => s.Resource));
    for (const fn of [
      'Plan',
      'FindSubjectFaces',
      'FinalizePlan',
      'CleanCollection',
      'DeleteFaces',
      'AdvanceProjectVersion',
      'DeleteProject',
      'Report',
    ]) {
      expect(targets).toContain(`Workflow${fn}`);
    }
  });

  test('an alarm fires on failed jobs', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('an alarm fires on jobs that ran to their report without deleting everything planned', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'RekognitionCleanup',
      MetricName: 'JobsIncomplete',
      Dimensions: [{ Name: 'service', Value: 'rekognition-cleanup' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  test('exports the state machine ARN and the job store table (where whole reports are)', () => {
    template.hasOutput('StateMachineArn', { Value: { Ref: Match.stringLikeRegexp('StateMachine') } });
    template.hasOutput('JobStoreTableName', { Value: { Ref: Match.stringLikeRegexp('WorkflowJobStoreTable') } });
  });
});
