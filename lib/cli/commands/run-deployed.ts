import { regionOfArn } from '../aws-clients';
import type { CliContext } from '../cli-context';
import { confirmDeletion, needsConfirmation } from '../confirm';
import { followExecution } from '../execution-follower';
import { writeLine } from '../io';
import type { LoadedJob } from '../job-file';
import type { DeployedTarget } from '../job-target';
import { printOutcome } from '../print-outcome';
import { ProgressDisplay } from '../progress-display';
import { stateMachineArnFromStack } from '../stack-output';
import { startOrJoinExecution } from '../start-execution';
import { liveOutput } from '../terminal';

export interface RunDeployedOptions {
  json: boolean;
  yes: boolean;
}

/**
 * A job on the deployed state machine: resolve it, confirm, start (or join the execution of the same requestId),
 * follow the history on stderr, then print the report. The job was validated before this is called, so an
 * invalid job never reaches AWS.
 */
export async function runDeployed(
  loaded: LoadedJob,
  target: DeployedTarget,
  options: RunDeployedOptions,
  { io, deps }: CliContext,
): Promise<number> {
  const stateMachineArn =
    target.stateMachineArn ??
    (await stateMachineArnFromStack(
      deps.awsClients({ region: target.region }).cloudFormation(),
      target.stackName ?? '',
    ));
  const region = target.region ?? regionOfArn(stateMachineArn);
  if (needsConfirmation(loaded.job, options.yes)) {
    const access = await deps.checkAwsAccess(region);
    await confirmDeletion(loaded.job, { access, where: `on state machine ${stateMachineArn}` }, options.yes, io);
  }

  const sfn = deps.awsClients({ region }).sfn();
  const started = await startOrJoinExecution(sfn, {
    stateMachineArn,
    name: loaded.job.requestId,
    input: JSON.stringify(loaded.raw),
  });
  if (started.existingStatus !== undefined) {
    writeLine(
      io.stderr,
      `requestId "${loaded.job.requestId}" already ran this job (${started.existingStatus}): following that execution instead of starting another.`,
    );
  }
  writeLine(io.stderr, `execution ${started.executionArn}`);
  writeLine(
    io.stderr,
    `  Ctrl-C stops following, not the job; see it later with: rekognition-cleanup status ${started.executionArn}`,
  );
  const display = new ProgressDisplay({ stream: io.stderr, live: liveOutput(io), dryRun: loaded.job.dryRun === true });
  try {
    const outcome = await followExecution(sfn, started.executionArn, {
      pollMs: target.pollSeconds * 1000,
      sleep: deps.sleep,
      onProgress: (progress) => display.show(progress),
    });
    display.stop();
    return printOutcome(outcome, options.json, io);
  } finally {
    display.stop();
  }
}
