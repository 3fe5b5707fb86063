import { readFileSync } from 'node:fs';
import { type AwsAccess, checkAwsAccess } from './aws-access';
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
  /** Who and where the default credentials reach (STS), checked before a prompt. */
  checkAwsAccess: (region: string | undefined) => Promise<AwsAccess>;
  /** Calls the handler on Ctrl-C (SIGINT) until the returned function is called. */
  onInterrupt: (handler: () => void) => () => void;
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
    checkAwsAccess: (region) => checkAwsAccess(region),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}
