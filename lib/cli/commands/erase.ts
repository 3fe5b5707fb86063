import { JSON_OPTION, type ParsedArgs, YES_OPTION } from '../args';
import { UsageError } from '../io';
import { loadJob } from '../job-file';
import { HISTORY_OUT_OPTION, jobTargetFrom, TARGET_OPTIONS } from '../job-target';
import type { Command } from './command';
import { executeJob } from './execute-job';

export const eraseCommand: Command = {
  name: 'erase',
  synopsis: '--user-id <id> [--external-image-id <id> ...] [--collection-id <id> ...] [options]',
  summary:
    'Erase one person (GDPR erasure): their user and faces, by user id and/or external image ids, in the given collections or in every collection. Progress and report show a hash of the subject, never its ids.',
  options: {
    'user-id': { type: 'string', value: '<id>', description: 'The Rekognition UserId of the person.' },
    'external-image-id': {
      type: 'string',
      multiple: true,
      value: '<id>',
      description: 'An ExternalImageId of their faces (repeatable); with or instead of --user-id.',
    },
    'collection-id': {
      type: 'string',
      multiple: true,
      value: '<id>',
      description: 'Search only this collection (repeatable; default: every collection).',
    },
    'request-id': {
      type: 'string',
      value: '<id>',
      description: 'Idempotency key and execution name, e.g. the ticket number of the request.',
    },
    'dry-run': { type: 'boolean', description: 'Find the faces and report them; delete nothing.' },
    ...TARGET_OPTIONS,
    ...HISTORY_OUT_OPTION,
    ...YES_OPTION,
    ...JSON_OPTION,
  },
  run(args, context) {
    const loaded = loadJob(subjectJob(args));
    const target = jobTargetFrom(args);
    return executeJob(loaded, target, { json: args.flag('json'), yes: args.flag('yes') }, context);
  },
};

/** `{requestId, subjects: [{userId, externalImageIds, collectionIds}]}`, with only the fields that were given. */
export function subjectJob(args: ParsedArgs): Record<string, unknown> {
  const userId = args.string('user-id');
  const externalImageIds = args.strings('external-image-id');
  const collectionIds = args.strings('collection-id');
  const requestId = args.string('request-id');
  if (userId === undefined && externalImageIds.length === 0) {
    throw new UsageError('erase needs --user-id or at least one --external-image-id');
  }
  return {
    ...(requestId !== undefined ? { requestId } : {}),
    ...(args.flag('dry-run') ? { dryRun: true } : {}),
    subjects: [
      {
        ...(userId !== undefined ? { userId } : {}),
        ...(externalImageIds.length > 0 ? { externalImageIds } : {}),
        ...(collectionIds.length > 0 ? { collectionIds } : {}),
      },
    ],
  };
}
