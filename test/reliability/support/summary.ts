import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { WorkflowRun } from '../../../local/runner';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');
export const SUMMARY_FILE = path.join(PROJECT_ROOT, '.tmp', 'reliability-summary.json');

/**
 * Merges one suite's figures into .tmp/reliability-summary.json (the README quotes them). Jest runs the suites in
 * parallel workers, so the read-merge-write holds a lock file; the write itself is a rename.
 */
export async function recordSummary(section: string, figures: unknown): Promise<void> {
  mkdirSync(path.dirname(SUMMARY_FILE), { recursive: true });
  const lock = `${SUMMARY_FILE}.lock`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  try {
    const current = existsSync(SUMMARY_FILE) ? (JSON.parse(readFileSync(SUMMARY_FILE, 'utf8')) as object) : {};
    const next = { ...current, [section]: { ...(figures as object), recordedAt: new Date().toISOString() } };
    const partial = `${SUMMARY_FILE}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(next, null, 2)}\n`);
    renameSync(partial, SUMMARY_FILE);
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Failed task attempts by error name (each was retried or caught), from the run's event log. */
export function taskErrors(run: WorkflowRun): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of run.events) {
    if (event.type !== 'StateFailed') continue;
    const name = (event as { Error?: string }).Error ?? 'unknown';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
