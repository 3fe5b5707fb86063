import { parseArgs } from 'node:util';
import { didYouMean } from '../../lambdas/core/did-you-mean';
import { UsageError } from './io';

/** One option of a command: what parseArgs needs, plus what the help text says about it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The option may be given several times; its values are collected in order. */
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in the help, e.g. `<job.json>`; string options only. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Parsed command-line values with typed accessors (parseArgs' own types are lost behind a generic spec). */
export class ParsedArgs {
  constructor(
    private readonly values: Record<string, unknown>,
    readonly positionals: readonly string[],
  ) {}

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  strings(name: string): string[] {
    const value = this.values[name];
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  positiveNumber(name: string): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number`);
    return value;
  }

  /** Whether the option was given at all (to reject options that do not apply to the chosen mode). */
  has(name: string): boolean {
    return this.values[name] !== undefined && this.values[name] !== false;
  }
}

/** Strict parsing: an unknown option or a missing value is a usage error, never silently ignored. */
export function parseCommandArgs(argv: readonly string[], options: OptionSpecs, maxPositionals: number): ParsedArgs {
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: config, strict: true, allowPositionals: maxPositionals > 0 });
  } catch (error) {
    throw isParseArgsError(error) ? new UsageError(parseArgsMessage(error, options)) : error;
  }
  const { values, positionals } = parsed;
  if (positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument "${positionals[maxPositionals]}"`);
  }
  return new ParsedArgs(values, positionals);
}

/**
 * node's messages are written for programmers (`Unknown option '--inptu'. To specify a positional argument starting
 * with a '-', place it at the end...`): said again in one line, with the option that was most likely meant.
 */
function parseArgsMessage(error: Error, options: OptionSpecs): string {
  const code = (error as { code?: string }).code;
  const option = /'(-[^']*)'/.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) {
    const name = option.replace(/^-+/, '').split('=')[0] ?? '';
    return `unknown option ${option}${didYouMean(name, Object.keys(options), (known) => `--${known}`)}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const value = /'([^']*)'/.exec(error.message)?.[1];
    return `unexpected argument${value === undefined ? '' : ` "${value}"`}: this command takes options only`;
  }
  return error.message;
}

/** By code, not class: node's errors are not the Error of a vm context (jest), so instanceof can lie. */
export function isParseArgsError(error: unknown): error is Error {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

export const JSON_OPTION: OptionSpecs = {
  json: { type: 'boolean', description: 'Print only JSON on stdout (progress and messages go to stderr).' },
};

export const REGION_OPTION: OptionSpecs = {
  region: {
    type: 'string',
    value: '<region>',
    description: 'AWS region (default: the region in the ARN, else AWS_REGION or your AWS profile).',
  },
};

export const YES_OPTION: OptionSpecs = {
  yes: { type: 'boolean', description: 'Confirm a job that deletes from a real account without a prompt.' },
};

export const INPUT_OPTION: OptionSpecs = {
  input: {
    type: 'string',
    short: 'i',
    value: '<job.json>',
    description: 'The job file ("-" reads stdin); validated before anything is touched.',
  },
};

export const MAX_DELETIONS_OPTION: OptionSpecs = {
  'max-deletions': {
    type: 'string',
    value: '<n>',
    description: "The job's maxDeletions when its file gives none (the file's own value wins).",
  },
};
