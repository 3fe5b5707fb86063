import { protectionFromEnv } from '../../../lambdas/core/settings';
import { JSON_OPTION, REGION_OPTION } from '../args';
import { formatInventory } from '../format-inventory';
import { readInventory } from '../inventory';
import { endpointOption } from '../job-target';
import { ExitCode, writeLine } from '../io';
import type { Command } from './command';

export const inventoryCommand: Command = {
  name: 'inventory',
  synopsis: '[--rekognition-endpoint <url>] [--region <region>] [--json]',
  summary:
    'What exists before you write a policy: collections (faces, users, face model, creation time, tags, protection) and Custom Labels / adapter projects with their versions (status, creation time, tags). Read-only.',
  options: {
    'rekognition-endpoint': {
      type: 'string',
      value: '<url>',
      description: 'Read this Rekognition endpoint (the emulator) instead of AWS.',
    },
    ...REGION_OPTION,
    'protect-tag-key': {
      type: 'string',
      value: '<key>',
      description: 'The tag that protects a resource from selectors (default cleanup:protect, or PROTECT_TAG_KEY).',
    },
    'protect-tag-value': {
      type: 'string',
      value: '<value>',
      description: 'Its protecting value, compared case-insensitively (default true, or PROTECT_TAG_VALUE).',
    },
    ...JSON_OPTION,
  },
  async run(args, { io, deps }) {
    // Same defaults as the deployed functions' environment, so "protected" here means what the workflow will skip.
    const defaults = protectionFromEnv();
    const rekognition = deps
      .awsClients({ region: args.string('region'), rekognitionEndpoint: endpointOption(args) })
      .rekognition();
    const inventory = await readInventory(rekognition, {
      protection: {
        protectTagKey: args.string('protect-tag-key') ?? defaults.protectTagKey,
        protectTagValue: args.string('protect-tag-value') ?? defaults.protectTagValue,
      },
    });
    writeLine(io.stdout, args.flag('json') ? JSON.stringify(inventory, null, 2) : formatInventory(inventory));
    return ExitCode.Succeeded;
  },
};
