import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { cliHarness, executionArn, jobFile, RETENTION_JOB, STATE_MACHINE_ARN, sdkError } from './support/cli-harness';
import { report, scriptExecution } from './support/fake-execution';

const cli = cliHarness();
const ARN = executionArn(RETENTION_JOB.requestId);

beforeEach(() => cli.reset());

function startsOk() {
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
}

describe('--stack-name', () => {
  const stackArgs = (...extra: string[]) => [
    'run',
    '--input',
    jobFile(RETENTION_JOB),
    '--stack-name',
    'RekognitionCleanup',
    ...extra,
  ];

  test("resolves the state machine from the stack's StateMachineArn output", async () => {
    cli.mocks.cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'RekognitionCleanup',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [
            { OutputKey: 'Other', OutputValue: 'x' },
            { OutputKey: 'StateMachineArn', OutputValue: STATE_MACHINE_ARN },
          ],
        },
      ],
    });
    startsOk();
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      batches: [[]],
      end: { status: 'SUCCEEDED', output: JSON.stringify(report()) },
    });

    const result = await cli.run(stackArgs('--yes', '--region', 'eu-west-1'));

    expect(result.code).toBe(0);
    expect(cli.mocks.cloudFormation.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({
      StackName: 'RekognitionCleanup',
    });
    expect(cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.stateMachineArn).toBe(STATE_MACHINE_ARN);
  });

  test('a stack without the output: a clear error naming what it has, exit 2, nothing started', async () => {
    cli.mocks.cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'SomethingElse',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'BucketName', OutputValue: 'b' }],
        },
      ],
    });
    const result = await cli.run(stackArgs('--yes'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stack "RekognitionCleanup" (CREATE_COMPLETE) has no StateMachineArn output');
    expect(result.stderr).toContain('outputs: BucketName');
    expect(cli.mocks.sfn.calls()).toHaveLength(0);
  });

  test('a stack that does not exist: exit 2', async () => {
    cli.mocks.cloudFormation
      .on(DescribeStacksCommand)
      .rejects(sdkError('ValidationError', 'Stack with id RekognitionCleanup does not exist'));
    const result = await cli.run(stackArgs('--yes'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stack "RekognitionCleanup" does not exist');
    expect(cli.mocks.sfn.calls()).toHaveLength(0);
  });
});

describe('options that contradict each other are usage errors, before any AWS call', () => {
  test.each([
    [['--state-machine-arn', STATE_MACHINE_ARN, '--stack-name', 'S'], 'not both'],
    [
      ['--state-machine-arn', STATE_MACHINE_ARN, '--rekognition-endpoint', 'http://localhost:4566'],
      'runs the job locally',
    ],
    [['--state-machine-arn', STATE_MACHINE_ARN, '--time-scale', '0.1'], 'local runs only'],
    [['--poll-seconds', '1'], 'deployed runs only'],
    [['--state-machine-arn', STATE_MACHINE_ARN, '--poll-seconds', '0'], 'must be a positive number'],
    [['--state-machine-arn', 'RekognitionCleanup'], 'must be a state machine ARN'],
  ])('%j', async (options, message) => {
    const result = await cli.run(['run', '--input', jobFile(RETENTION_JOB), '--yes', ...options]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(cli.awsCalls()).toBe(0);
  });
});
