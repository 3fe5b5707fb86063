import { writeFileSync } from 'node:fs';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { awsHistoryOfRun, runWorkflow } from '../../../local/runner';
import { confirmDeletion } from '../confirm';
import { type CliIo, writeLine } from '../io';
import { type LoadedJob, withRequestId } from '../job-file';
import { LocalErasureReceipt } from '../local-receipt';
import { outcomeFromExecution } from '../job-outcome';
import type { LocalTarget } from '../job-target';
import { localProgressLine } from '../local-progress';
import { printOutcome } from '../print-outcome';
import { operatorErasureName } from '../../../lambdas/core/erasure/operator-erasure';

export interface RunLocalOptions {
  json: boolean;
  yes: boolean;
}

/**
 * A job without a state machine ARN: the synthesized state machine runs in this process with the real handlers,
 * against the emulator (--rekognition-endpoint) or the account of the default AWS configuration.
 */
export async function runLocal(
  given: LoadedJob,
  target: LocalTarget,
  rekognition: RekognitionClient,
  options: RunLocalOptions,
  io: CliIo,
  now: () => Date = () => new Date(),
): Promise<number> {
  const emulator = target.rekognitionEndpoint !== undefined;
  const erasure = (given.job.subjects?.length ?? 0) > 0;
  // An erasure is named after its receipt, as on the deployed stack.
  const loaded = erasure ? withRequestId(given, now()) : given;
  if (!emulator) {
    const region = target.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the default region';
    await confirmDeletion(loaded.job, `the AWS account of your default credentials (${region})`, options.yes, io);
  }
  const requestId = loaded.job.requestId ?? '';
  const receipt = erasure ? await LocalErasureReceipt.open({ ...loaded.job, requestId }, loaded.raw, now) : undefined;
  try {
    const startedAt = now();
    const run = await runWorkflow({
      job: loaded.raw,
      rekognition,
      // Against the emulator, waits shrink to match its fast transitions; against AWS, models take real minutes.
      timeScale: target.timeScale ?? (emulator ? 0.01 : 1),
      rekognitionTps: target.rekognitionTps,
      // An erasure's identifiers stay in the job store: the history (and --history-out) holds a reference.
      storeJobInput: erasure,
      ...(erasure ? { executionName: operatorErasureName(requestId) } : {}),
      ...(receipt === undefined
        ? {}
        : {
            beforeStart: async (executionArn: string) => {
              const recorded = await receipt.record(executionArn);
              writeLine(io.stderr, `receipt: requestId ${requestId}, due ${recorded.dueAt} (local receipts)`);
            },
          }),
      onEvent: (event) => {
        const line = localProgressLine(event);
        if (line !== undefined) writeLine(io.stderr, line);
      },
    });
    if (target.historyOut !== undefined) {
      writeFileSync(target.historyOut, `${JSON.stringify(awsHistoryOfRun(run), null, 2)}\n`);
    }
    const settled = await receipt?.settle(run, startedAt);
    if (settled !== undefined) {
      writeLine(io.stderr, `receipt ${settled.status}: see rekognition-cleanup receipts show ${requestId}`);
    }
    return printOutcome(
      outcomeFromExecution(run.status, run.output, run.error, run.cause, run.report),
      options.json,
      io,
    );
  } finally {
    await receipt?.close();
  }
}
