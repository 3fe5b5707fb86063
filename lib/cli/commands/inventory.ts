import type * as RekognitionSdk from '@aws-sdk/client-rekognition';
import { protectionFromEnv } from '../../../lambdas/core/settings';
import { JSON_OPTION, REGION_OPTION } from '../args';
import { formatInventory } from '../format-inventory';
import { DEFAULT_PRICE_PER_INFERENCE_UNIT_HOUR } from '../inference-cost';
import type * as Inventory from '../inventory';
import { endpointOption } from '../job-target';
import { ExitCode, UsageError, writeLine } from '../io';
import type { Command } from './command';

// Loaded when the command runs (require), not with the CLI: `--help` and usage errors come at once.
const inventoryModule = () => require('../inventory') as typeof Inventory;
const versionStatuses = (): readonly string[] =>
  Object.values((require('@aws-sdk/client-rekognition') as typeof RekognitionSdk).ProjectVersionStatus);

export const inventoryCommand: Command = {
  name: 'inventory',
  synopsis:
    '[--status <STATUS>...] [--price-per-inference-unit-hour <usd>] [--rekognition-endpoint <url>] [--region <region>] [--json]',
  summary:
    'What exists before you write a policy: collections (faces, users, face model, creation time, tags, protection) and Custom Labels / adapter projects with their versions (status, inference units, estimated cost per hour of the running ones, creation time, tags). Read-only.',
  options: {
    'rekognition-endpoint': {
      type: 'string',
      value: '<url>',
      description: 'Read this Rekognition endpoint (the emulator) instead of AWS.',
    },
    ...REGION_OPTION,
    status: {
      type: 'string',
      multiple: true,
      value: '<STATUS>',
      description:
        'List only model versions in this status (RUNNING, STOPPED, ...; repeat it or give a comma-separated list), and no collections.',
    },
    'price-per-inference-unit-hour': {
      type: 'string',
      value: '<usd>',
      description: `USD per inference unit-hour for the cost estimate (default ${DEFAULT_PRICE_PER_INFERENCE_UNIT_HOUR.toFixed(2)}, the US East list price; check your region's).`,
    },
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
    const statuses = statusFilter(args.strings('status'));
    const price = args.positiveNumber('price-per-inference-unit-hour') ?? DEFAULT_PRICE_PER_INFERENCE_UNIT_HOUR;
    const rekognition = deps
      .awsClients({ region: args.string('region'), rekognitionEndpoint: endpointOption(args) })
      .rekognition();
    const inventory = await inventoryModule().readInventory(rekognition, {
      protection: {
        protectTagKey: args.string('protect-tag-key') ?? defaults.protectTagKey,
        protectTagValue: args.string('protect-tag-value') ?? defaults.protectTagValue,
      },
      pricePerInferenceUnitHour: price,
      ...(statuses === undefined ? {} : { statuses }),
    });
    writeLine(io.stdout, args.flag('json') ? JSON.stringify(inventory, null, 2) : formatInventory(inventory));
    return ExitCode.Succeeded;
  },
};

/** `--status RUNNING --status STARTING` or `--status RUNNING,STARTING`; checked before any call, case as AWS spells it. */
function statusFilter(values: readonly string[]): string[] | undefined {
  if (values.length === 0) return undefined;
  const statuses = values.flatMap((value) => value.split(',')).map((value) => value.trim());
  const STATUSES = versionStatuses();
  for (const status of statuses) {
    if (STATUSES.includes(status)) continue;
    const upper = status.toUpperCase();
    const hint = STATUSES.includes(upper) ? `; did you mean ${upper}?` : '';
    throw new UsageError(
      `--status ${JSON.stringify(status)} is not a model version status (${STATUSES.join(', ')})${hint}`,
    );
  }
  return [...new Set(statuses)];
}
