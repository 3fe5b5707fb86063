import { PassThrough, Readable } from 'node:stream';
import type { CleanupJob } from '../../../lambdas/core/job/types';
import { confirmDeletion } from '../../../lib/cli/confirm';
import type { CliIo } from '../../../lib/cli/io';

const JOB = { collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] } as unknown as CleanupJob;
const TARGET = {
  access: { account: '210987654321', region: 'eu-central-1' },
  where: 'locally, with your default credentials',
  planned: { plannedDeletions: 3000, faces: 2990, collections: 10, users: 4, projectVersions: 0, projects: 0 },
};

function terminal(answer: string): { io: CliIo; shown: () => string } {
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  stderr.isTTY = true;
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const stdin = Readable.from([answer]) as Readable & { isTTY?: boolean };
  stdin.isTTY = true;
  return { io: { stdout: new PassThrough(), stderr, stdin }, shown: () => text };
}

test('the prompt names the account, the region and what the plan deletes, before anything is deleted', async () => {
  const { io, shown } = terminal('delete\n');
  await confirmDeletion(JOB, TARGET, false, io);
  expect(shown()).toContain(
    'About to delete in AWS account 210987654321, region eu-central-1, locally, with your default credentials:',
  );
  expect(shown()).toContain(
    'the plan, a moment ago: 3,000 deletions planned (2,990 faces, 10 collections, 0 project versions; and 4 users)',
  );
});

test('anything but "delete" refuses', async () => {
  const { io } = terminal('yes\n');
  await expect(confirmDeletion(JOB, TARGET, false, io)).rejects.toThrow('not confirmed: nothing was deleted');
});

test('--yes and dry runs never ask', async () => {
  const { io, shown } = terminal('');
  await confirmDeletion(JOB, TARGET, true, io);
  await confirmDeletion({ ...JOB, dryRun: true }, TARGET, false, io);
  expect(shown()).toBe('');
});
