import { cliHarness, jobFile, RETENTION_JOB, STATE_MACHINE_ARN } from './support/cli-harness';

/** Issue 15: a typo in a job file gets one line naming the field and what it most likely meant, before any call. */
const cli = cliHarness();

beforeEach(() => cli.reset());

describe('a job file with an unknown field', () => {
  test.each([['plan'], ['run', '--yes']])('%s: exit 2, the path and a "did you mean", no AWS call', async (...args) => {
    const { maxDeletions, ...rest } = RETENTION_JOB;
    const path = jobFile({ ...rest, maxDeletion: maxDeletions });
    const result = await cli.run([...args, '--input', path, '--state-machine-arn', STATE_MACHINE_ARN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid job: maxDeletion: unknown field (did you mean "maxDeletions"?)');
    expect(result.stderr).not.toContain('250000');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(cli.awsCalls()).toBe(0);
  });

  test('a nested one is named by its path; the value never appears', async () => {
    const job = { subjects: [{ userId: 'customer-8841', collectionIDs: ['kyc-eu'] }] };
    const result = await cli.run(['plan', '--input', jobFile(job), '--state-machine-arn', STATE_MACHINE_ARN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'invalid job: subjects[0].collectionIDs: unknown field (did you mean "collectionIds"?)',
    );
    expect(result.stderr).not.toContain('customer-8841');
    expect(result.stderr).not.toContain('kyc-eu');
    expect(cli.awsCalls()).toBe(0);
  });

  test('from stdin too; a key near nothing gets the rule alone', async () => {
    const result = await cli.run(['plan', '--input', '-', '--state-machine-arn', STATE_MACHINE_ARN], {
      stdin: JSON.stringify({ ...RETENTION_JOB, zzzzzz: true }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid job: zzzzzz: unknown field');
    expect(result.stderr).not.toContain('did you mean');
  });
});
