import type { CliContext } from '../cli-context';
import type { LoadedJob } from '../job-file';
import type { JobTarget } from '../job-target';
import { runDeployed } from './run-deployed';
import { runLocal } from './run-local';

export interface ExecuteOptions {
  json: boolean;
  yes: boolean;
}

/** run, plan and erase differ in how they build the job; from here on they are the same. */
export function executeJob(
  loaded: LoadedJob,
  target: JobTarget,
  options: ExecuteOptions,
  context: CliContext,
): Promise<number> {
  if (target.kind === 'deployed') return runDeployed(loaded, target, options, context);
  const clients = context.deps.awsClients({
    region: target.region,
    rekognitionEndpoint: target.rekognitionEndpoint,
  });
  return runLocal(loaded, target, clients.rekognition(), options, context.io, context.deps.now);
}
