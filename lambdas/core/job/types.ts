/**
 * The job contract: the state machine's input. Other services depend on this shape; it is validated strictly by
 * `validateJob` before any Rekognition call. Within a `select`, the given criteria are ANDed.
 */

export type CollectionAction = 'DELETE_COLLECTION' | 'DELETE_FACES';
export const COLLECTION_ACTIONS: readonly CollectionAction[] = ['DELETE_COLLECTION', 'DELETE_FACES'];

/** Tag filter: every listed key must be present with exactly that value. */
export type TagFilter = Record<string, string>;

export interface CollectionSelector {
  ids?: string[];
  prefix?: string;
  /** ISO-8601 instant; collections created strictly before it match. */
  createdBefore?: string;
  /** Collections whose CreationTimestamp is more than this many days before the job's start match. */
  olderThanDays?: number;
  tags?: TagFilter;
  /** Exact face model version, as ListCollections reports it (for example "4.0"). */
  faceModelVersion?: string;
}

export interface CollectionsSection {
  select: CollectionSelector;
  action: CollectionAction;
}

export interface FacesSection {
  collectionId: string;
  faceIds: string[];
}

export interface SubjectSection {
  userId?: string;
  externalImageIds?: string[];
  /** Omitted means every collection in the account and region. */
  collectionIds?: string[];
}

export interface ProjectVersionSelector {
  arns?: string[];
  projectArn?: string;
  olderThanDays?: number;
  /** Never delete the N most recently created versions of the project. */
  keepLatest?: number;
  tags?: TagFilter;
}

/**
 * DELETE: stop the version if it runs (see stopRunning), then delete it. STOP: stop a RUNNING or STARTING version,
 * wait until it is STOPPED, and keep it; a version at rest is left as it is (the decision table is
 * lambdas/core/project-versions/stop-decision.ts).
 */
export type VersionAction = 'DELETE' | 'STOP';
export const VERSION_ACTIONS: readonly VersionAction[] = ['DELETE', 'STOP'];

export interface ProjectVersionsSection {
  select: ProjectVersionSelector;
  /** What to do with the versions selected. STOP refuses deleteProjectWhenEmpty and stopRunning. @default "DELETE" */
  action?: VersionAction;
  /**
   * Delete the project once it has no versions left. With arns: each project in which a listed version was found
   * (a version ARN names its project only by name). @default false
   */
  deleteProjectWhenEmpty?: boolean;
  /**
   * With projectArn only: stop a RUNNING or STARTING version the selector matches, then delete it. Without it, such
   * a version is skipped with reason RUNNING. Explicit arns always stop what they name. @default false
   */
  stopRunning?: boolean;
}

export interface CleanupJob {
  /** Idempotency key and execution name. */
  requestId?: string;
  /** @default false */
  dryRun?: boolean;
  /** Abort before the first delete when the plan would delete more than this many resources. */
  maxDeletions?: number;
  collections?: CollectionsSection[];
  faces?: FacesSection[];
  subjects?: SubjectSection[];
  projectVersions?: ProjectVersionsSection[];
}
