/**
 * `npm run emulator -- --port 4566`: runs the Rekognition emulator until SIGINT/SIGTERM. Prints exactly
 * `listening on <url>` on stdout once ready (scripts wait for that line); bad options exit with status 2.
 */
import { CliUsageError, parseCliArgs, USAGE } from './cli-args';
import { startEmulator } from './start-emulator';
import { WorldValidationError } from './world/world-checker';

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    // An unreadable or invalid seed is a usage problem too: say what is wrong and exit like a bad option.
    if (!(error instanceof WorldValidationError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  console.log(`listening on ${emulator.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
