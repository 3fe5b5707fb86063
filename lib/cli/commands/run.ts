import { INPUT_OPTION, JSON_OPTION, MAX_DELETIONS_OPTION, YES_OPTION } from '../args';
import { readJobFile, withMaxDeletions } from '../job-file';
import { HISTORY_OUT_OPTION, jobTargetFrom, TARGET_OPTIONS } from '../job-target';
import type { Command } from './command';
import { executeJob } from './execute-job';

export const runCommand: Command = {
  name: 'run',
  synopsis:
    '--input <job.json> [--max-deletions <n>] [--state-machine-arn <arn> | --stack-name <name> | --rekognition-endpoint <url>]',
  summary:
    'Run a cleanup job (see the README for the job contract): on the deployed state machine, following it live, or locally.',
  options: {
    ...INPUT_OPTION,
    ...MAX_DELETIONS_OPTION,
    ...TARGET_OPTIONS,
    ...HISTORY_OUT_OPTION,
    ...YES_OPTION,
    ...JSON_OPTION,
  },
  run(args, context) {
    // Validation comes first: a bad job or bad options exit 2 before any AWS call.
    const loaded = withMaxDeletions(
      readJobFile(args.string('input'), context.deps.readStdin),
      args.positiveNumber('max-deletions'),
    );
    const target = jobTargetFrom(args);
    return executeJob(loaded, target, { json: args.flag('json'), yes: args.flag('yes') }, context);
  },
};
