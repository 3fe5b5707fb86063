import type { RunningEmulator } from '../../../local/emulator';

/**
 * "Everything that exists", read straight from the emulator's memory (no API call, so no effect on its stats):
 * collections with their face ids, users, associations and tags; projects with their versions' statuses.
 */
export interface WorldState {
  collections: Record<string, CollectionState>;
  projects: Record<string, ProjectState>;
}

export interface CollectionState {
  faceModelVersion: string;
  tags: Record<string, string>;
  /** Sorted. */
  faces: string[];
  /** faceId -> userId, for associated faces only. */
  faceUsers: Record<string, string>;
  /** Sorted. */
  users: string[];
}

export interface ProjectState {
  status: string;
  tags: Record<string, string>;
  versions: Record<string, { status: string; tags: Record<string, string> }>;
}

export function captureWorld(emulator: RunningEmulator): WorldState {
  const collections: Record<string, CollectionState> = {};
  for (const collection of emulator.world.collections()) {
    const faceUsers: Record<string, string> = {};
    const users: string[] = [];
    for (const user of collection.users.all()) {
      users.push(user.userId);
      for (const slot of user.faceSlots) faceUsers[collection.faces.faceIdAt(slot)] = user.userId;
    }
    collections[collection.id] = {
      faceModelVersion: collection.faceModelVersion,
      tags: Object.fromEntries(collection.tags),
      faces: collection.faceIds().sort(),
      faceUsers,
      users: users.sort(),
    };
  }
  const projects: Record<string, ProjectState> = {};
  // projects() settles every lazy status transition first, so this is the state as of now.
  for (const project of emulator.world.projects()) {
    const versions: ProjectState['versions'] = {};
    for (const [name, version] of project.versions) {
      versions[name] = { status: version.status, tags: Object.fromEntries(version.tags) };
    }
    projects[project.name] = { status: project.status, tags: Object.fromEntries(project.tags), versions };
  }
  return { collections, projects };
}

/** What changed between two captures. Every list is sorted; a key is present only when its list is not empty. */
export interface WorldDiff {
  collectionsDeleted: string[];
  /** Per collection that still exists: the face ids that are gone. */
  facesDeleted: Record<string, string[]>;
  /** Per collection that still exists: the user ids that are gone. */
  usersDeleted: Record<string, string[]>;
  /** Per collection: surviving faces whose user changed, as `faceId: before -> after` (`-` for none). */
  associationsChanged: Record<string, string[]>;
  /** Anything that exists now and did not before: `collection c`, `face c/id`, `user c/id`, `project p`, `version p/v`. */
  created: string[];
  /** Tags or face model changed: `collection c`, `project p`, `version p/v`. */
  metadataChanged: string[];
  /** Projects gone or DELETING (the service has accepted the deletion; it completes on its own). */
  projectsDeleted: string[];
  /** `project/version` gone (with their project, too). */
  versionsDeleted: string[];
  /** `project/version: BEFORE -> AFTER` for versions that still exist. */
  versionsChanged: string[];
}

export const NO_CHANGES: WorldDiff = {
  collectionsDeleted: [],
  facesDeleted: {},
  usersDeleted: {},
  associationsChanged: {},
  created: [],
  metadataChanged: [],
  projectsDeleted: [],
  versionsDeleted: [],
  versionsChanged: [],
};

/** The expected diff: what the test names changed, and nothing else. */
export function onlyChanges(expected: Partial<WorldDiff>): WorldDiff {
  const sorted = (record: Record<string, string[]> = {}) =>
    Object.fromEntries(Object.entries(record).map(([key, ids]) => [key, [...ids].sort()]));
  return {
    ...NO_CHANGES,
    ...expected,
    collectionsDeleted: [...(expected.collectionsDeleted ?? [])].sort(),
    facesDeleted: sorted(expected.facesDeleted),
    usersDeleted: sorted(expected.usersDeleted),
    associationsChanged: sorted(expected.associationsChanged),
    created: [...(expected.created ?? [])].sort(),
    metadataChanged: [...(expected.metadataChanged ?? [])].sort(),
    projectsDeleted: [...(expected.projectsDeleted ?? [])].sort(),
    versionsDeleted: [...(expected.versionsDeleted ?? [])].sort(),
    versionsChanged: [...(expected.versionsChanged ?? [])].sort(),
  };
}

