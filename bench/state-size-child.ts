import '../local/polyfills';
import { FULL_SCALE, SMOKE_SCALE } from './bench-scale';
import { type SizedJob, sizedJob } from './state-size-scenario';

/**
 * `tsx bench/state-size-child.ts <full|smoke> <erasure|purge> <collections>`: one sized job, its figures as JSON on
 * stdout. Started by benchStateSizes so that the two biggest jobs run on two cores at once.
 */
async function main(): Promise<void> {
  const [scaleName, job, size] = process.argv.slice(2);
  const scale = scaleName === 'full' ? FULL_SCALE : SMOKE_SCALE;
  if ((job !== 'erasure' && job !== 'purge') || !(Number(size) > 0)) throw new Error(`bad arguments: ${job} ${size}`);
  const run = await sizedJob(scale, job as SizedJob, Number(size));
  process.stdout.write(JSON.stringify(run));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
