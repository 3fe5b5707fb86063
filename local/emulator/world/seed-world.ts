/**
 * Builds the in-memory world from a validated seed. Cross-references are checked here (duplicate ids, users'
 * faces, the 100-faces-per-user limit) and reported together as one WorldValidationError.
 */
import { projectArn, versionArn } from '../model/arns';
import { type Collection, MAX_FACES_PER_USER } from '../model/collection';
import type { EmulatorWorld } from '../model/emulator-world';
import { Project, ProjectVersion } from '../model/project';
import type { User } from '../model/user-table';
import { WorldChecker, WorldValidationError } from './world-checker';
import type {
  CreatedWhen,
  World,
  WorldCollection,
  WorldFace,
  WorldFaceBatch,
  WorldProject,
  WorldProjectVersion,
} from './world-types';

const DAY_MS = 86_400_000;
const SEEDED_CONFIDENCE = 99.99;
const SEEDED_BOX = { Width: 0.3, Height: 0.35, Left: 0.35, Top: 0.2 };

export function seedWorld(world: EmulatorWorld, seed: World, source = 'world'): void {
  const check = new WorldChecker();
  const now = world.now();
  seed.collections?.forEach((collection, index) => {
    seedCollection(world, collection, now, check, `$.collections[${index}]`);
  });
  seed.projects?.forEach((project, index) => {
    seedProject(world, project, now, check, `$.projects[${index}]`);
  });
  if (check.issues.length > 0) throw new WorldValidationError(check.issues, source);
}

function creationTime(entry: CreatedWhen, now: number): number {
  if (entry.createdAt !== undefined) return Date.parse(entry.createdAt);
  return entry.createdDaysAgo === undefined ? now : Math.round(now - entry.createdDaysAgo * DAY_MS);
}

function seedCollection(world: EmulatorWorld, seed: WorldCollection, now: number, check: WorldChecker, path: string) {
  if (world.collection(seed.id)) {
    check.fail(`${path}.id`, `duplicate collection id ${seed.id}`);
    return;
  }
  const collection = world.createCollection(seed.id, {
    createdAt: creationTime(seed, now),
    tags: new Map(Object.entries(seed.tags ?? {})),
    ...(seed.faceModelVersion === undefined ? {} : { faceModelVersion: seed.faceModelVersion }),
  });
  seed.users?.forEach((user, index) => {
    if (collection.users.get(user.userId)) check.fail(`${path}.users[${index}]`, `duplicate user ${user.userId}`);
    else collection.users.create(user.userId);
  });
  seed.faces?.forEach((entry, index) => {
    const facePath = `${path}.faces[${index}]`;
    if ('generate' in entry) seedBatch(world, collection, entry, check, facePath);
    else seedFace(world, collection, entry, check, facePath);
  });
  seed.users?.forEach((entry, index) => {
    const user = collection.users.get(entry.userId);
    entry.faceIds?.forEach((faceId, faceIndex) => {
      const facePath = `${path}.users[${index}].faceIds[${faceIndex}]`;
      const slot = collection.faces.slotOf(faceId);
      if (slot < 0) check.fail(facePath, `no face ${faceId} in collection ${seed.id}`);
      else if (user) associate(collection, slot, user, check, facePath);
    });
  });
}

function seedFace(world: EmulatorWorld, collection: Collection, seed: WorldFace, check: WorldChecker, path: string) {
  const faceId = seed.faceId ?? world.newUuid();
  if (collection.faces.slotOf(faceId) >= 0) {
    check.fail(`${path}.faceId`, `duplicate face id ${faceId}`);
    return;
  }
  const slot = collection.faces.appendExplicit({
    faceId,
    imageId: seed.imageId ?? world.newUuid(),
    ...(seed.externalImageId === undefined ? {} : { externalImageId: seed.externalImageId }),
    boundingBox: { ...SEEDED_BOX },
    confidence: seed.confidence ?? SEEDED_CONFIDENCE,
  });
  if (seed.userId !== undefined) {
    const user = collection.users.get(seed.userId) ?? collection.users.create(seed.userId);
    associate(collection, slot, user, check, `${path}.userId`);
  }
}

