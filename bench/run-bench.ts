import '../local/polyfills';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BENCH_KEYS, type BenchDetails, type BenchKeys, type BenchResults } from './bench-results';
import type { BenchScale } from './bench-scale';
import { formatResultsTable } from './format-results';
import { BENCH_SCENARIOS, type BenchScenario } from './scenarios';
import { largestStateSeen, resetStateSizes } from './state-size';

export type { BenchResults } from './bench-results';

/**
 * Runs every scenario of the list, one after the other, and writes bench/results.json (every key of BENCH_KEYS, or
 * it fails), results.md and the charts into `outDir`.
 */
export async function runBench(
  scale: BenchScale,
  outDir: string,
  log: (line: string) => void = () => {},
  scenarios: readonly BenchScenario[] = BENCH_SCENARIOS,
): Promise<BenchResults> {
  resetStateSizes();
  const started = Date.now();
  const keys: Partial<BenchKeys> = {};
  const details: Partial<BenchDetails> = {};
  const charts: Record<string, string> = {};
  const byScenario: Record<string, number> = {};
  for (const scenario of scenarios) {
    log(scenario.describe(scale));
    const scenarioStarted = Date.now();
    const part = await scenario.run(scale);
    byScenario[scenario.name] = seconds(Date.now() - scenarioStarted);
    log(`  ${scenario.name}: ${byScenario[scenario.name]} s`);
    Object.assign(keys, part.keys);
    Object.assign(details, part.details);
    Object.assign(charts, part.charts);
  }
  // Across every run of every scenario, so it is known only now.
  const maxState = largestStateSeen();
  keys.maxStateBytes = maxState.bytes;
  if (details.stateSize !== undefined) details.stateSize.maxStateWhere = maxState.where;

  const missing = BENCH_KEYS.filter((key) => !Number.isFinite(keys[key]));
  if (missing.length > 0) throw new Error(`the bench did not measure ${missing.join(', ')}`);
  const results = {
    scale: scale.name,
    measuredAt: new Date().toISOString(),
    node: process.version,
    ...(keys as BenchKeys),
    details: {
      ...(details as BenchDetails),
      wallSeconds: { total: seconds(Date.now() - started), byScenario },
    },
  } satisfies BenchResults;

  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'results.md'), `${formatResultsTable(results)}\n`);
  for (const [file, svg] of Object.entries(charts)) writeFileSync(path.join(outDir, file), svg);
  return results;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
