/**
 * The JSON Schemas the package ships under `schemas/`, one per contract, each generated from the contract's one
 * zod definition. `npm run schemas` writes them; test/unit/schemas checks that the committed files are up to date.
 */
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { cleanupJob } from '../../lambdas/core/job/job-schema';
import { retentionPolicies } from '../../lib/config/retention-policies';
import { ERASURE_EVENT_SCHEMAS } from '../../lib/schemas/erasure-event-schemas';
import { type JsonSchema, toJsonSchema } from '../../lib/schemas/json-schema';
import { world } from '../emulator/world/world-schema';

export const SCHEMAS_DIR = join(__dirname, '..', '..', 'schemas');

export interface PublishedSchema {
  file: string;
  schema: JsonSchema;
}

export function publishedSchemas(): PublishedSchema[] {
  return [
    { file: 'cleanup-job.schema.json', schema: toJsonSchema(cleanupJob, 'CleanupJob') },
    ...ERASURE_EVENT_SCHEMAS.map((event) => ({
      file: event.file,
      schema: toJsonSchema(event.detail, `${event.detailType}Detail`),
    })),
    { file: 'retention-policies.schema.json', schema: toJsonSchema(retentionPolicies, 'RetentionPolicies') },
    { file: 'world.schema.json', schema: toJsonSchema(world, 'EmulatorWorld') },
  ];
}

/** The file's text, formatted as the repository's prettier config formats JSON (so `npm run lint` agrees). */
export async function fileText(published: PublishedSchema): Promise<string> {
  const path = join(SCHEMAS_DIR, published.file);
  const options = (await resolveConfig(path)) ?? {};
  return format(JSON.stringify(published.schema), { ...options, filepath: path });
}
