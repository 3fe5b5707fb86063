import '../local/polyfills';
import { FULL_SCALE, SMOKE_SCALE } from './bench-scale';
import { BENCH_SCENARIOS } from './scenarios';

/**
 * One scenario of the bench alone, its keys and details printed as JSON and nothing written: for working on one
 * figure without the whole bench. `npm run bench:scenario -- <name> [--smoke]`; the names are those of
 * BENCH_SCENARIOS (bench/scenarios.ts).
 */
async function main(): Promise<void> {
  const name = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const scenario = BENCH_SCENARIOS.find((entry) => entry.name === name);
  if (scenario === undefined) {
    throw new Error(
      `name a scenario: ${BENCH_SCENARIOS.map((entry) => entry.name).join(', ')} (got ${name ?? 'none'})`,
    );
  }
  const scale = process.argv.includes('--smoke') ? SMOKE_SCALE : FULL_SCALE;
  const started = Date.now();
  process.stderr.write(`${scenario.describe(scale)}\n`);
  const { keys, details } = await scenario.run(scale);
  process.stdout.write(
    `${JSON.stringify({ keys, details }, null, 2)}\n${name} (${scale.name}) in ${Date.now() - started} ms\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`scenario failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