function seedBatch(
  world: EmulatorWorld,
  collection: Collection,
  seed: WorldFaceBatch,
  check: WorldChecker,
  path: string,
): void {
  const { generate } = seed;
  let tag = generate.idTag;
  if (tag !== undefined && collection.faces.hasGeneratedTag(tag)) {
    check.fail(`${path}.generate.idTag`, `idTag ${tag} is already used in this collection`);
    return;
  }
  while (tag === undefined || collection.faces.hasGeneratedTag(tag)) tag = world.settings.random.hex8();
  const segment = collection.faces.appendGenerated(generate.count, tag, generate.externalImageIdPrefix);
  for (const [start, end] of seed.deletedRanges ?? []) {
    for (let index = start; index < end; index++) collection.faces.remove(segment.start + index);
  }
  const users = generate.users;
  if (!users) return;
  const prefix = users.userIdPrefix ?? 'user-';
  for (let userIndex = 0; userIndex < users.count; userIndex++) {
    const userId = `${prefix}${userIndex}`;
    const user = collection.users.get(userId) ?? collection.users.create(userId);
    for (let face = 0; face < users.facesPerUser; face++) {
      const slot = segment.start + userIndex * users.facesPerUser + face;
      if (collection.faces.isLive(slot) && !associate(collection, slot, user, check, `${path}.generate.users`)) return;
    }
  }
}

/** Associates unless that breaks a rule; false (with an issue) if it does. */
function associate(collection: Collection, slot: number, user: User, check: WorldChecker, path: string): boolean {
  const owner = collection.userAt(slot);
  if (owner === user) return true;
  const faceId = collection.faces.faceIdAt(slot);
  if (owner) {
    check.fail(path, `face ${faceId} is already associated to user ${owner.userId}`);
    return false;
  }
  if (user.faceSlots.size >= MAX_FACES_PER_USER) {
    check.fail(path, `user ${user.userId} would hold more than ${MAX_FACES_PER_USER} faces`);
    return false;
  }
  collection.associate(slot, user);
  return true;
}

function seedProject(world: EmulatorWorld, seed: WorldProject, now: number, check: WorldChecker, path: string) {
  if (world.project(seed.name)) {
    check.fail(`${path}.name`, `duplicate project name ${seed.name}`);
    return;
  }
  const createdAt = creationTime(seed, now);
  const project = new Project(
    {
      name: seed.name,
      arn: projectArn(world.settings, seed.name, createdAt),
      createdAt,
      order: world.nextOrder(),
      feature: seed.feature ?? 'CUSTOM_LABELS',
      ...(seed.autoUpdate === undefined ? {} : { autoUpdate: seed.autoUpdate }),
      tags: new Map(Object.entries(seed.tags ?? {})),
      status: seed.status ?? 'CREATED',
    },
    now,
  );
  world.addProject(project);
  seed.versions?.forEach((version, index) => {
    const versionPath = `${path}.versions[${index}]`;
    if (project.versions.has(version.name)) check.fail(`${versionPath}.name`, `duplicate version ${version.name}`);
    else project.versions.set(version.name, seededVersion(world, project, version, now));
  });
}

function seededVersion(world: EmulatorWorld, project: Project, seed: WorldProjectVersion, now: number) {
  const createdAt = creationTime(seed, now);
  return new ProjectVersion(
    {
      name: seed.name,
      arn: versionArn(world.settings, project.name, seed.name, createdAt),
      createdAt,
      order: world.nextOrder(),
      status: seed.status ?? 'TRAINING_COMPLETED',
      tags: new Map(Object.entries(seed.tags ?? {})),
      outputConfig: seed.outputConfig,
      description: seed.description,
      kmsKeyId: seed.kmsKeyId,
      statusMessage: seed.statusMessage,
      minInferenceUnits: seed.minInferenceUnits,
      maxInferenceUnits: seed.maxInferenceUnits,
      trainingResult: seed.trainingResult,
    },
    now,
  );
}
