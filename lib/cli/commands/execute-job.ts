import type { CliContext } from '../cli-context';
import type { LoadedJob } from '../job-file';
import type { JobTarget } from '../job-target';
import type * as RunDeployed from './run-deployed';
import type * as RunLocal from './run-local';

export interface ExecuteOptions {
  json: boolean;
  yes: boolean;
}

/**
 * run, plan and erase differ in how they build the job; from here on they are the same. The two ways of running load
 * when a job runs (require), with their SDK clients: `--help` and usage errors do not wait for them.
 */
export function executeJob(
  loaded: LoadedJob,
  target: JobTarget,
  options: ExecuteOptions,
  context: CliContext,
): Promise<number> {
  if (target.kind === 'deployed')
    return (require('./run-deployed') as typeof RunDeployed).runDeployed(loaded, target, options, context);
  const clients = context.deps.awsClients({
    region: target.region,
    rekognitionEndpoint: target.rekognitionEndpoint,
  });
  return (require('./run-local') as typeof RunLocal).runLocal(loaded, target, clients.rekognition(), options, context);
}
