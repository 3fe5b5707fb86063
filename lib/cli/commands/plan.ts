import { INPUT_OPTION, JSON_OPTION, MAX_DELETIONS_OPTION } from '../args';
import { asDryRun, readJobFile, withMaxDeletions } from '../job-file';
import { HISTORY_OUT_OPTION, jobTargetFrom, TARGET_OPTIONS } from '../job-target';
import type { Command } from './command';
import { executeJob } from './execute-job';

export const planCommand: Command = {
  name: 'plan',
  synopsis:
    '--input <job.json> [--max-deletions <n>] [--state-machine-arn <arn> | --stack-name <name> | --rekognition-endpoint <url>]',
  summary:
    'What the job would delete: the same job as a dry run (dryRun forced to true). Read-only, so it never asks for confirmation.',
  options: { ...INPUT_OPTION, ...MAX_DELETIONS_OPTION, ...TARGET_OPTIONS, ...HISTORY_OUT_OPTION, ...JSON_OPTION },
  run(args, context) {
    const loaded = asDryRun(
      withMaxDeletions(readJobFile(args.string('input'), context.deps.readStdin), args.positiveNumber('max-deletions')),
    );
    const target = jobTargetFrom(args);
    return executeJob(loaded, target, { json: args.flag('json'), yes: false }, context);
  },
};
