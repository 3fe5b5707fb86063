import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AccessError } from '../../../lib/cli/aws-access';
import { cliHarness, executionArn, jobFile, RETENTION_JOB, STATE_MACHINE_ARN, sdkError } from './support/cli-harness';
import { HistoryBuilder, jobRef, laneState, report, scriptExecution } from './support/fake-execution';

const cli = cliHarness();
const NAME = RETENTION_JOB.requestId;
const ARN = executionArn(NAME);

/** Plan, then the collections lane emptying tmp-1 in two invocations, over three polls. */
function retentionHistory(end: unknown) {
  const h = new HistoryBuilder();
  const ref = jobRef(
    { collections: 1, faceGroups: 0, find: 0, subjects: 0, projectVersions: 0, projects: 0, skipped: 0 },
    { collections: [0] },
  );
  const checked = { ...ref, totals: { plannedDeletions: 40960, faces: 40960 } };
  const first = laneState('collections', 0, { done: false });
  const second = laneState('collections', 0, { done: false, position: 0, items: 1, invocations: 1 });
  const cleaned = laneState('collections', 0, { done: true, position: 1, items: 1, invocations: 2 });
  return [
    [
      ...h.started(RETENTION_JOB),
      ...h.task('Plan', ref, { job: RETENTION_JOB, planning: { done: false, invocations: 0 } }),
      ...h.map('FindSubjectFaces', ref, []),
    ],
    [...h.task('FinalizePlan', checked, ref), ...h.task('CleanCollection', second, first)],
    [
      ...h.task('CleanCollection', cleaned, second),
      ...h.pass('CleanCollectionFinished', { lane: 0, progress: cleaned.progress }),
      ...(end === undefined ? [] : h.succeeded(end)),
    ],
  ];
}

function startsOk() {
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
}

const runArgs = (...extra: string[]) => [
  'run',
  '--input',
  jobFile(RETENTION_JOB),
  '--state-machine-arn',
  STATE_MACHINE_ARN,
  ...extra,
];

beforeEach(() => cli.reset());

