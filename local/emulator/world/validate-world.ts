/**
 * Structural validation of a world (types, patterns, ranges, unknown keys). Cross-references (users' faces,
 * duplicate ids) are checked while seeding, where the faces are at hand.
 */
import { MAX_GENERATED_INDEX } from '../model/generated-ids';
import { VERSION_STATUSES } from '../model/version-lifecycle';
import { MAX_TAGS, rules } from '../service/validation';
import { WorldChecker, WorldValidationError } from './world-checker';
import type { World } from './world-types';

type Json = Record<string, unknown>;

const CREATION_KEYS = ['createdAt', 'createdDaysAgo'];
const COLLECTION_KEYS = ['id', 'tags', 'faceModelVersion', 'faces', 'users', ...CREATION_KEYS];
const FACE_KEYS = ['faceId', 'imageId', 'externalImageId', 'userId', 'confidence'];
const PROJECT_KEYS = ['name', 'feature', 'autoUpdate', 'status', 'tags', 'versions', ...CREATION_KEYS];
const VERSION_KEYS = [
  'name',
  'status',
  'statusMessage',
  'trainingResult',
  'tags',
  'minInferenceUnits',
  'maxInferenceUnits',
  'description',
  'kmsKeyId',
  'outputConfig',
  ...CREATION_KEYS,
];
/** Enough for benchmarks, small enough that a typo (an extra zero) fails fast instead of exhausting memory. */
export const MAX_GENERATED_FACES = 20_000_000;

/** Returns the value typed as a World, or throws WorldValidationError listing every problem. */
export function validateWorld(value: unknown, source = 'world'): World {
  const check = new WorldChecker();
  const world = check.object(value, '$', ['collections', 'projects']);
  if (world) {
    check.array(world.collections, '$.collections').forEach((entry, index) => {
      checkCollection(check, entry, `$.collections[${index}]`);
    });
    check.array(world.projects, '$.projects').forEach((entry, index) => {
      checkProject(check, entry, `$.projects[${index}]`);
    });
  }
  if (check.issues.length > 0) throw new WorldValidationError(check.issues, source);
  return value as World;
}

function checkCollection(check: WorldChecker, value: unknown, path: string): void {
  const collection = check.object(value, path, COLLECTION_KEYS);
  if (!collection) return;
  check.string(collection.id, `${path}.id`, rules.collectionId, true);
  check.tags(collection.tags, `${path}.tags`, rules.tagKey, rules.tagValue, MAX_TAGS);
  check.string(collection.faceModelVersion, `${path}.faceModelVersion`, { min: 1, max: 16 });
  check.creation(collection, path);
  check.array(collection.faces, `${path}.faces`).forEach((entry, index) => {
    const facePath = `${path}.faces[${index}]`;
    if (typeof entry === 'object' && entry !== null && 'generate' in entry) checkBatch(check, entry, facePath);
    else checkFace(check, entry, facePath);
  });
  check.array(collection.users, `${path}.users`).forEach((entry, index) => {
    const user = check.object(entry, `${path}.users[${index}]`, ['userId', 'faceIds']);
    if (!user) return;
    check.string(user.userId, `${path}.users[${index}].userId`, rules.userId, true);
    const faceIds = check.array(user.faceIds, `${path}.users[${index}].faceIds`);
    if (faceIds.length > 100) check.fail(`${path}.users[${index}].faceIds`, 'a user holds at most 100 faces');
    faceIds.forEach((faceId, faceIndex) => {
      check.string(faceId, `${path}.users[${index}].faceIds[${faceIndex}]`, rules.faceId, true);
    });
  });
}

function checkFace(check: WorldChecker, value: unknown, path: string): void {
  const face = check.object(value, path, FACE_KEYS);
  if (!face) return;
  check.string(face.faceId, `${path}.faceId`, rules.faceId);
  check.string(face.imageId, `${path}.imageId`, rules.faceId);
  check.string(face.externalImageId, `${path}.externalImageId`, rules.externalImageId);
  check.string(face.userId, `${path}.userId`, rules.userId);
  check.number(face.confidence, `${path}.confidence`, 0, 100);
}

