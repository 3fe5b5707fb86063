import { readFileSync } from 'node:fs';
import { InvalidJobError } from '../../lambdas/core/errors';
import type { CleanupJob } from '../../lambdas/core/job/types';
import { validateJob } from '../../lambdas/core/job/validate';
import { UsageError } from './io';

/** Reads a job file ('-' is stdin) and validates it locally, so a bad job fails before anything starts. */
export function readJobFile(path: string | undefined, readStdin: () => string): { raw: unknown; job: CleanupJob } {
  if (path === undefined) throw new UsageError('--input <job.json> is required');
  let text: string;
  try {
    text = path === '-' ? readStdin() : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { raw, job: validateJob(raw, new Date()) };
  } catch (error) {
    if (error instanceof InvalidJobError) throw new UsageError(`invalid job: ${error.message}`);
    throw error;
  }
}
