import {
  DescribeCollectionCommand,
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  ListCollectionsCommand,
  type ProjectDescription,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { createLimiter, type Limiter } from '../../lambdas/core/async/limiter';
import { collectPages } from '../../lambdas/core/async/paging';
import { isNotFound } from '../../lambdas/core/aws/rekognition-errors';
import { parseProjectArn, parseVersionArn } from '../../lambdas/core/plan/version-arn';
import { isProtected, readTags } from '../../lambdas/core/protection';
import type { ProtectionSettings } from '../../lambdas/core/settings';
import { addCosts, estimateHourlyCost, type HourlyCost, type InferenceUnits } from './inference-cost';

/** What a person looks at before writing a policy: the account's collections and Custom Labels projects. */
export interface Inventory {
  protectTag: { key: string; value: string };
  /** Left out when versions are filtered by status (collections have none): never an empty list that is not so. */
  collections?: CollectionEntry[];
  projects: ProjectEntry[];
  /** Set when only versions in these statuses are listed (`--status`); projects without such a version are left out. */
  statusFilter?: string[];
  /** Running Custom Labels models: how many, and their estimated cost per hour (an estimate, see inference-cost.ts). */
  running: { versions: number; estimatedHourlyCost: HourlyCost };
  /** The price the estimates use, in USD per inference unit-hour. */
  pricePerInferenceUnitHour: number;
}

export interface CollectionEntry {
  collectionId: string;
  collectionArn?: string;
  faceCount?: number;
  userCount?: number;
  faceModelVersion?: string;
  /** ISO-8601. */
  createdAt?: string;
  tags: Record<string, string>;
  /** Carries the protect tag: selectors skip it (explicit faces and subject erasures still reach it). */
  protected: boolean;
}

export interface ProjectEntry {
  projectArn: string;
  projectName: string;
  /** CUSTOM_LABELS or CONTENT_MODERATION (adapters). */
  feature?: string;
  status?: string;
  createdAt?: string;
  versions: VersionEntry[];
}

export interface VersionEntry {
  versionArn: string;
  versionName: string;
  status?: string;
  createdAt?: string;
  /**
   * MinInferenceUnits and MaxInferenceUnits as DescribeProjectVersions returns them (set when the model was started).
   * The units in service right now are not in that answer: CloudWatch's InServiceInferenceUnits has them.
   */
  inferenceUnits?: InferenceUnits;
  /** RUNNING Custom Labels versions only: min to max inference units times the price. An estimate. */
  estimatedHourlyCost?: HourlyCost;
  tags: Record<string, string>;
  protected: boolean;
}

export interface InventoryOptions {
  protection: ProtectionSettings;
  /** USD per inference unit-hour. */
  pricePerInferenceUnitHour: number;
  /** List only versions in these statuses, and no collections. @default every status */
  statuses?: readonly string[];
  /** Rekognition calls in flight at once. @default 8 */
  callsInFlight?: number;
}

const DEFAULT_CALLS_IN_FLIGHT = 8;
const LIST_COLLECTIONS_PAGE = 4096;
const DESCRIBE_PROJECTS_PAGE = 100;
const DESCRIBE_VERSIONS_PAGE = 100;
/** DescribeProjects lists only Custom Labels projects unless asked for every feature. */
const EVERY_FEATURE = ['CUSTOM_LABELS', 'CONTENT_MODERATION'] as const;

/**
 * Reads every page of everything, a bounded number of calls at a time: big accounts have thousands of collections
 * and Rekognition's per-account TPS is low. Something deleted while it is read is left out, not an error.
 */
export async function readInventory(rekognition: RekognitionClient, options: InventoryOptions): Promise<Inventory> {
  const limit = createLimiter(options.callsInFlight ?? DEFAULT_CALLS_IN_FLIGHT);
  const filter = options.statuses === undefined ? undefined : new Set(options.statuses);
  const [collections, allProjects] = await Promise.all([
    filter === undefined ? readCollections(rekognition, limit, options.protection) : Promise.resolve(undefined),
    readProjects(rekognition, limit, options),
  ]);
  const projects =
    filter === undefined
      ? allProjects
      : allProjects
          .map((project) => ({ ...project, versions: project.versions.filter((v) => filter.has(v.status ?? '')) }))
          .filter((project) => project.versions.length > 0);
  const versions = allProjects.flatMap((project) => project.versions);
  const running = versions.filter((version) => version.estimatedHourlyCost !== undefined);
  return {
    protectTag: { key: options.protection.protectTagKey, value: options.protection.protectTagValue },
    ...(collections === undefined ? {} : { collections }),
    projects,
    ...(filter === undefined ? {} : { statusFilter: [...filter] }),
    running: {
      versions: running.length,
      estimatedHourlyCost: addCosts(running.map((version) => version.estimatedHourlyCost)),
    },
    pricePerInferenceUnitHour: options.pricePerInferenceUnitHour,
  };
}

async function readCollections(
  rekognition: RekognitionClient,
  limit: Limiter,
  protection: ProtectionSettings,
): Promise<CollectionEntry[]> {
  const pages = await collectPages((NextToken) =>
    limit(() => rekognition.send(new ListCollectionsCommand({ MaxResults: LIST_COLLECTIONS_PAGE, NextToken }))),
  );
  const ids = [...new Set(pages.flatMap((page) => page.CollectionIds ?? []))].sort();
  const entries = await Promise.all(ids.map((id) => readCollection(rekognition, limit, protection, id)));
  return entries.filter((entry): entry is CollectionEntry => entry !== undefined);
}

async function readCollection(
  rekognition: RekognitionClient,
  limit: Limiter,
  protection: ProtectionSettings,
  collectionId: string,
): Promise<CollectionEntry | undefined> {
  const described = await ifExists(() =>
    limit(() => rekognition.send(new DescribeCollectionCommand({ CollectionId: collectionId }))),
  );
  if (described === undefined) return undefined;
  const arn = described.CollectionARN;
  const tags = arn === undefined ? {} : await limit(() => readTags(rekognition, arn));
  if (tags === undefined) return undefined;
  return {
    collectionId,
    collectionArn: arn,
    faceCount: described.FaceCount,
    userCount: described.UserCount,
    faceModelVersion: described.FaceModelVersion,
    createdAt: described.CreationTimestamp?.toISOString(),
    tags,
    protected: isProtected(tags, protection),
  };
}

async function readProjects(
  rekognition: RekognitionClient,
  limit: Limiter,
  options: InventoryOptions,
): Promise<ProjectEntry[]> {
  const pages = await collectPages((NextToken) =>
    limit(() =>
      rekognition.send(
        new DescribeProjectsCommand({ Features: [...EVERY_FEATURE], MaxResults: DESCRIBE_PROJECTS_PAGE, NextToken }),
      ),
    ),
  );
  const projects = pages.flatMap((page) => page.ProjectDescriptions ?? []);
  const entries = await Promise.all(projects.map((project) => readProject(rekognition, limit, options, project)));
  return entries
    .filter((entry): entry is ProjectEntry => entry !== undefined)
    .sort((a, b) => a.projectName.localeCompare(b.projectName, 'en'));
}

async function readProject(
  rekognition: RekognitionClient,
  limit: Limiter,
  options: InventoryOptions,
  project: ProjectDescription,
): Promise<ProjectEntry | undefined> {
  const { protection } = options;
  const projectArn = project.ProjectArn;
  if (projectArn === undefined) return undefined;
  const pages = await ifExists(() =>
    collectPages((NextToken) =>
      limit(() =>
        rekognition.send(
          new DescribeProjectVersionsCommand({ ProjectArn: projectArn, MaxResults: DESCRIBE_VERSIONS_PAGE, NextToken }),
        ),
      ),
    ),
  );
  if (pages === undefined) return undefined;
  const versions = await Promise.all(
    pages
      .flatMap((page) => page.ProjectVersionDescriptions ?? [])
      .map(async (version): Promise<VersionEntry | undefined> => {
        const versionArn = version.ProjectVersionArn;
        if (versionArn === undefined) return undefined;
        const tags = await limit(() => readTags(rekognition, versionArn));
        if (tags === undefined) return undefined;
        const units: InferenceUnits = {
          ...(version.MinInferenceUnits === undefined ? {} : { min: version.MinInferenceUnits }),
          ...(version.MaxInferenceUnits === undefined ? {} : { max: version.MaxInferenceUnits }),
        };
        const cost = estimateHourlyCost(version.Status, project.Feature, units, options.pricePerInferenceUnitHour);
        return {
          versionArn,
          versionName: parseVersionArn(versionArn)?.versionName ?? versionArn,
          status: version.Status,
          createdAt: version.CreationTimestamp?.toISOString(),
          ...(Object.keys(units).length === 0 ? {} : { inferenceUnits: units }),
          ...(cost === undefined ? {} : { estimatedHourlyCost: cost }),
          tags,
          protected: isProtected(tags, protection),
        };
      }),
  );
  return {
    projectArn,
    projectName: parseProjectArn(projectArn)?.projectName ?? projectArn,
    feature: project.Feature,
    status: project.Status,
    createdAt: project.CreationTimestamp?.toISOString(),
    // Newest first, the order keepLatest counts in.
    versions: versions
      .filter((entry): entry is VersionEntry => entry !== undefined)
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '')),
  };
}

/** Undefined when the resource was deleted between the listing and this call. */
async function ifExists<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
