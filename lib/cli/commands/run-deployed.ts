import { operatorErasureName, recordOperatorErasure } from '../../../lambdas/core/erasure/operator-erasure';
import { storeJob } from '../../../lambdas/core/job/stored-job';
import { useSubjectKey } from '../../../lambdas/core/pseudonyms/pseudonym';
import { kmsSubjectKey } from '../../../lambdas/core/pseudonyms/subject-key';
import { storedReport } from '../../../lambdas/core/report/report-stored-job';
import { JobStore } from '../../../lambdas/core/store/job-store';
import { DEFAULT_JOB_DATA_TTL_DAYS } from '../../../lambdas/core/store/table-schema';
import { type AwsClients, regionOfArn } from '../aws-clients';
import type { CliContext } from '../cli-context';
import { confirmDeletion, needsConfirmation } from '../confirm';
import { type DeployedStack, deployedStack } from '../deployed-stack';
import { followExecution } from '../execution-follower';
import { type CliIo, UsageError, writeLine } from '../io';
import { type LoadedJob, withRequestId } from '../job-file';
import type { JobOutcome } from '../job-outcome';
import type { DeployedTarget } from '../job-target';
import { printOutcome } from '../print-outcome';
import { stateMachineArnFromStack } from '../stack-output';
import { executionArnFor, startOrJoinExecution } from '../start-execution';
import { ProgressDisplay } from '../progress-display';
import { liveOutput } from '../terminal';

export interface RunDeployedOptions {
  json: boolean;
  yes: boolean;
}

/**
 * A job on the deployed state machine: resolve it, confirm, start (or join the execution of the same requestId),
 * follow the history on stderr, then print the whole report from the job store. The job was validated before this
 * is called, so an invalid job never reaches AWS.
 *
 * An erasure (a job with `subjects`) gets a receipt in the stack's receipts table, as bus requests do (requester
 * `rekognition-cleanup.cli`, execution named after it), and is kept in the stack's job store and started by
 * reference: the subject's ids never enter the execution's input or its history. When the execution closes, the
 * stack's receipt function settles the receipt and deletes the stored job, whether or not the CLI still follows.
 */
export async function runDeployed(
  given: LoadedJob,
  target: DeployedTarget,
  options: RunDeployedOptions,
  { io, deps }: CliContext,
): Promise<number> {
  const region = target.region ?? regionOfArn(target.stateMachineArn);
  const aws = deps.awsClients({ region });
  const erasure = (given.job.subjects?.length ?? 0) > 0;
  const loaded = erasure ? withRequestId(given, deps.now()) : given;
  // Before the prompt: a stack that cannot take an erasure by reference fails here, with nothing started.
  const stack = erasure ? await deployedStack(aws, target) : undefined;
  const stateMachineArn =
    stack?.stateMachineArn ??
    target.stateMachineArn ??
    (await stateMachineArnFromStack(aws.cloudFormation(), target.stackName ?? ''));
  if (needsConfirmation(loaded.job, options.yes)) {
    const access = await deps.checkAwsAccess(region ?? regionOfArn(stateMachineArn));
    await confirmDeletion(loaded.job, { access, where: `on state machine ${stateMachineArn}` }, options.yes, io);
  }

  const store = stack === undefined ? undefined : jobStoreOf(aws, stack);
  const name =
    erasure && loaded.job.requestId !== undefined ? operatorErasureName(loaded.job.requestId) : loaded.job.requestId;
  const stored =
    stack !== undefined && store !== undefined
      ? await storeErasure(aws, stack, store, loaded, executionArnFor(stateMachineArn, name ?? ''), deps.now(), io)
      : undefined;
  const sfn = aws.sfn();
  const started = await startOrJoinExecution(sfn, {
    stateMachineArn,
    name,
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
  const display = new ProgressDisplay({ stream: io.stderr, live: liveOutput(io), dryRun: loaded.job.dryRun === true });
  let outcome: JobOutcome;
  try {
    outcome = await followExecution(sfn, started.executionArn, {
      pollMs: target.pollSeconds * 1000,
      sleep: deps.sleep,
      onProgress: (progress) => display.show(progress),
    });
  } finally {
    display.stop();
  }
  const reportStore = store ?? (outcome.report?.jobId === undefined ? undefined : await optionalStore(aws, target, io));
  return printOutcome(await withWholeReport(outcome, reportStore, deps.now()), options.json, io);
}

/**
 * Records the erasure's receipt, then keeps the job in the stack's store under its keyed fingerprint: pseudonyms
 * and fingerprint made with the stack's KMS key, so they match what the intake and the workflow compute.
 */
async function storeErasure(
  aws: AwsClients,
  stack: DeployedStack,
  store: JobStore,
  loaded: LoadedJob,
  executionArn: string,
  now: Date,
  io: CliIo,
) {
  const requestId = loaded.job.requestId ?? '';
  useSubjectKey(kmsSubjectKey(aws.kms(), stack.subjectKeyArn));
  try {
    const recorded = await recordOperatorErasure(
      { client: aws.documents(), tableName: stack.receiptsTable },
      {
        job: { ...loaded.job, requestId },
        raw: loaded.raw,
        executionArn,
        receivedAt: now,
        slaSeconds: stack.slaSeconds,
      },
    );
    if ('refused' in recorded) throw new UsageError(`requestId "${requestId}": ${recorded.refused.message}`);
    writeLine(
      io.stderr,
      `receipt: requestId ${requestId}, due ${recorded.receipt.dueAt} (see: rekognition-cleanup receipts show ${requestId} --stack-name ${stack.stackName})`,
    );
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
