/**
 * The JSON Schemas the package ships under `schemas/`, one per contract, each generated from the contract's one
 * zod definition. `npm run schemas` writes them; test/unit/schemas checks that the committed files are up to date.
 */
import { join } from 'node:path';
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

/** The file's text. Generated files are left out of prettier (.prettierignore): this is their one format. */
export function fileText(published: PublishedSchema): string {
  return `${JSON.stringify(published.schema, null, 2)}\n`;
}
