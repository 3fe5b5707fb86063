import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidJobError } from '../../lambdas/core/errors';
import type { CleanupJob } from '../../lambdas/core/job/types';
import type * as Validate from '../../lambdas/core/job/validate';
import { DuplicateKeyError, parseStrictJson } from '../json/parse-strict-json';
import { UsageError } from './io';

/** A job as the user wrote it (sent to the state machine as is) and as validated here. */
export interface LoadedJob {
  raw: unknown;
  job: CleanupJob;
}

/** Reads a job file ('-' is stdin) and validates it locally, so a bad job fails before anything starts. */
export function readJobFile(path: string | undefined, readStdin: () => string): LoadedJob {
  if (path === undefined) throw new UsageError('--input <job.json> is required');
  let text: string;
  try {
    text = path === '-' ? readStdin() : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseStrictJson(text);
  } catch (error) {
    // A duplicate key is JSON, but says two things: which one the workflow would read is not for the user to guess.
    if (error instanceof DuplicateKeyError) throw new UsageError(`${path}: ${error.message}`);
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return loadJob(raw);
}

/** Validates a job built in memory (erase); the validator's messages never echo a value, so no user id leaks. */
export function loadJob(raw: unknown): LoadedJob {
  try {
    return { raw, job: validate().validateJob(raw, new Date()) };
  } catch (error) {
    if (error instanceof InvalidJobError) throw new UsageError(`invalid job: ${error.message}`);
    throw error;
  }
}

/**
 * `--max-deletions`: the cap of a job whose file sets none. Validated like the file's own value, so a bad number
 * is a usage error before anything starts.
 */
export function withMaxDeletions(loaded: LoadedJob, maxDeletions: number | undefined): LoadedJob {
  if (maxDeletions === undefined || loaded.job.maxDeletions !== undefined) return loaded;
  if (typeof loaded.raw !== 'object' || loaded.raw === null) return loaded;
  return loadJob({ ...loaded.raw, maxDeletions });
}

/** The same job as a dry run: the state machine plans and reports, and deletes nothing. */
export function asDryRun(loaded: LoadedJob): LoadedJob {
  const raw = typeof loaded.raw === 'object' && loaded.raw !== null ? { ...loaded.raw, dryRun: true } : loaded.raw;
  return { raw, job: { ...loaded.job, dryRun: true } };
}

/**
 * An erasure needs a requestId: it names the execution and the receipt. Without one, the CLI gives it a fresh one
 * (`cli-<UTC time>-<random>`), printed with the receipt; give --request-id (the ticket) to make re-runs join.
 */
export function withRequestId(loaded: LoadedJob, now: Date): LoadedJob & { job: { requestId: string } } {
  if (loaded.job.requestId !== undefined) return loaded as LoadedJob & { job: { requestId: string } };
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const requestId = `cli-${stamp}-${randomBytes(3).toString('hex')}`;
  const raw = typeof loaded.raw === 'object' && loaded.raw !== null ? { ...loaded.raw, requestId } : loaded.raw;
  return loadJob(raw) as LoadedJob & { job: { requestId: string } };
}

/** The job schema (zod) loads with the first job, not with the CLI: `--help` comes at once. */
function validate(): typeof Validate {
  return require('../../lambdas/core/job/validate') as typeof Validate;
}
