import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { cliHarness, executionArn, jobFile, STATE_MACHINE_ARN } from './support/cli-harness';
import { report, scriptExecution } from './support/fake-execution';

/** Issue 10, case 6: a job file that says two things is refused before anything starts. */
const cli = cliHarness();

beforeEach(() => cli.reset());

describe('a job file with a duplicate key', () => {
  test.each([['run', '--yes'], ['plan']])('%s: exit 2, the key named, no AWS call', async (command, ...flags) => {
    const path = jobFile('{"dryRun": true, "maxDeletions": 5, "dryRun": false}');
    const result = await cli.run([command, '--input', path, '--state-machine-arn', STATE_MACHINE_ARN, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path}: duplicate key "dryRun" at dryRun (line 1, column 37;`);
    expect(cli.awsCalls()).toBe(0);
  });

  test('a nested duplicate is named by its path; the same job without it starts', async () => {
    const job = (extra: string) =>
      `{"maxDeletions": 5, "collections": [{"select": {"prefix": "tmp-"${extra}}, "action": "DELETE_FACES"}]}`;
    const refused = await cli.run(['run', '--input', jobFile(job(', "prefix": ""')), '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('duplicate key "prefix" at collections[0].select.prefix (line 1, column 67;');
    expect(cli.awsCalls()).toBe(0);

    const arn = executionArn('accepted');
    cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: arn, startDate: new Date() });
    scriptExecution(cli.mocks.sfn, {
      executionArn: arn,
      batches: [[]],
      end: { status: 'SUCCEEDED', output: JSON.stringify(report({ dryRun: true })) },
    });
    const accepted = await cli.run(['plan', '--input', jobFile(job('')), '--state-machine-arn', STATE_MACHINE_ARN]);
    expect(accepted.code).toBe(0);
    const input = JSON.parse(cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}');
    expect(input.collections[0].select).toEqual({ prefix: 'tmp-' });
  });

  test('from stdin too', async () => {
    const result = await cli.run(['plan', '--input', '-', '--state-machine-arn', STATE_MACHINE_ARN], {
      stdin: '{"collections": [], "collections": [{"select": {"prefix": "tmp-"}, "action": "DELETE_FACES"}]}',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('-: duplicate key "collections" at collections');
  });
});
