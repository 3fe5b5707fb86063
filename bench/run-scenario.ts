import '../local/polyfills';
import { benchBatchedScan } from './batched-scan-scenario';
import { benchCliStartup } from './cli-startup-scenario';
import { type BenchScale, FULL_SCALE, SMOKE_SCALE } from './bench-scale';
import { benchErasure } from './erasure-scenario';

/**
 * One scenario alone, its figures printed as JSON and nothing written: for working on one figure without the whole
 * bench. `npm run bench:scenario -- <name> [--smoke]`. Register a scenario here to make it runnable alone.
 */
const SCENARIOS: Record<string, (scale: BenchScale) => Promise<unknown>> = {
  erasure: benchErasure,
  'batched-scan': benchBatchedScan,
  'cli-startup': () => benchCliStartup(),
};

async function main(): Promise<void> {
  const name = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const scenario = name === undefined ? undefined : SCENARIOS[name];
  if (scenario === undefined) {
    throw new Error(`name a scenario: ${Object.keys(SCENARIOS).join(', ')} (got ${name ?? 'none'})`);
  }
  const scale = process.argv.includes('--smoke') ? SMOKE_SCALE : FULL_SCALE;
  const started = Date.now();
  const results = await scenario(scale);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n${name} (${scale.name}) in ${Date.now() - started} ms\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`scenario failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
