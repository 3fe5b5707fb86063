import type { OptionSpec } from './args';
import type { Command } from './commands/command';

const EXIT_CODES =
  'Exit codes: 0 succeeded (or dry run, or still running for status), 1 failed or partly failed (or refused by maxDeletions), 2 invalid job or usage (nothing was touched), 130 a local run stopped by Ctrl-C (what was done is printed; run the same job again to finish).';

/** Every command with every option: the help is generated from the commands' own option lists, so it cannot drift. */
export function globalHelp(commands: readonly Command[]): string {
  return [
    'Usage: rekognition-cleanup <command> [options]',
    '       rekognition-cleanup <command> --help',
    '',
    ...commands.flatMap((command) => [commandSection(command), '']),
    EXIT_CODES,
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [
    `Usage: rekognition-cleanup ${command.name} ${command.synopsis}`,
    '',
    commandSection(command),
    '',
    EXIT_CODES,
  ].join('\n');
}

function commandSection(command: Command): string {
  const options = Object.entries(command.options).map(([name, spec]) => [optionLabel(name, spec), spec.description]);
  const width = Math.max(...options.map(([label]) => label?.length ?? 0));
  return [
    `${command.name} ${command.synopsis}`,
    `    ${command.summary}`,
    ...options.map(([label = '', description]) => `    ${label.padEnd(width)}  ${description}`),
  ].join('\n');
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short !== undefined ? `, -${spec.short}` : '';
  const value = spec.type === 'string' ? ` ${spec.value ?? '<value>'}` : '';
  const repeat = spec.multiple ? ' ...' : '';
  return `--${name}${short}${value}${repeat}`;
}
