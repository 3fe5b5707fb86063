import { storeJob } from '../../../lambdas/core/job/stored-job';
import { useSubjectKey } from '../../../lambdas/core/pseudonyms/pseudonym';
import { kmsSubjectKey } from '../../../lambdas/core/pseudonyms/subject-key';
import { storedReport } from '../../../lambdas/core/report/report-stored-job';
import { JobStore } from '../../../lambdas/core/store/job-store';
import { DEFAULT_JOB_DATA_TTL_DAYS } from '../../../lambdas/core/store/table-schema';
import { type AwsClients, regionOfArn } from '../aws-clients';
import type { CliContext } from '../cli-context';
import { confirmDeletion } from '../confirm';
import { type DeployedStack, deployedStack } from '../deployed-stack';
import { followExecution } from '../execution-follower';
import { type CliIo, writeLine } from '../io';
import type { LoadedJob } from '../job-file';
import type { JobOutcome } from '../job-outcome';
import type { DeployedTarget } from '../job-target';
import { printOutcome } from '../print-outcome';
import { stateMachineArnFromStack } from '../stack-output';
import { startOrJoinExecution } from '../start-execution';

export interface RunDeployedOptions {
  json: boolean;
  yes: boolean;
}

/**
 * A job on the deployed state machine: resolve it, confirm, start (or join the execution of the same requestId),
 * follow the history on stderr, then print the whole report from the job store. The job was validated before this
 * is called, so an invalid job never reaches AWS.
 *
 * An erasure (a job with `subjects`) is kept in the stack's job store and started by reference, as the intake
 * starts them: the subject's ids never enter the execution's input or its history. Once the execution is over,
 * the stored job is deleted (if the CLI stops following first, the store's TTL removes it).
 */
export async function runDeployed(
  loaded: LoadedJob,
  target: DeployedTarget,
  options: RunDeployedOptions,
  { io, deps }: CliContext,
): Promise<number> {
  const aws = deps.awsClients({ region: target.region ?? regionOfArn(target.stateMachineArn) });
  const erasure = (loaded.job.subjects?.length ?? 0) > 0;
  // Before the prompt: a stack that cannot take an erasure by reference fails here, with nothing started.
  const stack = erasure ? await deployedStack(aws, target) : undefined;
  const stateMachineArn =
    stack?.stateMachineArn ??
    target.stateMachineArn ??
    (await stateMachineArnFromStack(aws.cloudFormation(), target.stackName ?? ''));
  await confirmDeletion(loaded.job, `state machine ${stateMachineArn}`, options.yes, io);

  const store =
    stack === undefined ? undefined : new JobStore(aws.documents(), stack.jobStoreTable, DEFAULT_JOB_DATA_TTL_DAYS);
  const stored =
    erasure && stack !== undefined && store !== undefined ? await storeErasure(aws, stack, store, loaded) : undefined;
  const sfn = aws.sfn();
  const started = await startOrJoinExecution(sfn, {
    stateMachineArn,
    name: loaded.job.requestId,
    input: JSON.stringify(stored ?? loaded.raw),
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
  const outcome = await followExecution(sfn, started.executionArn, {
    pollMs: target.pollSeconds * 1000,
    sleep: deps.sleep,
    onLine: (line) => writeLine(io.stderr, line),
  });
  if (stored !== undefined && store !== undefined) await store.deleteInput(stored.storedJob);
  const reportStore = store ?? (outcome.report?.jobId === undefined ? undefined : await optionalStore(aws, target, io));
  return printOutcome(await withWholeReport(outcome, reportStore, deps.now()), options.json, io);
}

/** Keeps the job in the stack's store under its keyed fingerprint, made with the stack's KMS key. */
async function storeErasure(aws: AwsClients, stack: DeployedStack, store: JobStore, loaded: LoadedJob) {
  useSubjectKey(kmsSubjectKey(aws.kms(), stack.subjectKeyArn));
  try {
    return await storeJob(store, loaded.raw);
  } finally {
    useSubjectKey(undefined);
  }
}

/**
 * For jobs that are not erasures, the stack is only needed for the whole report: without it (a stack of an older
 * version, no permission to read it) the execution's own, shortened report is shown.
 */
async function optionalStore(aws: AwsClients, target: DeployedTarget, io: CliIo): Promise<JobStore | undefined> {
  try {
    return jobStoreOf(aws, await deployedStack(aws, target));
  } catch (error) {
    writeLine(io.stderr, `the job store is out of reach (${(error as Error).message}): the report may be shortened`);
    return undefined;
  }
}

function jobStoreOf(aws: AwsClients, stack: DeployedStack): JobStore {
  return new JobStore(aws.documents(), stack.jobStoreTable, DEFAULT_JOB_DATA_TTL_DAYS);
}

/** The execution's output holds a short report naming its jobId; the store holds it whole. */
async function withWholeReport(outcome: JobOutcome, store: JobStore | undefined, now: Date): Promise<JobOutcome> {
  const jobId = outcome.report?.jobId;
  if (store === undefined || jobId === undefined) return outcome;
  const whole = await storedReport(store, jobId, now);
  return whole === undefined ? outcome : { ...outcome, report: whole };
}
