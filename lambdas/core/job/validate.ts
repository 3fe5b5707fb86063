/**
 * Strict validation of the job contract, run before any Rekognition call.
 *
 * Total by design: any input yields a normalised CleanupJob or an InvalidJobError naming the first offending
 * field in document order and the rule it breaks. Error messages never echo the offending value, so personal data
 * (user ids, external image ids) and oversized or forged strings never reach logs through them.
 */
import { maxDeletions, requestId } from './id-formats';
import { boolean, fail, type RuleContext, record } from './rules';
import { collectionsSection, facesSection, projectVersionsSection, subjectsSection } from './section-rules';
import type { CleanupJob } from './types';

export { describeJob } from './describe-job';

const SECTIONS = ['collections', 'faces', 'subjects', 'projectVersions'] as const;

const cleanupJob = record<CleanupJob>({
  fields: {
    requestId,
    dryRun: boolean,
    maxDeletions,
    collections: collectionsSection,
    faces: facesSection,
    subjects: subjectsSection,
    projectVersions: projectVersionsSection,
  },
  // Selecting nothing must never be read as "everything": a caller who forgot the sections gets an error.
  check: (job, path) => {
    if (SECTIONS.every((name) => (job[name]?.length ?? 0) === 0)) {
      fail(path, `selects nothing; give at least one of ${SECTIONS.join(', ')}`);
    }
  },
});

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
  const context: RuleContext = { nowMs };
  const job = cleanupJob(input, '', context);
  return { ...job, dryRun: job.dryRun ?? false };
}
