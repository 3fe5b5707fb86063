import { createInterface } from 'node:readline';
import type { CleanupJob } from '../../lambdas/core/job/types';
import { describeJob } from '../../lambdas/core/job/validate';
import { type CliIo, UsageError, writeLine } from './io';

/**
 * A job that deletes from a real account needs a person's yes: typed on a terminal, or `--yes` in scripts.
 * Dry runs and emulator runs never ask.
 */
export async function confirmDeletion(job: CleanupJob, where: string, yes: boolean, io: CliIo): Promise<void> {
  if (job.dryRun === true || yes) return;
  // A job that only stops models (action STOP) deletes nothing: it is confirmed as what it is.
  const verb = onlyStops(job) ? { does: 'stops models in', word: 'stop', done: 'stopped' } : DELETES;
  if (io.stdin.isTTY !== true || io.stderr.isTTY !== true) {
    throw new UsageError(
      `this job ${verb.does} a real AWS account: pass --yes to confirm (or run it with dryRun first)`,
    );
  }
  writeLine(io.stderr, `About to run against ${where}:`);
  writeLine(io.stderr, `  ${describeJob(job)}`);
  const answer = await ask(io, `Type "${verb.word}" to continue: `);
  if (answer.trim() !== verb.word) throw new UsageError(`not confirmed: nothing was ${verb.done}`);
}

const DELETES = { does: 'deletes from', word: 'delete', done: 'deleted' };

function onlyStops(job: CleanupJob): boolean {
  const versions = job.projectVersions ?? [];
  const others = [job.collections, job.faces, job.subjects].some((section) => (section?.length ?? 0) > 0);
  return !others && versions.length > 0 && versions.every((section) => section.action === 'STOP');
}

function ask(io: CliIo, question: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}
