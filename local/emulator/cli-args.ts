/** Parses the `npm run emulator` command line into EmulatorOptions; a bad option is a CliUsageError. */
import type { EmulatorOptions } from './emulator-options';
import type { TpsQuotas } from './service/quotas';

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export const USAGE = `usage: npm run emulator -- [options]
  --port <n>            port to listen on (default: a free port)
  --host <host>         address to bind (default 127.0.0.1)
  --seed <world.json>   initial world (format: local/emulator/README.md)
  --transition-ms <n>   duration of each asynchronous status change (default 2000)
  --tps Op=n,Op=n       per-operation quotas, e.g. DeleteFaces=5,ListFaces=5 ('*=n' for all)
  --fault-rate <0..1>   fraction of requests answered with a transient fault (default 0)
  --fault-timing <t>    before | after | mixed (default before)
  --latency-ms <n>      added to every response (default 0)
  --random-seed <n>     makes faults and generated ids reproducible`;

type Setter = (options: EmulatorOptions, value: string) => void;

const SETTERS: Record<string, Setter> = {
  '--port': (options, value) => {
    options.port = integer('--port', value, 0, 65535);
  },
  '--host': (options, value) => {
    options.host = value;
  },
  '--seed': (options, value) => {
    options.seed = value;
  },
  '--transition-ms': (options, value) => {
    options.transitionMs = integer('--transition-ms', value, 0, Number.MAX_SAFE_INTEGER);
  },
  '--tps': (options, value) => {
    options.tps = quotas(value);
  },
  '--fault-rate': (options, value) => {
    const rate = Number(value);
    if (value.trim() === '' || !(rate >= 0 && rate <= 1)) throw new CliUsageError(`--fault-rate must be in [0, 1]`);
    options.faultRate = rate;
  },
  '--fault-timing': (options, value) => {
    if (value !== 'before' && value !== 'after' && value !== 'mixed') {
      throw new CliUsageError('--fault-timing must be before, after or mixed');
    }
    options.faultTiming = value;
  },
  '--latency-ms': (options, value) => {
    options.latencyMs = integer('--latency-ms', value, 0, 600_000);
  },
  '--random-seed': (options, value) => {
    options.randomSeed = integer('--random-seed', value, 0, 2 ** 32 - 1);
  },
};

/** Accepts `--name value` and `--name=value`. */
export function parseCliArgs(argv: readonly string[]): EmulatorOptions {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] ?? '';
    const equals = argument.indexOf('=');
    const name = equals > 0 ? argument.slice(0, equals) : argument;
    const setter = SETTERS[name];
    if (!setter) throw new CliUsageError(`unknown option ${argument}`);
    const value = equals > 0 ? argument.slice(equals + 1) : argv[++i];
    if (value === undefined) throw new CliUsageError(`${name} needs a value`);
    setter(options, value);
  }
  return options;
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new CliUsageError(`${name} must be an integer from ${min} to ${max}, got ${text}`);
  }
  return value;
}

function quotas(text: string): TpsQuotas {
  const result: TpsQuotas = {};
  for (const pair of text.split(',')) {
    const [operation, rate] = pair.split('=');
    const tps = Number(rate);
    if (!operation || !/^(\*|[A-Z][A-Za-z]+)$/.test(operation) || rate === undefined || !(tps >= 0)) {
      throw new CliUsageError(`--tps expects Operation=n pairs separated by commas, got ${pair}`);
    }
    result[operation] = tps;
  }
  return result;
}
