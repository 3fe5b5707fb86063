/**
 * Strict validation of the job contract (job-schema.ts), run before any Rekognition call.
 *
 * Total by design: any input yields a normalised CleanupJob or an InvalidJobError naming the first offending
 * field in document order and the rule it breaks. Error messages never echo the offending value, so personal data
 * (user ids, external image ids) and oversized or forged strings never reach logs through them.
 */
import { InvalidJobError } from '../errors';
import { formatPath } from '../schema/issue-path';
import { firstProblem } from '../schema/problems';
import { FUTURE_RULE, isFutureCutOff } from './cut-off-instant';
import { cleanupJob } from './job-schema';
import type { CleanupJob } from './types';

export { describeJob } from './describe-job';

/** The root has no path of its own; errors about the whole job name it `job`. */
export function invalidJobError(path: readonly PropertyKey[], rule: string): InvalidJobError {
  return new InvalidJobError(path.length === 0 ? 'job' : formatPath(path), rule);
}

/**
 * Returns a fresh job (no object of `input` is reused) with duplicate ids removed, `createdBefore` in UTC and
 * `dryRun` defaulted to false.
 * @param now the instant the job is validated at; `createdBefore` may not be later than it.
 * @throws InvalidJobError for anything that breaks the contract.
 */
export function validateJob(input: unknown, now: Date): CleanupJob {
  const nowMs = now.getTime();
  // An invalid clock would silently accept any future cut-off: that is a bug in the caller, not a bad job.
  if (Number.isNaN(nowMs)) throw new TypeError('validateJob: now must be a valid Date');
  const parsed = cleanupJob.safeParse(input);
  if (!parsed.success) {
    const { path, rule } = firstProblem(input, parsed.error.issues);
    throw invalidJobError(path, rule);
  }
  const job = parsed.data;
  checkCutOffs(job, now);
  return { ...job, dryRun: job.dryRun ?? false };
}

/**
 * The one rule that needs the validation instant, checked once the job is otherwise valid: a cut-off in the future
 * would match every collection.
 * @throws InvalidJobError naming the first such createdBefore.
 */
export function checkCutOffs(job: Pick<CleanupJob, 'collections'>, now: Date): void {
  const future = (job.collections ?? []).findIndex(
    ({ select }) => select.createdBefore !== undefined && isFutureCutOff(select.createdBefore, now.getTime()),
  );
  if (future >= 0) throw invalidJobError(['collections', future, 'select', 'createdBefore'], FUTURE_RULE);
}
