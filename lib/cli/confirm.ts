import { createInterface } from 'node:readline';
import type { PlanTotals } from '../../lambdas/core/contracts';
import type { CleanupJob } from '../../lambdas/core/job/types';
import { describeJob } from '../../lambdas/core/job/validate';
import type { AwsAccess } from './aws-access';
import { type CliIo, UsageError, writeLine } from './io';
import { totalsText } from './progress-text';

/** Where a confirmed job runs, as the prompt names it: checked before the prompt, never after. */
export interface ConfirmTarget {
  access: AwsAccess;
  /** `locally, with your credentials`, `on state machine arn:...` */
  where: string;
  /** What a dry run of the job planned a moment ago (local runs); deployed runs plan in the workflow. */
  planned?: PlanTotals;
}

/** Whether the job will ask: a deleting job, without --yes (dry runs and emulator runs never ask). */
export function needsConfirmation(job: CleanupJob, yes: boolean): boolean {
  return job.dryRun !== true && !yes;
}

/**
 * A job that deletes from a real account needs a person's yes: typed on a terminal, or `--yes` in scripts. The
 * prompt names the account, the region and, when known, what the plan deletes.
 */
export async function confirmDeletion(job: CleanupJob, target: ConfirmTarget, yes: boolean, io: CliIo): Promise<void> {
  if (!needsConfirmation(job, yes)) return;
  // A job that only stops models (action STOP) deletes nothing: it is confirmed as what it is.
  const verb = onlyStops(job) ? STOPS : DELETES;
  if (!canPrompt(io)) {
    throw new UsageError(
      `this job ${verb.does} a real AWS account: pass --yes to confirm (or run it with dryRun first)`,
    );
  }
  writeLine(
    io.stderr,
    `About to ${verb.word} in AWS account ${target.access.account}, region ${target.access.region}, ${target.where}:`,
  );
  writeLine(io.stderr, `  ${describeJob(job)}`);
  if (target.planned !== undefined) writeLine(io.stderr, `  the plan, a moment ago: ${totalsText(target.planned)}`);
  const answer = await ask(io, `Type "${verb.word}" to continue: `);
  if (answer.trim() !== verb.word) throw new UsageError(`not confirmed: nothing was ${verb.done}`);
}

const DELETES = { does: 'deletes from', word: 'delete', done: 'deleted' };
const STOPS = { does: 'stops models in', word: 'stop', done: 'stopped' };

function onlyStops(job: CleanupJob): boolean {
  const versions = job.projectVersions ?? [];
  const others = [job.collections, job.faces, job.subjects].some((section) => (section?.length ?? 0) > 0);
  return !others && versions.length > 0 && versions.every((section) => section.action === 'STOP');
}

export function canPrompt(io: CliIo): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true;
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
