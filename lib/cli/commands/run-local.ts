import { writeFileSync } from 'node:fs';
import type { DeleteFacesCommandOutput, RekognitionClient } from '@aws-sdk/client-rekognition';
import type { CleanupReport } from '../../../lambdas/core/report/types';
import type * as Runner from '../../../local/runner';
import { checkRekognitionEndpoint } from '../aws-access';
import type { CliContext } from '../cli-context';
import { canPrompt, confirmDeletion, needsConfirmation } from '../confirm';
import { writeLine } from '../io';
import { type LoadedJob, withRequestId } from '../job-file';
import { LocalErasureReceipt } from '../local-receipt';
import { outcomeFromExecution } from '../job-outcome';
import type { LocalTarget } from '../job-target';
import { localProgressEvent } from '../local-progress';
import { formatReport } from '../format-report';
import { printOutcome } from '../print-outcome';
import { ProgressDisplay } from '../progress-display';
import { liveOutput } from '../terminal';
import { operatorErasureName } from '../../../lambdas/core/erasure/operator-erasure';

export interface RunLocalOptions {
  json: boolean;
  yes: boolean;
}

/** What a shell reports for a command ended by Ctrl-C (128 + SIGINT): scripts tell "stopped" from "failed". */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * A job without a state machine ARN: the synthesized state machine runs in this process with the real handlers,
 * against the emulator (--rekognition-endpoint) or the account of the default AWS configuration. Ctrl-C finishes
 * the calls in flight, prints what was done and how to go on, and exits 130.
 */
export async function runLocal(
  given: LoadedJob,
  target: LocalTarget,
  rekognition: RekognitionClient,
  options: RunLocalOptions,
  { io, deps }: CliContext,
): Promise<number> {
  const emulator = target.rekognitionEndpoint !== undefined;
  const erasure = (given.job.subjects?.length ?? 0) > 0;
  // An erasure is named after its receipt, as on the deployed stack.
  const loaded = erasure ? withRequestId(given, deps.now()) : given;
  const dryRun = loaded.job.dryRun === true;
  const display = new ProgressDisplay({ stream: io.stderr, live: liveOutput(io), dryRun });
  if (emulator) {
    await checkRekognitionEndpoint(rekognition, target.rekognitionEndpoint!);
    display.note(`running the job locally against the Rekognition endpoint ${target.rekognitionEndpoint}`);
  } else {
    const access = await deps.checkAwsAccess(target.region);
    display.note(`running the job locally against AWS account ${access.account}, region ${access.region}`);
    let planned: CleanupReport['planned'] | undefined;
    if (needsConfirmation(loaded.job, options.yes) && canPrompt(io)) {
      // A read-only dry run first, so the prompt can say what the job deletes.
      display.note('planning (read-only) to show what the job deletes...');
      const plan = await (
        await runner()
      ).runWorkflow({ ...runOptions(loaded, target, rekognition), job: { ...(loaded.raw as object), dryRun: true } });
      planned = plan.report?.planned;
    }
    await confirmDeletion(
      loaded.job,
      { access, where: 'locally, with your default credentials', planned },
      options.yes,
      io,
    );
  }

  const { runWorkflow, awsHistoryOfRun } = runner();
  const stop = new AbortController();
  const stopListening = deps.onInterrupt(() => {
    stopListening();
    display.note('Ctrl-C: finishing the calls in flight, then stopping (Ctrl-C again quits at once)...');
    stop.abort();
  });
  const untap = tapDeletedFaces(rekognition, (faces) => display.observeDeletedFaces(faces));
  const requestId = loaded.job.requestId ?? '';
  const receipt = erasure
    ? await LocalErasureReceipt.open({ ...loaded.job, requestId }, loaded.raw, deps.now)
    : undefined;
  const startedAt = deps.now();
  let run;
  try {
    run = await runWorkflow({
      ...runOptions(loaded, target, rekognition),
      ...(erasure ? { executionName: operatorErasureName(requestId) } : {}),
      ...(receipt === undefined
        ? {}
        : {
            beforeStart: async (executionArn: string) => {
              const recorded = await receipt.record(executionArn);
              display.note(`receipt: requestId ${requestId}, due ${recorded.dueAt} (local receipts)`);
            },
          }),
      stopSignal: stop.signal,
      onEvent: (event) => {
        const progress = localProgressEvent(event);
        if (progress !== undefined) display.show(progress);
      },
    });
  } finally {
    stopListening();
    untap();
    display.stop();
  }
  if (target.historyOut !== undefined) {
    writeFileSync(target.historyOut, `${JSON.stringify(awsHistoryOfRun(run), null, 2)}\n`);
  }
  try {
    const settled = await receipt?.settle(run, startedAt);
    if (settled !== undefined) {
      writeLine(io.stderr, `receipt ${settled.status}: see rekognition-cleanup receipts show ${requestId}`);
    }
  } finally {
    await receipt?.close();
  }
  if (run.status === 'ABORTED') {
    if (run.report !== undefined) {
      const report = run.report;
      writeLine(io.stdout, options.json ? JSON.stringify(report, null, 2) : formatReport(report, { stopped: true }));
    } else {
      writeLine(io.stderr, 'stopped by Ctrl-C before the plan was complete: nothing was deleted.');
    }
    writeLine(io.stderr, resumeHint(loaded, run.report !== undefined));
    return INTERRUPTED_EXIT_CODE;
  }
  return printOutcome(outcomeFromExecution(run.status, run.output, run.error, run.cause, run.report), options.json, io);
}

/** What the same job does when run again: a local run's job store lives as long as the run, the world stays. */
export function resumeHint(loaded: LoadedJob, reported: boolean): string {
  const erasure = (loaded.job.subjects?.length ?? 0) > 0;
  return (
    'To finish, run the same command again: it plans again from what is left, so nothing is deleted twice' +
    `${erasure ? ' and the erasure is completed' : ''}${reported ? '; the report above counts only this run' : ''}.`
  );
}

function runOptions(loaded: LoadedJob, target: LocalTarget, rekognition: RekognitionClient) {
  const emulator = target.rekognitionEndpoint !== undefined;
  return {
    job: loaded.raw,
    rekognition,
    // Against the emulator, waits shrink to match its fast transitions; against AWS, models take real minutes.
    timeScale: target.timeScale ?? (emulator ? 0.01 : 1),
    rekognitionTps: target.rekognitionTps,
    // An erasure's identifiers stay in the job store: the history (and --history-out) holds a reference.
    storeJobInput: (loaded.job.subjects?.length ?? 0) > 0,
  };
}

/**
 * The local runner (and the CDK synthesis it does) loads only when a job runs, so `--help`, errors and the first
 * line come at once. `require`: tsx and jest run this file as CommonJS, where a dynamic import takes another loader.
 */
function runner(): typeof Runner {
  return require('../../../local/runner') as typeof Runner;
}

/** Counts the faces DeleteFaces says it deleted through this client, as they are deleted (the live display's). */
export function tapDeletedFaces(client: RekognitionClient, onDeleted: (faces: number) => void): () => void {
  const name = 'rekognitionCleanupDeletedFacesTap';
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'DeleteFacesCommand') {
        onDeleted((result.output as DeleteFacesCommandOutput).DeletedFaces?.length ?? 0);
      }
      return result;
    },
    { step: 'initialize', name },
  );
  return () => {
    client.middlewareStack.remove(name);
  };
}
