/** The streams a command talks to; tests pass in-memory ones. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Exit codes the README documents: scripts depend on them. */
export const ExitCode = {
  /** The job ran and everything planned was done (or it was a dry run). */
  Succeeded: 0,
  /** The job failed, partly failed, was refused after planning (maxDeletions, too broad) or needs review. */
  Failed: 1,
  /** Bad usage or an invalid job: nothing was touched. */
  Usage: 2,
} as const;

/** Bad arguments or an invalid job, detected before anything is touched. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
