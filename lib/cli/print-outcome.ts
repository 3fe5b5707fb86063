import { formatOutcome } from './format-report';
import { type CliIo, writeLine } from './io';
import { exitCodeOf, type JobOutcome, outcomeJson } from './job-outcome';

/** The end of every job, local or deployed: the report on stdout (JSON with --json), and its exit code. */
export function printOutcome(outcome: JobOutcome, json: boolean, io: CliIo): number {
  if (json) writeLine(io.stdout, JSON.stringify(outcomeJson(outcome), null, 2));
  else writeLine(io.stdout, formatOutcome(outcome));
  return exitCodeOf(outcome);
}
