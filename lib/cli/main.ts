import { isParseArgsError, parseCommandArgs } from './args';
import { didYouMean } from '../../lambdas/core/did-you-mean';
import { AccessError } from './aws-access';
import { awsProblem } from './aws-clients';
import { type CliDeps, defaultDeps } from './cli-context';
import type { Command } from './commands/command';
import { eraseCommand } from './commands/erase';
import { inventoryCommand } from './commands/inventory';
import { planCommand } from './commands/plan';
import { receiptsCommand } from './commands/receipts';
import { runCommand } from './commands/run';
import { statusCommand } from './commands/status';
import { type CliIo, ExitCode, UsageError, writeLine } from './io';
import { commandHelp, globalHelp } from './usage';

export const COMMANDS: readonly Command[] = [
  runCommand,
  planCommand,
  eraseCommand,
  statusCommand,
  inventoryCommand,
  receiptsCommand,
];

const HELP_FLAGS = new Set(['--help', '-h']);

export async function main(argv: string[], io: CliIo, deps: CliDeps = defaultDeps()): Promise<number> {
  try {
    return await dispatch(argv, io, deps);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      const hint =
        isParseArgsError(error) && argv[0] !== undefined ? ` (see: rekognition-cleanup ${argv[0]} --help)` : '';
      writeLine(io.stderr, `rekognition-cleanup: ${(error as Error).message}${hint}`);
      return ExitCode.Usage;
    }
    // A refusal or fault from AWS (access denied, no credentials) is for the user to fix: a line, not a stack.
    if (error instanceof AccessError) {
      writeLine(io.stderr, `rekognition-cleanup: ${error.message}`);
      return ExitCode.Failed;
    }
    const problem = awsProblem(error);
    if (problem !== undefined) {
      writeLine(io.stderr, `rekognition-cleanup: ${problem}`);
      return ExitCode.Failed;
    }
    throw error;
  }
}

async function dispatch(argv: string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    writeLine(io.stderr, globalHelp(COMMANDS));
    return ExitCode.Usage;
  }
  if (name === 'help' || HELP_FLAGS.has(name)) {
    const topic = COMMANDS.find((command) => command.name === rest[0]);
    writeLine(io.stdout, topic !== undefined ? commandHelp(topic) : globalHelp(COMMANDS));
    return ExitCode.Succeeded;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const names = COMMANDS.map((candidate) => candidate.name);
    const suggestion = didYouMean(name, [...names, 'help']);
    throw new UsageError(
      `unknown command "${name}"${suggestion} (commands: ${names.join(', ')}; see: rekognition-cleanup help)`,
    );
  }
  if (rest.some((arg) => HELP_FLAGS.has(arg))) {
    writeLine(io.stdout, commandHelp(command));
    return ExitCode.Succeeded;
  }
  let args: ReturnType<typeof parseCommandArgs>;
  try {
    args = parseCommandArgs(rest, command.options, command.maxPositionals ?? 0);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`${error.message} (see: rekognition-cleanup ${command.name} --help)`);
  }
  return command.run(args, { io, deps });
}
