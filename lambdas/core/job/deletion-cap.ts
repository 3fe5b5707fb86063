import type { MaxDeletionsSource } from '../contracts';
import type { CleanupJob } from './types';
import { functionEnv } from '../function-env';

/**
 * The cap a selector job gets when it gives no maxDeletions. 100,000 is above any routine retention purge we know
 * of (a day of a busy door camera is a few thousand faces) and far below an account's whole biometric data set,
 * which is what a selector written too wide would reach. A purge bigger than that states its own maxDeletions.
 */
export const DEFAULT_MAX_DELETIONS = 100_000;
export const DEFAULT_MAX_DELETIONS_ENV = 'DEFAULT_MAX_DELETIONS';

export interface DeletionCap {
  maxDeletions: number;
  source: MaxDeletionsSource;
}

export function defaultMaxDeletionsFromEnv(env: NodeJS.ProcessEnv = functionEnv()): number {
  const value = Number(env[DEFAULT_MAX_DELETIONS_ENV]);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_DELETIONS;
}

/**
 * The job's cap: its own maxDeletions, else the default when something in it is chosen by a selector (collections
 * sections, projectVersions by projectArn), which can match more than its author pictured. Explicit face ids,
 * erasures and version ARNs name what they delete and keep their own limits (4,096 ids, the erasure's bounds).
 */
export function deletionCap(job: CleanupJob, defaultMaxDeletions: number): DeletionCap | undefined {
  if (job.maxDeletions !== undefined) return { maxDeletions: job.maxDeletions, source: 'job' };
  const selects =
    (job.collections ?? []).length > 0 ||
    (job.projectVersions ?? []).some((section) => section.select.projectArn !== undefined);
  return selects ? { maxDeletions: defaultMaxDeletions, source: 'default' } : undefined;
}
