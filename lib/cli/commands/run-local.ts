import { writeFileSync } from 'node:fs';
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { awsHistoryOfRun, runWorkflow } from '../../../local/runner';
import { confirmDeletion } from '../confirm';
import { type CliIo, writeLine } from '../io';
import type { LoadedJob } from '../job-file';
import { outcomeFromExecution } from '../job-outcome';
import type { LocalTarget } from '../job-target';
import { localProgressLine } from '../local-progress';
import { printOutcome } from '../print-outcome';

export interface RunLocalOptions {
  json: boolean;
  yes: boolean;
}

/**
 * A job without a state machine ARN: the synthesized state machine runs in this process with the real handlers,
 * against the emulator (--rekognition-endpoint) or the account of the default AWS configuration.
 */
export async function runLocal(
  loaded: LoadedJob,
  target: LocalTarget,
  rekognition: RekognitionClient,
  options: RunLocalOptions,
  io: CliIo,
): Promise<number> {
  const emulator = target.rekognitionEndpoint !== undefined;
  if (!emulator) {
    const region = target.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the default region';
    await confirmDeletion(loaded.job, `the AWS account of your default credentials (${region})`, options.yes, io);
  }
  const run = await runWorkflow({
    job: loaded.raw,
    rekognition,
    // Against the emulator, waits shrink to match its fast transitions; against AWS, models take real minutes.
    timeScale: target.timeScale ?? (emulator ? 0.01 : 1),
    rekognitionTps: target.rekognitionTps,
    // An erasure's identifiers stay in the job store: the history (and --history-out) holds a reference.
    storeJobInput: (loaded.job.subjects?.length ?? 0) > 0,
    onEvent: (event) => {
      const line = localProgressLine(event);
      if (line !== undefined) writeLine(io.stderr, line);
    },
  });
  if (target.historyOut !== undefined) {
    writeFileSync(target.historyOut, `${JSON.stringify(awsHistoryOfRun(run), null, 2)}\n`);
  }
  return printOutcome(outcomeFromExecution(run.status, run.output, run.error, run.cause, run.report), options.json, io);
}