describe('run on the deployed state machine', () => {
  test('starts one execution named after the requestId, follows it to SUCCEEDED and prints the report', async () => {
    startsOk();
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      batches: retentionHistory(report()),
      end: { status: 'SUCCEEDED', output: JSON.stringify(report()) },
    });

    const result = await cli.run(runArgs('--yes'));

    expect(result.code).toBe(0);
    const starts = cli.mocks.sfn.commandCalls(StartExecutionCommand);
    expect(starts).toHaveLength(1);
    const input = starts[0]?.args[0].input;
    expect(input?.stateMachineArn).toBe(STATE_MACHINE_ARN);
    expect(input?.name).toBe(NAME);
    expect(JSON.parse(input?.input ?? '')).toEqual(RETENTION_JOB);
    // The region comes from the ARN when --region is not given.
    expect(cli.clientRequests).toContainEqual({ region: 'eu-west-1' });

    const progress = [
      'planned: 1 collection, 0 face lists, 0 subject searches, 0 project versions, 0 skipped (protected)',
      'plan checked: 40,960 deletions planned (40,960 faces, 0 collections, 0 project versions)',
      '  collections lane 0: 0 of 1 cleaned',
      '  collections lane 0: 1 of 1 cleaned (done)',
      'execution succeeded',
    ];
    const lines = result.stderr.split('\n');
    const positions = progress.map((line) => lines.indexOf(line));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Incremental: no event is rendered twice across polls (the follower re-reads the whole history each time).
    for (const line of progress) expect(lines.filter((printed) => printed === line)).toHaveLength(1);
    expect(result.stderr).toContain(`rekognition-cleanup status ${ARN}`);

    expect(result.stdout).toContain('Job retention-2026-11-22: SUCCEEDED');
    expect(result.stdout).toContain('tmp-1  DELETE_FACES  EMPTIED');
    expect(cli.sleeps).toEqual([2000, 2000]);
  });

  test('--poll-seconds sets the wait between polls', async () => {
    startsOk();
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      batches: retentionHistory(report()),
      end: { status: 'SUCCEEDED', output: JSON.stringify(report()) },
    });
    expect((await cli.run(runArgs('--yes', '--poll-seconds', '0.5'))).code).toBe(0);
    expect(cli.sleeps).toEqual([500, 500]);
  });

  test('--json prints only the report, as JSON, on stdout; progress stays on stderr', async () => {
    startsOk();
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      batches: retentionHistory(report()),
      end: { status: 'SUCCEEDED', output: JSON.stringify(report()) },
    });
    const result = await cli.run(runArgs('--yes', '--json'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(report());
    expect(result.stderr).toContain('  collections lane 0: 1 of 1 cleaned (done)\n');
    expect(result.stdout).not.toContain('lane 0');
  });

  test('CleanupIncomplete: the report comes from the cause, exit 1', async () => {
    const partial = report({
      status: 'PARTIALLY_FAILED',
      counts: { alreadyAbsent: 0, skipped: 0, failed: 1 },
      failures: [{ kind: 'collection', id: 'tmp-2', error: 'AccessDeniedException: not allowed' }],
    });
    startsOk();
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      batches: retentionHistory(undefined),
      end: { status: 'FAILED', error: 'CleanupIncomplete', cause: JSON.stringify(partial) },
    });

    const human = await cli.run(runArgs('--yes'));
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('Job retention-2026-11-22: PARTIALLY_FAILED');
    expect(human.stdout).toContain('collection tmp-2: AccessDeniedException: not allowed');

    cli.reset();
    startsOk();
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      batches: retentionHistory(undefined),
      end: { status: 'FAILED', error: 'CleanupIncomplete', cause: JSON.stringify(partial) },
    });
    const json = await cli.run(runArgs('--yes', '--json'));
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(partial);
  });

  test('InvalidJobError from the deployed validator: the error is printed, exit 2', async () => {
    startsOk();
    const h = new HistoryBuilder();
    const cause = JSON.stringify({ errorType: 'InvalidJobError', errorMessage: 'collections[0].select: not allowed' });
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      batches: [[...h.started(RETENTION_JOB), ...h.failed('InvalidJobError', cause)]],
      end: { status: 'FAILED', error: 'InvalidJobError', cause },
    });
    const result = await cli.run(runArgs('--yes'));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Job FAILED: InvalidJobError');
    expect(result.stdout).toContain('collections[0].select: not allowed');
    expect(result.stderr).toContain('execution failed: InvalidJobError');
  });

  test.each([
    ['an invalid job', { collections: [{ select: { prefix: 'tmp-' }, action: 'SHRED' }] }, 'invalid job'],
    ['a job that selects nothing', { requestId: 'x' }, 'selects nothing'],
    ['a file that is not JSON', '{"requestId": ', 'is not valid JSON'],
  ])('%s: exit 2 before any AWS call', async (_name, job, message) => {
    const result = await cli.run(['run', '--input', jobFile(job), '--state-machine-arn', STATE_MACHINE_ARN, '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(cli.awsCalls()).toBe(0);
  });

  test('a deleting job on a non-terminal without --yes: exit 2, nothing started', async () => {
    const result = await cli.run(runArgs());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --yes');
    expect(cli.mocks.sfn.calls()).toHaveLength(0);
  });

  test('on a terminal, typing "delete" confirms; anything else starts nothing', async () => {
    const refused = await cli.run(runArgs(), { tty: true, stdin: 'no\n' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `About to delete in AWS account 123456789012, region eu-west-1, on state machine ${STATE_MACHINE_ARN}`,
    );
    expect(cli.mocks.sfn.calls()).toHaveLength(0);

    startsOk();
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      batches: retentionHistory(report()),
      end: { status: 'SUCCEEDED', output: JSON.stringify(report()) },
    });
    const confirmed = await cli.run(runArgs(), { tty: true, stdin: 'delete\n' });
    expect(confirmed.code).toBe(0);
    expect(cli.mocks.sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  test('ExecutionAlreadyExists with the same job: the existing execution is followed, not restarted', async () => {
    cli.mocks.sfn
      .on(StartExecutionCommand)
      .rejects(sdkError('ExecutionAlreadyExists', `Execution Already Exists: '${ARN}'`));
    // Same job, keys in another order: what the state machine reads is the same.
    const sameJob = JSON.stringify({ collections: RETENTION_JOB.collections, maxDeletions: 250_000, requestId: NAME });
    scriptExecution(cli.mocks.sfn, {
      executionArn: ARN,
      input: sameJob,
      batches: [retentionHistory(report()).flat()],
      end: { status: 'SUCCEEDED', output: JSON.stringify(report()) },
    });

    const result = await cli.run(runArgs('--yes'));

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`requestId "${NAME}" already ran this job (SUCCEEDED)`);
    expect(result.stdout).toContain('Job retention-2026-11-22: SUCCEEDED');
    expect(cli.mocks.sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(cli.mocks.sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({ executionArn: ARN });
  });

  test('ExecutionAlreadyExists with a different job: exit 2, the other execution is left alone', async () => {
    cli.mocks.sfn.on(StartExecutionCommand).rejects(sdkError('ExecutionAlreadyExists'));
    cli.mocks.sfn.on(DescribeExecutionCommand).resolves({
      executionArn: ARN,
      status: 'RUNNING',
      input: JSON.stringify({ ...RETENTION_JOB, maxDeletions: 10 }),
    });
    const result = await cli.run(runArgs('--yes'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists with a different job');
    expect(result.stderr).toContain('new requestId');
    expect(cli.mocks.sfn.commandCalls(GetExecutionHistoryCommand)).toHaveLength(0);
  });

  test('a job without requestId: Step Functions names the execution', async () => {
    const { requestId: _dropped, ...job } = RETENTION_JOB;
    const arn = executionArn('6f1c2e1e-0000-4000-8000-000000000000');
    cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: arn, startDate: new Date() });
    scriptExecution(cli.mocks.sfn, {
      executionArn: arn,
      batches: [[]],
      end: { status: 'SUCCEEDED', output: JSON.stringify(report({ requestId: undefined })) },
    });
    const result = await cli.run(['run', '-i', jobFile(job), '--state-machine-arn', STATE_MACHINE_ARN, '--yes']);
    expect(result.code).toBe(0);
    expect(cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).not.toHaveProperty('name');
  });

  test('AWS refuses the start: one line on stderr, exit 1', async () => {
    cli.mocks.sfn
      .on(StartExecutionCommand)
      .rejects(sdkError('AccessDeniedException', 'not authorized to StartExecution'));
    const result = await cli.run(runArgs('--yes'));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('rekognition-cleanup: AccessDeniedException: not authorized to StartExecution');
  });
});

describe('credentials are checked before any prompt', () => {
  const cli = cliHarness();
  beforeEach(() => cli.reset());

  test('no credentials: one line, exit 1, no prompt and nothing started', async () => {
    cli.failAccess(new AccessError('no AWS credentials found: Could not load credentials from any providers'));
    const result = await cli.run(runArgs(), { tty: true, stdin: 'delete\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'rekognition-cleanup: no AWS credentials found: Could not load credentials from any providers\n',
    );
    expect(cli.mocks.sfn.calls()).toHaveLength(0);
  });
});
