/**
 * The seed format's types, inferred from its schema (world-schema.ts): what an emulator starts with, and what
 * `snapshot()` returns. Documented with examples in local/emulator/README.md.
 */
import type * as z from 'zod/mini';
import type { world } from './world-schema';

export type World = z.output<typeof world>;
export type WorldCollection = NonNullable<World['collections']>[number];
export type WorldFaceEntry = NonNullable<WorldCollection['faces']>[number];
/** Faces generated in bulk: nothing is stored per face, so a million costs a few megabytes. */
export type WorldFaceBatch = Extract<WorldFaceEntry, { generate: unknown }>;
export type WorldFace = Exclude<WorldFaceEntry, WorldFaceBatch>;
export type GeneratedFaces = WorldFaceBatch['generate'];
export type GeneratedUsers = NonNullable<GeneratedFaces['users']>;
export type WorldUser = NonNullable<WorldCollection['users']>[number];
export type WorldProject = NonNullable<World['projects']>[number];
export type WorldProjectVersion = NonNullable<WorldProject['versions']>[number];
/** When a resource was created: at most one of the two. @default the moment the emulator loads the world */
export type CreatedWhen = Pick<WorldCollection, 'createdAt' | 'createdDaysAgo'>;
