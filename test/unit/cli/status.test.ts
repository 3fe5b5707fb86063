import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { cliHarness, executionArn, sdkError } from './support/cli-harness';
import { HistoryBuilder, jobRef, laneState, report } from './support/fake-execution';

const cli = cliHarness();
const ARN = executionArn('retention-2026-11-22');

/** A big retention job: four collection lanes; lane 1 and then lane 0 report their progress. */
function runningHistory() {
  const h = new HistoryBuilder();
  const ref = jobRef(
    { collections: 4096, faceGroups: 0, find: 0, subjects: 0, projectVersions: 0, projects: 0, skipped: 12 },
    { collections: [0, 1, 2, 3] },
  );
  const lane = (n: number, position: number, done = false) =>
    laneState('collections', n, { done, position, items: 1024, invocations: 1 });
  return [
    ...h.started({}),
    ...h.task('Plan', ref),
    ...h.task('FinalizePlan', { ...ref, totals: { plannedDeletions: 4096, faces: 0 } }, ref),
    ...h.task('CleanCollection', lane(1, 1000), laneState('collections', 1, { done: false })),
    ...h.task('CleanCollection', lane(0, 1024, true), lane(0, 512)),
  ];
}

beforeEach(() => cli.reset());

describe('status of a running execution', () => {
  beforeEach(() => {
    cli.mocks.sfn.on(DescribeExecutionCommand).resolves({
      executionArn: ARN,
      name: 'retention-2026-11-22',
      status: 'RUNNING',
      startDate: new Date('2026-11-22T10:00:00Z'),
    });
    cli.mocks.sfn.on(GetExecutionHistoryCommand).resolves({ events: [...runningHistory()].reverse() });
  });

  test('shows the start time and the latest progress, exit 0', async () => {
    const result = await cli.run(['status', ARN]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Execution retention-2026-11-22: RUNNING since 2026-11-22T10:00:00.000Z (30 min)');
    const lines = result.stdout.split('\n');
    expect(lines.at(-2)).toBe('  collections lane 0: 1,024 of 1,024 cleaned (done)');
    expect(cli.mocks.sfn.commandCalls(GetExecutionHistoryCommand)[0]?.args[0].input).toMatchObject({
      executionArn: ARN,
      reverseOrder: true,
    });
  });

  test('--json: status, start and latest progress lines', async () => {
    const result = await cli.run(['status', ARN, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      executionArn: ARN,
      name: 'retention-2026-11-22',
      status: 'RUNNING',
      startDate: '2026-11-22T10:00:00.000Z',
      latestProgress: [
        'planned: 4,096 collections, 0 face lists, 0 subject searches, 0 project versions, 12 skipped (protected)',
        'plan checked: 4,096 deletions planned (0 faces, 0 collections, 0 project versions)',
        '  collections lane 1: 1,000 of 1,024 cleaned',
        '  collections lane 0: 1,024 of 1,024 cleaned (done)',
      ],
    });
  });

  test('the region comes from the ARN unless --region is given', async () => {
    await cli.run(['status', ARN]);
    await cli.run(['status', ARN, '--region', 'us-west-2']);
    expect(cli.clientRequests.map((request) => request.region)).toEqual(['eu-west-1', 'us-west-2']);
  });
});

describe('status of an ended execution', () => {
  test('succeeded: the report, exit 0', async () => {
    cli.mocks.sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: ARN, status: 'SUCCEEDED', output: JSON.stringify(report()) });
    const human = await cli.run(['status', ARN]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Job retention-2026-11-22: SUCCEEDED');
    const json = await cli.run(['status', ARN, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(report());
    expect(cli.mocks.sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(0);
  });

  test('incomplete: the report from the cause, exit 1', async () => {
    const partial = report({ status: 'PARTIALLY_FAILED' });
    cli.mocks.sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: ARN, status: 'FAILED', error: 'CleanupIncomplete', cause: JSON.stringify(partial) });
    const result = await cli.run(['status', ARN, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual(partial);
  });

  test('refused by maxDeletions: the error, exit 1', async () => {
    const cause = JSON.stringify({ errorMessage: 'the plan deletes 900 resources, more than maxDeletions=10' });
    cli.mocks.sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: ARN, status: 'FAILED', error: 'MaxDeletionsExceededError', cause });
    const result = await cli.run(['status', ARN]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Job FAILED: MaxDeletionsExceededError');
    expect(result.stdout).toContain('more than maxDeletions=10');
  });

  test('an invalid job: exit 2, the error as JSON with --json', async () => {
    const cause = JSON.stringify({ errorMessage: 'faces[0].faceIds[3]: must be a lowercase UUID' });
    cli.mocks.sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: ARN, status: 'FAILED', error: 'InvalidJobError', cause });
    const result = await cli.run(['status', ARN, '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 'FAILED',
      error: 'InvalidJobError',
      cause: 'faces[0].faceIds[3]: must be a lowercase UUID',
    });
  });

  test('aborted: exit 1', async () => {
    cli.mocks.sfn.on(DescribeExecutionCommand).resolves({ executionArn: ARN, status: 'ABORTED' });
    const result = await cli.run(['status', ARN]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Job ABORTED');
  });
});

describe('status usage', () => {
  test.each([
    [['status'], 'needs the execution ARN'],
    [['status', 'retention-2026-11-22'], 'not an execution ARN'],
    [['status', ARN, ARN], 'unexpected argument'],
  ])('%j: exit 2, nothing called', async (argv, message) => {
    const result = await cli.run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(cli.awsCalls()).toBe(0);
  });

  test('an execution that does not exist: exit 2', async () => {
    cli.mocks.sfn.on(DescribeExecutionCommand).rejects(sdkError('ExecutionDoesNotExist'));
    const result = await cli.run(['status', ARN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no such execution: ${ARN}`);
  });
});