function checkBatch(check: WorldChecker, value: unknown, path: string): void {
  const batch = check.object(value, path, ['generate', 'deletedRanges']);
  const generate =
    batch && check.object(batch.generate, `${path}.generate`, ['count', 'externalImageIdPrefix', 'idTag', 'users']);
  if (!batch || !generate) return;
  check.integer(generate.count, `${path}.generate.count`, 0, MAX_GENERATED_FACES, true);
  check.string(generate.externalImageIdPrefix, `${path}.generate.externalImageIdPrefix`, {
    min: 1,
    max: 240,
    pattern: rules.externalImageId.pattern,
  });
  check.string(generate.idTag, `${path}.generate.idTag`, { min: 8, max: 8, pattern: /^[0-9a-f]{8}$/ });
  if (generate.users !== undefined) checkGeneratedUsers(check, generate.users, generate, `${path}.generate.users`);
  check.array(batch.deletedRanges, `${path}.deletedRanges`).forEach((range, index) => {
    const [start, end] = Array.isArray(range) ? range : [];
    const valid =
      Array.isArray(range) &&
      range.length === 2 &&
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      (start as number) >= 0 &&
      (start as number) < (end as number) &&
      (end as number) <= (typeof generate.count === 'number' ? generate.count : MAX_GENERATED_INDEX);
    if (!valid) check.fail(`${path}.deletedRanges[${index}]`, 'must be [start, end) with 0 <= start < end <= count');
  });
}

function checkGeneratedUsers(check: WorldChecker, value: unknown, generate: Json, path: string): void {
  const users = check.object(value, path, ['count', 'facesPerUser', 'userIdPrefix']);
  if (!users) return;
  check.integer(users.count, `${path}.count`, 1, MAX_GENERATED_FACES, true);
  check.integer(users.facesPerUser, `${path}.facesPerUser`, 1, 100, true);
  check.string(users.userIdPrefix, `${path}.userIdPrefix`, { min: 1, max: 100, pattern: rules.userId.pattern });
  const needed = Number(users.count) * Number(users.facesPerUser);
  if (typeof generate.count === 'number' && needed > generate.count) {
    check.fail(path, `count * facesPerUser (${needed}) exceeds the ${generate.count} generated faces`);
  }
}

function checkProject(check: WorldChecker, value: unknown, path: string): void {
  const project = check.object(value, path, PROJECT_KEYS);
  if (!project) return;
  check.string(project.name, `${path}.name`, rules.projectName, true);
  check.oneOf(project.feature, `${path}.feature`, ['CUSTOM_LABELS', 'CONTENT_MODERATION']);
  check.oneOf(project.autoUpdate, `${path}.autoUpdate`, ['ENABLED', 'DISABLED']);
  check.oneOf(project.status, `${path}.status`, ['CREATED', 'DELETING']);
  check.tags(project.tags, `${path}.tags`, rules.tagKey, rules.tagValue, MAX_TAGS);
  check.creation(project, path);
  const versions = check.array(project.versions, `${path}.versions`);
  if (project.status === 'DELETING' && versions.length > 0) {
    check.fail(`${path}.status`, 'a DELETING project cannot have versions (the service refuses to delete it)');
  }
  versions.forEach((entry, index) => {
    checkVersion(check, entry, `${path}.versions[${index}]`);
  });
}

function checkVersion(check: WorldChecker, value: unknown, path: string): void {
  const version = check.object(value, path, VERSION_KEYS);
  if (!version) return;
  check.string(version.name, `${path}.name`, rules.versionName, true);
  check.oneOf(version.status, `${path}.status`, VERSION_STATUSES);
  check.string(version.statusMessage, `${path}.statusMessage`, { min: 1, max: 1024 });
  check.oneOf(version.trainingResult, `${path}.trainingResult`, ['TRAINING_COMPLETED', 'TRAINING_FAILED']);
  check.tags(version.tags, `${path}.tags`, rules.tagKey, rules.tagValue, MAX_TAGS);
  check.integer(version.minInferenceUnits, `${path}.minInferenceUnits`, 1, 1000);
  check.integer(version.maxInferenceUnits, `${path}.maxInferenceUnits`, 1, 1000);
  check.string(version.description, `${path}.description`, rules.versionDescription);
  check.string(version.kmsKeyId, `${path}.kmsKeyId`, rules.kmsKeyId);
  const output =
    version.outputConfig === undefined
      ? undefined
      : check.object(version.outputConfig, `${path}.outputConfig`, ['S3Bucket', 'S3KeyPrefix']);
  if (output) {
    check.string(output.S3Bucket, `${path}.outputConfig.S3Bucket`, rules.s3Bucket);
    check.string(output.S3KeyPrefix, `${path}.outputConfig.S3KeyPrefix`, rules.s3KeyPrefix);
  }
  check.creation(version, path);
}
