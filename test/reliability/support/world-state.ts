import type { RunningEmulator, WorldCollection, WorldFace, WorldProjectVersion } from '../../../local/emulator';

/**
 * "Everything that exists" in a form two moments can be compared in: every face with every attribute, every user
 * with its faces, every tag, every version with its status and settings. Built from the emulator's `snapshot()`
 * (its documented seed format) plus the ARNs the emulator gave projects and versions.
 */
export interface WorldState {
  collections: Record<string, CollectionState>;
  projects: Record<string, ProjectState>;
}

export interface FaceState {
  imageId?: string;
  externalImageId?: string;
  confidence?: number;
  userId?: string;
}

export interface CollectionState {
  arn: string;
  createdAt: string;
  faceModelVersion?: string;
  tags: Record<string, string>;
  faces: Record<string, FaceState>;
  /** userId -> its face ids, sorted. */
  users: Record<string, string[]>;
}

export interface VersionState {
  arn: string;
  createdAt: string;
  status: string;
  tags: Record<string, string>;
  /** Every other attribute of the snapshot (inference units, description...), as canonical JSON. */
  detail: string;
}

export interface ProjectState {
  arn: string;
  createdAt: string;
  status: string;
  tags: Record<string, string>;
  detail: string;
  versions: Record<string, VersionState>;
}

/** What a run removed. Sorted lists; faces and users only of collections that still exist. */
export interface Deletions {
  collections: string[];
  faces: Record<string, string[]>;
  users: Record<string, string[]>;
  /** Version ARNs (versions of a deleted project included). */
  versions: string[];
  /** Project names. */
  projects: string[];
}

export function captureWorld(emulator: RunningEmulator): WorldState {
  const snapshot = emulator.snapshot();
  const collections: Record<string, CollectionState> = {};
  for (const collection of snapshot.collections ?? []) {
    const arn = emulator.world.collection(collection.id)?.arn;
    if (arn === undefined) throw new Error(`collection ${collection.id} vanished while it was captured`);
    collections[collection.id] = collectionState(collection, arn);
  }
  const projects: Record<string, ProjectState> = {};
  for (const project of snapshot.projects ?? []) {
    const live = emulator.world.project(project.name);
    if (live === undefined) continue;
    const versions: Record<string, VersionState> = {};
    for (const version of project.versions ?? []) {
      const arn = live.versions.get(version.name)?.arn;
      if (arn === undefined) continue;
      versions[version.name] = versionState(version, arn);
    }
    const { name: _n, createdAt, status, tags, versions: _v, ...detail } = project;
    projects[project.name] = {
      arn: live.arn,
      createdAt: createdAt ?? '',
      status: status ?? 'CREATED',
      tags: tags ?? {},
      detail: canonical(detail),
      versions,
    };
  }
  return { collections, projects };
}

function collectionState(collection: WorldCollection, arn: string): CollectionState {
  const faces: Record<string, FaceState> = {};
  for (const entry of collection.faces ?? []) {
    if ('generate' in entry) {
      throw new Error(`collection ${collection.id} holds a generated batch: keep reliability worlds under 1000 faces`);
    }
    const face = entry as WorldFace;
    if (face.faceId === undefined) throw new Error('a snapshot face without an id');
    faces[face.faceId] = {
      imageId: face.imageId,
      ...(face.externalImageId === undefined ? {} : { externalImageId: face.externalImageId }),
      confidence: face.confidence,
    };
  }
  const users: Record<string, string[]> = {};
  for (const user of collection.users ?? []) {
    users[user.userId] = [...(user.faceIds ?? [])].sort();
    for (const faceId of user.faceIds ?? []) {
      const face = faces[faceId];
      if (face !== undefined) face.userId = user.userId;
    }
  }
  return {
    arn,
    createdAt: collection.createdAt ?? '',
    faceModelVersion: collection.faceModelVersion,
    tags: collection.tags ?? {},
    faces,
    users,
  };
}

function versionState(version: WorldProjectVersion, arn: string): VersionState {
  const { name: _n, createdAt, status, tags, ...detail } = version;
  return {
    arn,
    createdAt: createdAt ?? '',
    status: status ?? 'TRAINING_COMPLETED',
    tags: tags ?? {},
    detail: canonical(detail),
  };
}

/** What each transitional status becomes once the emulator's transition has run. */
const SETTLES_TO: Record<string, string | 'GONE'> = {
  STARTING: 'RUNNING',
  STOPPING: 'STOPPED',
  COPYING_IN_PROGRESS: 'COPYING_COMPLETED',
  DELETING: 'GONE',
};

/**
 * The state once every transition in progress has finished: a job runs longer than a transition, so this is what a
 * resource nobody touched looks like afterwards. A project being deleted counts as deleted.
 */
