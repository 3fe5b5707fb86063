import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export interface CliStartupResults {
  /** Median wall time of `node -e 0`, the floor of any Node command on this machine. */
  nodeMs: number;
  /** Median wall time of `node dist/bin/cli.js --help`, the compiled CLI as the package installs it. */
  cliHelpMs: number;
  /** cliHelpMs / nodeMs: the target is under 3 (issue 14). */
  ratio: number;
  runs: number;
}

const CLI = path.join(__dirname, '..', 'dist', 'bin', 'cli.js');

/**
 * How long the installed CLI takes to say its usage, against Node starting and doing nothing. Runs alternate, so a
 * busy moment of the machine weighs on both; medians drop the outliers.
 */
export async function benchCliStartup(runs = 15): Promise<CliStartupResults> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const node: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    node.push(timed(['-e', '0']));
    cli.push(timed([CLI, '--help']));
  }
  const nodeMs = median(node);
  const cliHelpMs = median(cli);
  return { nodeMs: round(nodeMs), cliHelpMs: round(cliHelpMs), ratio: round(cliHelpMs / nodeMs), runs };
}

function timed(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