export function diffWorlds(before: WorldState, after: WorldState): WorldDiff {
  const diff: WorldDiff = structuredClone(NO_CHANGES);
  for (const [id, old] of Object.entries(before.collections)) {
    const now = after.collections[id];
    if (now === undefined) {
      diff.collectionsDeleted.push(id);
      continue;
    }
    const nowFaces = new Set(now.faces);
    const oldFaces = new Set(old.faces);
    putList(
      diff.facesDeleted,
      id,
      old.faces.filter((face) => !nowFaces.has(face)),
    );
    putList(
      diff.usersDeleted,
      id,
      old.users.filter((user) => !now.users.includes(user)),
    );
    putList(
      diff.associationsChanged,
      id,
      old.faces
        .filter((face) => nowFaces.has(face) && old.faceUsers[face] !== now.faceUsers[face])
        .map((face) => `${face}: ${old.faceUsers[face] ?? '-'} -> ${now.faceUsers[face] ?? '-'}`),
    );
    diff.created.push(...now.faces.filter((face) => !oldFaces.has(face)).map((face) => `face ${id}/${face}`));
    diff.created.push(...now.users.filter((user) => !old.users.includes(user)).map((user) => `user ${id}/${user}`));
    if (!sameJson(old.tags, now.tags) || old.faceModelVersion !== now.faceModelVersion) {
      diff.metadataChanged.push(`collection ${id}`);
    }
  }
  for (const id of Object.keys(after.collections)) {
    if (before.collections[id] === undefined) diff.created.push(`collection ${id}`);
  }

  for (const [name, old] of Object.entries(before.projects)) {
    const now = after.projects[name];
    if (now === undefined || (now.status === 'DELETING' && old.status !== 'DELETING')) diff.projectsDeleted.push(name);
    if (now !== undefined && !sameJson(old.tags, now.tags)) diff.metadataChanged.push(`project ${name}`);
    for (const [versionName, version] of Object.entries(old.versions)) {
      const current = now?.versions[versionName];
      const key = `${name}/${versionName}`;
      if (current === undefined) diff.versionsDeleted.push(key);
      else {
        if (current.status !== version.status)
          diff.versionsChanged.push(`${key}: ${version.status} -> ${current.status}`);
        if (!sameJson(current.tags, version.tags)) diff.metadataChanged.push(`version ${key}`);
      }
    }
  }
  for (const [name, project] of Object.entries(after.projects)) {
    if (before.projects[name] === undefined) diff.created.push(`project ${name}`);
    for (const versionName of Object.keys(project.versions)) {
      if (before.projects[name]?.versions[versionName] === undefined)
        diff.created.push(`version ${name}/${versionName}`);
    }
  }
  return onlyChanges(diff);
}

function putList(record: Record<string, string[]>, key: string, values: string[]): void {
  if (values.length > 0) record[key] = values;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The ARN the emulator gave a seeded project. */
export function projectArnIn(emulator: RunningEmulator, projectName: string): string {
  const project = emulator.world.project(projectName);
  if (project === undefined) throw new Error(`no project ${projectName}`);
  return project.arn;
}

/** The ARN the emulator gave a seeded project version. */
export function versionArnIn(emulator: RunningEmulator, projectName: string, versionName: string): string {
  const version = emulator.world.project(projectName)?.versions.get(versionName);
  if (version === undefined) throw new Error(`no version ${projectName}/${versionName}`);
  return version.arn;
}
