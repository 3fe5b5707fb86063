/**
 * The job contract's types, inferred from its schema (job-schema.ts): the one definition. Read the schema for the
 * rules; these names are what the rest of the code speaks.
 */
import type * as z from 'zod/mini';
import { COLLECTION_ACTIONS, type cleanupJob, type PROJECT_VERSION_ACTIONS } from './job-schema';

export { COLLECTION_ACTIONS };

export type CleanupJob = z.output<typeof cleanupJob>;
export type CollectionAction = (typeof COLLECTION_ACTIONS)[number];
export type VersionAction = (typeof PROJECT_VERSION_ACTIONS)[number];
export type CollectionsSection = NonNullable<CleanupJob['collections']>[number];
export type CollectionSelector = CollectionsSection['select'];
/** Tag filter: every listed key must be present with exactly that value. */
export type TagFilter = NonNullable<CollectionSelector['tags']>;
export type FacesSection = NonNullable<CleanupJob['faces']>[number];
export type SubjectSection = NonNullable<CleanupJob['subjects']>[number];
export type ProjectVersionsSection = NonNullable<CleanupJob['projectVersions']>[number];
export type ProjectVersionSelector = ProjectVersionsSection['select'];
