import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runLocal } from './commands/run-local';
import { type CliIo, ExitCode, UsageError, writeLine } from './io';

const USAGE = `Usage: rekognition-cleanup <command> [options]

Commands:
  run --input <job.json>     Run a cleanup job (see the README for the job contract).
      [--rekognition-endpoint <url>]  Run locally against this Rekognition endpoint (the emulator).
                                      Without it, the job runs locally against your default AWS account.
      [--yes]                Confirm a job that deletes from a real account without a prompt.
      [--time-scale <x>]     Local runs: scale Wait states and retry intervals (default 0.01 on the emulator, 1 on AWS).
      [--json]               Print only the report, as JSON, on stdout (progress goes to stderr).

Exit codes: 0 succeeded (or dry run), 1 failed or partly failed, 2 invalid job or usage (nothing was touched).`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      writeLine(io.stderr, `rekognition-cleanup: ${(error as Error).message}`);
      return ExitCode.Usage;
    }
    throw error;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': {
      const { values } = parseArgs({
        args: rest,
        strict: true,
        options: {
          input: { type: 'string', short: 'i' },
          'rekognition-endpoint': { type: 'string' },
          'time-scale': { type: 'string' },
          json: { type: 'boolean', default: false },
          yes: { type: 'boolean', default: false },
        },
      });
      return runLocal(
        {
          input: values.input,
          rekognitionEndpoint: values['rekognition-endpoint'],
          timeScale: positiveNumber(values['time-scale'], '--time-scale'),
          json: values.json ?? false,
          yes: values.yes ?? false,
          readStdin: () => readFileSync(0, 'utf8'),
        },
        io,
      );
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      writeLine(command === undefined ? io.stderr : io.stdout, USAGE);
      return command === undefined ? ExitCode.Usage : ExitCode.Succeeded;
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

function positiveNumber(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a positive number`);
  return value;
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && String((error as { code?: string }).code ?? '').startsWith('ERR_PARSE_ARGS');
}
