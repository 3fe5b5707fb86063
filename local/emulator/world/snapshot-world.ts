/**
 * The current world in the seed format, so a test can compare before and after, or save a state and reload it.
 * A generated batch stays a `generate` entry (with `deletedRanges`) unless few of its faces remain, in which
 * case they are written out one by one; either way, reloading the snapshot gives the same face ids.
 */
import type { Collection } from '../model/collection';
import type { EmulatorWorld } from '../model/emulator-world';
import type { GeneratedSegment } from '../model/face-table';
import type { Project, ProjectVersion } from '../model/project';
import type {
  World,
  WorldCollection,
  WorldFace,
  WorldFaceEntry,
  WorldProject,
  WorldProjectVersion,
  WorldUser,
} from './world-types';

/** Generated batches with at most this many live faces are written face by face. */
export const EXPAND_GENERATED_UP_TO = 1000;

export function snapshotWorld(world: EmulatorWorld): World {
  const collections = [...world.collections()].sort((a, b) => (a.id < b.id ? -1 : 1)).map(snapshotCollection);
  const projects = world
    .projects()
    .reverse()
    .map((project) => snapshotProject(project));
  return { collections, projects };
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function tagsOf(tags: Map<string, string>): { tags?: Record<string, string> } {
  return tags.size > 0 ? { tags: Object.fromEntries(tags) } : {};
}

function snapshotCollection(collection: Collection): WorldCollection {
  const faces: WorldFaceEntry[] = [];
  for (const segment of collection.faces.segments) {
    const end = segment.kind === 'generated' ? segment.start + segment.count : segment.start + segment.faces.length;
    if (
      segment.kind === 'generated' &&
      liveIn(collection, segment.start, end, EXPAND_GENERATED_UP_TO) > EXPAND_GENERATED_UP_TO
    ) {
      faces.push(generatedEntry(collection, segment));
      continue;
    }
    for (let slot = collection.faces.nextLive(segment.start); slot >= 0 && slot < end;) {
      faces.push(explicitFace(collection, slot));
      slot = collection.faces.nextLive(slot + 1);
    }
  }
  const users: WorldUser[] = [...collection.users.all()].map((user) => ({
    userId: user.userId,
    ...(user.faceSlots.size > 0
      ? { faceIds: [...user.faceSlots].sort((a, b) => a - b).map((slot) => collection.faces.faceIdAt(slot)) }
      : {}),
  }));
  return {
    id: collection.id,
    createdAt: iso(collection.createdAt),
    faceModelVersion: collection.faceModelVersion,
    ...tagsOf(collection.tags),
    ...(faces.length > 0 ? { faces } : {}),
    ...(users.length > 0 ? { users } : {}),
  };
}

/** Live faces in [start, end), counting no further than `limit + 1`. */
function liveIn(collection: Collection, start: number, end: number, limit: number): number {
  let live = 0;
  let slot = collection.faces.nextLive(start);
  while (slot >= 0 && slot < end && live <= limit) {
    live++;
    slot = collection.faces.nextLive(slot + 1);
  }
  return live;
}

/** A face with its ids (user associations are written in `users`). */
function explicitFace(collection: Collection, slot: number): WorldFace {
  const face = collection.faces.faceAt(slot);
  return {
    faceId: face.faceId,
    imageId: face.imageId,
    ...(face.externalImageId === undefined ? {} : { externalImageId: face.externalImageId }),
    confidence: face.confidence,
  };
}

function generatedEntry(collection: Collection, segment: GeneratedSegment): WorldFaceEntry {
  const deletedRanges: [number, number][] = [];
  let runStart = -1;
  for (let index = 0; index <= segment.count; index++) {
    const dead = index < segment.count && !collection.faces.isLive(segment.start + index);
    if (dead && runStart < 0) runStart = index;
    if (!dead && runStart >= 0) {
      deletedRanges.push([runStart, index]);
      runStart = -1;
    }
  }
  return {
    generate: {
      count: segment.count,
      idTag: segment.scheme.tag,
      ...(segment.externalImageIdPrefix === undefined ? {} : { externalImageIdPrefix: segment.externalImageIdPrefix }),
    },
    ...(deletedRanges.length > 0 ? { deletedRanges } : {}),
  };
}

function snapshotProject(project: Project): WorldProject {
  const versions = project.versionsNewestFirst().reverse().map(snapshotVersion);
  return {
    name: project.name,
    createdAt: iso(project.createdAt),
    feature: project.feature,
    ...(project.autoUpdate ? { autoUpdate: project.autoUpdate } : {}),
    status: project.status,
    ...tagsOf(project.tags),
    ...(versions.length > 0 ? { versions } : {}),
  };
}

function snapshotVersion(version: ProjectVersion): WorldProjectVersion {
  return {
    name: version.name,
    createdAt: iso(version.createdAt),
    status: version.status,
    ...tagsOf(version.tags),
    ...(version.trainingResult === 'TRAINING_FAILED' ? { trainingResult: version.trainingResult } : {}),
    ...(version.minInferenceUnits === undefined ? {} : { minInferenceUnits: version.minInferenceUnits }),
    ...(version.maxInferenceUnits === undefined ? {} : { maxInferenceUnits: version.maxInferenceUnits }),
    ...(version.description === undefined ? {} : { description: version.description }),
    ...(version.kmsKeyId === undefined ? {} : { kmsKeyId: version.kmsKeyId }),
    ...(version.outputConfig === undefined ? {} : { outputConfig: version.outputConfig }),
  };
}