export function settled(state: WorldState): WorldState {
  const copy = structuredClone(state);
  for (const [name, project] of Object.entries(copy.projects)) {
    if (project.status === 'DELETING') {
      delete copy.projects[name];
      continue;
    }
    for (const [versionName, version] of Object.entries(project.versions)) {
      const settledTo =
        version.status === 'TRAINING_IN_PROGRESS'
          ? JSON.parse(version.detail).trainingResult === 'TRAINING_FAILED'
            ? 'TRAINING_FAILED'
            : 'TRAINING_COMPLETED'
          : SETTLES_TO[version.status];
      if (settledTo === 'GONE') delete project.versions[versionName];
      else if (settledTo !== undefined) version.status = settledTo;
    }
  }
  return copy;
}

/** What disappeared between two captures. */
export function deletionsBetween(before: WorldState, after: WorldState): Deletions {
  const deletions = emptyDeletions();
  for (const [id, old] of Object.entries(before.collections)) {
    const now = after.collections[id];
    if (now === undefined) {
      deletions.collections.push(id);
      continue;
    }
    const faces = Object.keys(old.faces).filter((faceId) => now.faces[faceId] === undefined);
    const users = Object.keys(old.users).filter((userId) => now.users[userId] === undefined);
    if (faces.length > 0) deletions.faces[id] = faces;
    if (users.length > 0) deletions.users[id] = users;
  }
  for (const [name, project] of Object.entries(before.projects)) {
    const now = after.projects[name];
    if (now === undefined) deletions.projects.push(name);
    for (const [versionName, version] of Object.entries(project.versions)) {
      if (now?.versions[versionName] === undefined) deletions.versions.push(version.arn);
    }
  }
  return normalizeDeletions(deletions);
}

/** `before` with exactly `deletions` applied: what `after` must equal, byte for byte, when nothing else changed. */
export function applyDeletions(before: WorldState, deletions: Deletions): WorldState {
  const state = structuredClone(before);
  for (const id of deletions.collections) delete state.collections[id];
  for (const [id, userIds] of Object.entries(deletions.users)) {
    const collection = state.collections[id];
    if (collection === undefined) continue;
    for (const userId of userIds) {
      for (const faceId of collection.users[userId] ?? []) {
        const face = collection.faces[faceId];
        if (face !== undefined) delete face.userId;
      }
      delete collection.users[userId];
    }
  }
  for (const [id, faceIds] of Object.entries(deletions.faces)) {
    const collection = state.collections[id];
    if (collection === undefined) continue;
    for (const faceId of faceIds) {
      const userId = collection.faces[faceId]?.userId;
      if (userId !== undefined) {
        const faces = collection.users[userId];
        if (faces !== undefined) collection.users[userId] = faces.filter((f) => f !== faceId);
      }
      delete collection.faces[faceId];
    }
  }
  const versions = new Set(deletions.versions);
  for (const [name, project] of Object.entries(state.projects)) {
    if (deletions.projects.includes(name)) {
      delete state.projects[name];
      continue;
    }
    for (const [versionName, version] of Object.entries(project.versions)) {
      if (versions.has(version.arn)) delete project.versions[versionName];
    }
  }
  return state;
}

export function emptyDeletions(): Deletions {
  return { collections: [], faces: {}, users: {}, versions: [], projects: [] };
}

/** Sorted, without empty lists, without the faces and users of collections deleted whole: comparable with toEqual. */
export function normalizeDeletions(deletions: Deletions): Deletions {
  const gone = new Set(deletions.collections);
  const lists = (record: Record<string, string[]>) =>
    Object.fromEntries(
      Object.entries(record)
        .filter(([id, ids]) => !gone.has(id) && ids.length > 0)
        .sort(([a], [b]) => compare(a, b))
        .map(([id, ids]) => [id, [...new Set(ids)].sort(compare)]),
    );
  return {
    collections: [...gone].sort(compare),
    faces: lists(deletions.faces),
    users: lists(deletions.users),
    versions: [...new Set(deletions.versions)].sort(compare),
    projects: [...new Set(deletions.projects)].sort(compare),
  };
}

/** How many resources a deletion set removes (faces inside deleted collections not counted). */
export function deletionCount(deletions: Deletions): number {
  const sum = (record: Record<string, string[]>) => Object.values(record).reduce((n, ids) => n + ids.length, 0);
  return (
    deletions.collections.length +
    sum(deletions.faces) +
    sum(deletions.users) +
    deletions.versions.length +
    deletions.projects.length
  );
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => compare(a, b))
      .map(([key, member]) => [key, sortKeys(member)]),
  );
}
