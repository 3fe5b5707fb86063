import { runWorkflow } from '../../../local/runner';
import { confirmDeletion } from '../confirm';
import { formatOutcome } from '../format-report';
import { type CliIo, writeLine } from '../io';
import { readJobFile } from '../job-file';
import { exitCodeOf, outcomeFromExecution, outcomeJson } from '../job-outcome';
import { localProgressLine } from '../local-progress';

export interface RunLocalOptions {
  input?: string;
  rekognitionEndpoint?: string;
  json: boolean;
  yes: boolean;
  timeScale?: number;
  readStdin: () => string;
}

/**
 * `run` without a state machine ARN: the synthesized state machine runs in this process with the real handlers,
 * against the emulator (--rekognition-endpoint) or the account of the default AWS configuration.
 */
export async function runLocal(options: RunLocalOptions, io: CliIo): Promise<number> {
  const { raw, job } = readJobFile(options.input, options.readStdin);
  const emulator = options.rekognitionEndpoint !== undefined;
  if (!emulator) {
    const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the default region';
    await confirmDeletion(job, `the AWS account of your default credentials (${region})`, options.yes, io);
  }
  const run = await runWorkflow({
    job: raw,
    rekognitionEndpoint: options.rekognitionEndpoint,
    // Against the emulator, waits shrink to match its fast transitions; against AWS, models take real minutes.
    timeScale: options.timeScale ?? (emulator ? 0.01 : 1),
    onEvent: (event) => {
      const line = localProgressLine(event);
      if (line !== undefined) writeLine(io.stderr, line);
    },
  });
  const outcome = outcomeFromExecution(run.status, run.output, run.error, run.cause);
  if (options.json) writeLine(io.stdout, JSON.stringify(outcomeJson(outcome), null, 2));
  else writeLine(io.stdout, formatOutcome(outcome));
  return exitCodeOf(outcome);
}
