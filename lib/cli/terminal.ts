import type { CliIo } from './io';

/**
 * Whether progress may redraw in place: only when a person watches both streams. A pipe, a file or CI gets plain
 * lines, one per event, that read well in a log (so does TERM=dumb, a terminal that cannot move the cursor).
 */
export function liveOutput(io: CliIo, env: NodeJS.ProcessEnv = process.env): boolean {
  if (io.stdout.isTTY !== true || io.stderr.isTTY !== true) return false;
  return env.TERM !== 'dumb';
}
