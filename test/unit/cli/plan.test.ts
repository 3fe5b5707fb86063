import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { cliHarness, executionArn, jobFile, RETENTION_JOB, STATE_MACHINE_ARN } from './support/cli-harness';
import { report, scriptExecution } from './support/fake-execution';

const cli = cliHarness();
const ARN = executionArn(RETENTION_JOB.requestId);

beforeEach(() => {
  cli.reset();
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
  scriptExecution(cli.mocks.sfn, {
    executionArn: ARN,
    batches: [[]],
    end: { status: 'SUCCEEDED', output: JSON.stringify(report({ dryRun: true })) },
  });
});

test('plan runs the same job with dryRun forced to true, without asking (even on a non-terminal)', async () => {
  const job = { ...RETENTION_JOB, dryRun: false };
  const result = await cli.run(['plan', '--input', jobFile(job), '--state-machine-arn', STATE_MACHINE_ARN]);

  expect(result.code).toBe(0);
  const input = JSON.parse(cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}');
  expect(input).toEqual({ ...RETENTION_JOB, dryRun: true });
  expect(result.stderr).not.toContain('--yes');
  expect(result.stdout).toContain('DRY RUN (nothing was deleted)');
});

test('plan reads the job from stdin with --input -', async () => {
  const result = await cli.run(['plan', '--input', '-', '--state-machine-arn', STATE_MACHINE_ARN], {
    stdin: JSON.stringify(RETENTION_JOB),
  });
  expect(result.code).toBe(0);
  const input = JSON.parse(cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}');
  expect(input.dryRun).toBe(true);
});

test('plan has no --yes: it never deletes, so there is nothing to confirm', async () => {
  const result = await cli.run(['plan', '--input', jobFile(RETENTION_JOB), '--yes']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('unknown option --yes');
  expect(cli.awsCalls()).toBe(0);
});
