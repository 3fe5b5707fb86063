/**
 * The emulator's whole in-memory state. Operations mutate it; tests read it directly (`emulator.world`) to check
 * what a run did, e.g. `world.collection('x')?.faceCount` or `world.versionByArn(arn)?.status`.
 */
import { type ArnContext, collectionArn, parseArn } from './arns';
import { Collection } from './collection';
import { newestFirst, type Project, type ProjectVersion } from './project';
import type { SeededRandom } from './random';

export const DEFAULT_FACE_MODEL_VERSION = '7.0';

export interface WorldSettings extends ArnContext {
  /** Duration of each asynchronous status change. */
  transitionMs: number;
  /** Source of generated ids (faces, images, generated-segment tags). */
  random: SeededRandom;
  /** Injectable for tests; epoch milliseconds. @default Date.now */
  clock?: () => number;
}

export interface NewCollection {
  createdAt?: number;
  faceModelVersion?: string;
  tags?: Map<string, string>;
}

export class EmulatorWorld {
  readonly settings: WorldSettings;
  private readonly collectionMap = new Map<string, Collection>();
  private readonly projectMap = new Map<string, Project>();
  private sortedIds: string[] | undefined;
  private generations = 0;
  private creations = 0;

  constructor(settings: WorldSettings) {
    this.settings = settings;
  }

  now(): number {
    return this.settings.clock ? this.settings.clock() : Date.now();
  }

  newUuid(): string {
    return this.settings.random.uuid();
  }

  /** A number that only grows: orders projects and versions created in the same millisecond. */
  nextOrder(): number {
    return ++this.creations;
  }

  // Collections -------------------------------------------------------------------------------------------------

  collection(collectionId: string): Collection | undefined {
    return this.collectionMap.get(collectionId);
  }

  collections(): IterableIterator<Collection> {
    return this.collectionMap.values();
  }

  createCollection(collectionId: string, options: NewCollection = {}): Collection {
    if (this.collectionMap.has(collectionId)) throw new Error(`collection ${collectionId} already exists`);
    const collection = new Collection({
      id: collectionId,
      arn: collectionArn(this.settings, collectionId),
      createdAt: options.createdAt ?? this.now(),
      faceModelVersion: options.faceModelVersion ?? DEFAULT_FACE_MODEL_VERSION,
      generation: ++this.generations,
      tags: options.tags ?? new Map(),
    });
    this.collectionMap.set(collectionId, collection);
    this.sortedIds = undefined;
    return collection;
  }

  deleteCollection(collectionId: string): boolean {
    this.sortedIds = undefined;
    return this.collectionMap.delete(collectionId);
  }

  /** Collection ids in ListCollections order (ascending), cached until a collection is created or deleted. */
  sortedCollectionIds(): readonly string[] {
    this.sortedIds ??= [...this.collectionMap.keys()].sort();
    return this.sortedIds;
  }

  // Projects (every accessor settles lazy transitions first) ----------------------------------------------------

  project(projectName: string): Project | undefined {
    const project = this.projectMap.get(projectName);
    if (project && project.settle(this.now(), this.settings.transitionMs) === 'GONE') {
      this.projectMap.delete(projectName);
      return undefined;
    }
    return project;
  }

  /** Every project, newest first (DescribeProjects order). */
  projects(): Project[] {
    return [...this.projectMap.keys()]
      .map((name) => this.project(name))
      .filter((project): project is Project => project !== undefined)
      .sort(newestFirst);
  }

  addProject(project: Project): void {
    if (this.project(project.name)) throw new Error(`project ${project.name} already exists`);
    this.projectMap.set(project.name, project);
  }

  projectByArn(arn: string): Project | undefined {
    const parsed = parseArn(this.settings, arn);
    if (parsed?.kind !== 'project') return undefined;
    const project = this.project(parsed.projectName);
    return project?.arn === arn ? project : undefined;
  }

  versionByArn(arn: string): ProjectVersion | undefined {
    const parsed = parseArn(this.settings, arn);
    if (parsed?.kind !== 'version') return undefined;
    const version = this.project(parsed.projectName)?.versions.get(parsed.versionName);
    return version?.arn === arn ? version : undefined;
  }

  /** The project a version ARN belongs to (settled), if both exist. */
  projectOfVersion(arn: string): Project | undefined {
    const parsed = parseArn(this.settings, arn);
    return parsed?.kind === 'version' ? this.project(parsed.projectName) : undefined;
  }

  /** The tag map of any taggable resource: collection, project or project version. */
  tagsOf(arn: string): Map<string, string> | undefined {
    const parsed = parseArn(this.settings, arn);
    if (parsed?.kind === 'collection') return this.collection(parsed.collectionId)?.tags;
    if (parsed?.kind === 'project') return this.projectByArn(arn)?.tags;
    if (parsed?.kind === 'version') return this.versionByArn(arn)?.tags;
    return undefined;
  }
}
