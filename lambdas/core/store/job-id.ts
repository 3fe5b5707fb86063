import { createHash } from 'node:crypto';

/**
 * A job's id in the store: from the execution's id and start time, so every retry of the Plan lands on the same
 * partition, while two executions that reuse a name (local runs, a redriven name after 90 days) never share one.
 */
export function jobIdOf(executionId: string, startedAt: string): string {
  return createHash('sha256').update(`${executionId}\n${startedAt}`).digest('hex').slice(0, 32);
}
