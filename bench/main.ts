import * as path from 'node:path';
import { FULL_SCALE, SMOKE_SCALE } from './bench-scale';
import { formatResultsTable } from './format-results';
import { runBench } from './run-bench';

/** `npm run bench` (add `-- --smoke` for the small version that `npm test` also runs). Writes bench/results.*. */
async function main(): Promise<void> {
  const scale = process.argv.includes('--smoke') ? SMOKE_SCALE : FULL_SCALE;
  const outDir = scale.name === 'full' ? __dirname : path.join(__dirname, '..', '.tmp', 'bench-smoke');
  const started = Date.now();
  const results = await runBench(scale, outDir, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(
    `${formatResultsTable(results)}\n\nWritten to ${outDir} in ${Math.round((Date.now() - started) / 1000)} s.\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
