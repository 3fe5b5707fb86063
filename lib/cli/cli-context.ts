import { readFileSync } from 'node:fs';
import { type AwsClientFactory, createAwsClients } from './aws-clients';
import type { CliIo } from './io';

/** Everything a command reaches outside itself; tests replace each part. */
export interface CliDeps {
  awsClients: AwsClientFactory;
  /** The job when `--input -`. */
  readStdin: () => string;
  /** Between polls of a deployed execution. */
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
}

export interface CliContext {
  io: CliIo;
  deps: CliDeps;
}

export function defaultDeps(): CliDeps {
  return {
    awsClients: createAwsClients,
    readStdin: () => readFileSync(0, 'utf8'),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => new Date(),
  };
}
