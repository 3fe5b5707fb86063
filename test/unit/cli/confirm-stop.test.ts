import { PassThrough } from 'node:stream';
import type { CleanupJob } from '../../../lambdas/core/job/types';
import { confirmDeletion } from '../../../lib/cli/confirm';
import type { CliIo } from '../../../lib/cli/io';

const PROJECT_ARN = 'arn:aws:rekognition:eu-west-1:123456789012:project/lab/1714550000000';
const STOP_ONLY: CleanupJob = { projectVersions: [{ select: { projectArn: PROJECT_ARN }, action: 'STOP' }] };
const MIXED: CleanupJob = {
  projectVersions: [...(STOP_ONLY.projectVersions ?? []), { select: { projectArn: PROJECT_ARN } }],
};

function io(tty: boolean, answer = '') {
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  let written = '';
  stderr.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  if (answer !== '') setImmediate(() => stdin.write(`${answer}\n`));
  return { streams: { stdin, stderr, stdout: new PassThrough() } as CliIo, written: () => written };
}

const TARGET = { access: { account: '123456789012', region: 'eu-west-1' }, where: 'the account' };

describe('confirming a job that only stops models', () => {
  test('says it stops models, not that it deletes, and asks for "stop"', async () => {
    const terminal = io(true, 'stop');
    await expect(confirmDeletion(STOP_ONLY, TARGET, false, terminal.streams)).resolves.toBeUndefined();
    expect(terminal.written()).toContain('Type "stop" to continue: ');
    expect(terminal.written()).not.toMatch(/delet/i);
  });

  test('"delete" does not confirm a stop; without a terminal it asks for --yes in its own words', async () => {
    await expect(confirmDeletion(STOP_ONLY, TARGET, false, io(true, 'delete').streams)).rejects.toThrow(
      'not confirmed: nothing was stopped',
    );
    await expect(confirmDeletion(STOP_ONLY, TARGET, false, io(false).streams)).rejects.toThrow(
      'this job stops models in a real AWS account: pass --yes',
    );
  });

  test('a job that also deletes is confirmed as a deletion', async () => {
    await expect(confirmDeletion(MIXED, TARGET, false, io(false).streams)).rejects.toThrow(
      'this job deletes from a real AWS account',
    );
  });
});
