import { jobFingerprint } from '../erasure/fingerprint';
import { InvalidJobError } from '../errors';
import { isPlainObject } from '../schema/issue-path';
import type { JobStore } from '../store/job-store';

/**
 * An execution input that names a job kept in the job store instead of carrying it: `{ "storedJob": "<key>" }`.
 * The intake and the CLI start erasures this way, so the subject's identifiers never enter the execution's input,
 * its history (kept 90 days, readable by states:GetExecutionHistory) or its logs.
 */
export interface StoredJobRef {
  storedJob: string;
}

const KEY = /^[0-9a-f]{16,64}$/;

export function isStoredJobRef(input: unknown): input is StoredJobRef {
  return isPlainObject(input) && Object.keys(input).length === 1 && typeof input.storedJob === 'string';
}

/**
 * The key a job is stored under: its salted fingerprint, so the same job gets the same key (a redelivered request
 * or a repeated CLI run joins the execution it started) and the key reveals no more than the receipts' subjectRef.
 */
export async function storedJobKey(job: unknown): Promise<string> {
  // base64url of the HMAC, as hex: the key alphabet stays [0-9a-f].
  return Buffer.from((await jobFingerprint(job)).replace(/^[a-z0-9]+:/, ''), 'base64url').toString('hex');
}

/** Stores the job, and returns the execution input that names it. */
export async function storeJob(store: JobStore, job: unknown): Promise<StoredJobRef> {
  const storedJob = await storedJobKey(job);
  await store.putInput(storedJob, job);
  return { storedJob };
}

/** The job an execution input gives: itself, or the stored job it names. */
export async function resolveJobInput(store: JobStore, input: unknown): Promise<unknown> {
  if (!isStoredJobRef(input)) return input;
  if (!KEY.test(input.storedJob)) throw new InvalidJobError('storedJob', 'must be the key of a stored job');
  const job = await store.getInput(input.storedJob);
  if (job === undefined) {
    throw new InvalidJobError('storedJob', 'names no stored job (it expired, or was never stored in this stack)');
  }
  return job;
}
