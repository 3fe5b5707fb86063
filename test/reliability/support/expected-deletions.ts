import type { CleanupJob, CollectionSelector } from '../../../lambdas/core/job/types';
import { type Deletions, emptyDeletions, normalizeDeletions, type WorldState } from './world-state';

/**
 * The oracle: what a job must delete from a world, written from the job contract (lambdas/core/job/types.ts and the
 * README), not from the planner's code. Deliberately naive: a loop over everything that exists, one rule per
 * contract sentence.
 *
 * - collections: every criterion of a selector must hold; a collection carrying the protect tag is never selected;
 *   DELETE_COLLECTION removes it, DELETE_FACES removes every face and user in it (DELETE_COLLECTION wins).
 * - faces: the listed ids that exist are deleted (the protect tag does not block explicit ids); users stay.
 * - subjects: in every collection (or the listed ones) the user and its faces are deleted; a face another user holds
 *   never is; a face matched only by an ExternalImageId is deleted when it is the one face that id labels (no other
 *   user's face, no second unattributed face), else kept for review; over 1,000 ExternalImageId matches in the whole
 *   job, nothing at all is deleted (the protect tag does not block legal erasure).
 * - projectVersions: explicit ARNs that exist, or the versions of a project that meet every criterion, except the
 *   `keepLatest` newest usable ones and the versions still training or copying that are newer than the oldest of
 *   those; a selector takes a RUNNING or STARTING version only with `stopRunning: true`; never a protected version;
 *   the project goes too when asked and nothing is left in it (with arns: each project holding a listed version).
 */
export interface Protection {
  key: string;
  value: string;
}

export const DEFAULT_PROTECTION: Protection = { key: 'cleanup:protect', value: 'true' };
const MS_PER_DAY = 86_400_000;
/** The README's bound on one request's ExternalImageId matches (restated, not imported: this is the oracle). */
const REQUEST_IMAGE_MATCH_BOUND = 1000;
/** The README's "Model versions, precisely". */
const USABLE = new Set(['TRAINING_COMPLETED', 'COPYING_COMPLETED', 'STARTING', 'RUNNING', 'STOPPING', 'STOPPED']);
const STILL_TRAINING = new Set(['TRAINING_IN_PROGRESS', 'COPYING_IN_PROGRESS']);
const SERVING = new Set(['RUNNING', 'STARTING']);

export function expectedDeletions(
  world: WorldState,
  job: CleanupJob,
  startedAtMs: number,
  protection: Protection = DEFAULT_PROTECTION,
): Deletions {
  const deletions = emptyDeletions();
  const isProtected = (tags: Record<string, string>) =>
    tags[protection.key]?.trim().toLowerCase() === protection.value.toLowerCase();
  const addFaces = (collectionId: string, faceIds: string[]) => {
    deletions.faces[collectionId] = [...(deletions.faces[collectionId] ?? []), ...faceIds];
  };
  const addUsers = (collectionId: string, userIds: string[]) => {
    deletions.users[collectionId] = [...(deletions.users[collectionId] ?? []), ...userIds];
  };

  for (const [id, collection] of Object.entries(world.collections)) {
    const actions = (job.collections ?? [])
      .filter((section) => selects(section.select, id, collection, startedAtMs))
      .map((section) => section.action);
    if (actions.length === 0 || isProtected(collection.tags)) continue;
    if (actions.includes('DELETE_COLLECTION')) deletions.collections.push(id);
    else {
      addFaces(id, Object.keys(collection.faces));
      addUsers(id, Object.keys(collection.users));
    }
  }

  for (const entry of job.faces ?? []) {
    const collection = world.collections[entry.collectionId];
    if (collection !== undefined)
      addFaces(
        entry.collectionId,
        entry.faceIds.filter((f) => f in collection.faces),
      );
  }

  const erasures = (job.subjects ?? []).flatMap((subject) =>
    (subject.collectionIds ?? Object.keys(world.collections)).flatMap((id) => {
      const collection = world.collections[id];
      return collection === undefined ? [] : [{ id, ...subjectErasure(subject, collection) }];
    }),
  );
  // The request's bound: over it, the job is refused before any delete, whatever else it asks.
  if (erasures.reduce((n, e) => n + e.imageMatches, 0) > REQUEST_IMAGE_MATCH_BOUND) return emptyDeletions();
  for (const { id, faces, users } of erasures) {
    addFaces(id, faces);
    addUsers(id, users);
  }

  const projectsToEmpty: string[] = [];
  for (const section of job.projectVersions ?? []) {
    const { select } = section;
    for (const [projectName, project] of Object.entries(world.projects)) {
      const versions = Object.values(project.versions);
      const { arns } = select;
      if (arns !== undefined) {
        const listed = versions.filter((version) => arns.includes(version.arn));
        for (const version of listed) if (!isProtected(version.tags)) deletions.versions.push(version.arn);
        // With arns, the projects asked for are those that hold a listed version.
        if (section.deleteProjectWhenEmpty === true && listed.length > 0) projectsToEmpty.push(projectName);
        continue;
      }
      if (select.projectArn !== project.arn) continue;
      const newestFirst = [...versions].sort(
        (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.arn < b.arn ? -1 : 1),
      );
      const keep = select.keepLatest ?? 0;
      const kept = newestFirst.filter((v) => USABLE.has(v.status)).slice(0, keep);
      const oldestKept = kept.length === keep ? kept.at(-1) : undefined;
      const newerThanKept =
        oldestKept === undefined ? newestFirst : newestFirst.slice(0, newestFirst.indexOf(oldestKept));
      const spared = new Set([...kept, ...(keep > 0 ? newerThanKept.filter((v) => STILL_TRAINING.has(v.status)) : [])]);
      for (const version of newestFirst.filter((v) => !spared.has(v))) {
        if (SERVING.has(version.status) && section.stopRunning !== true) continue;
        const oldEnough =
          select.olderThanDays === undefined ||
          Date.parse(version.createdAt) < startedAtMs - select.olderThanDays * MS_PER_DAY;
        const tagged =
          select.tags === undefined || Object.entries(select.tags).every(([k, v]) => version.tags[k] === v);
        if (oldEnough && tagged && !isProtected(version.tags)) deletions.versions.push(version.arn);
      }
      if (section.deleteProjectWhenEmpty === true) projectsToEmpty.push(projectName);
    }
  }
  const deletedVersions = new Set(deletions.versions);
  for (const name of new Set(projectsToEmpty)) {
    const project = world.projects[name];
    if (project !== undefined && Object.values(project.versions).every((v) => deletedVersions.has(v.arn))) {
      deletions.projects.push(name);
    }
  }
  return normalizeDeletions(deletions);
}

/**
 * One subject in one collection, from the README's "Subjects, precisely": the user's faces; a face another user
 * holds, never; per ExternalImageId, its one unattributed face, unless the id also labels another user's face or a
 * second unattributed face (then none: they wait for review).
 */
export function subjectErasure(
  subject: NonNullable<CleanupJob['subjects']>[number],
  collection: WorldState['collections'][string],
): { faces: string[]; users: string[]; imageMatches: number; kept: string[] } {
  const images = new Set(subject.externalImageIds ?? []);
  const own = (face: { userId?: string }) => subject.userId !== undefined && face.userId === subject.userId;
  const faces = Object.entries(collection.faces)
    .filter(([, face]) => own(face))
    .map(([faceId]) => faceId);
  let imageMatches = 0;
  const kept: string[] = [];
  for (const image of images) {
    const labelled = Object.entries(collection.faces).filter(([, f]) => f.externalImageId === image && !own(f));
    imageMatches += labelled.length;
    const unattributed = labelled.filter(([, f]) => f.userId === undefined);
    if (labelled.length === 1 && unattributed.length === 1) faces.push(unattributed[0]![0]);
    else kept.push(...labelled.map(([faceId]) => faceId));
  }
  const users = subject.userId !== undefined && subject.userId in collection.users ? [subject.userId] : [];
  return { faces, users, imageMatches, kept };
}

function selects(
  select: CollectionSelector,
  id: string,
  collection: WorldState['collections'][string],
  startedAtMs: number,
): boolean {
  const created = Date.parse(collection.createdAt);
  return (
    (select.ids === undefined || select.ids.includes(id)) &&
    (select.prefix === undefined || id.startsWith(select.prefix)) &&
    (select.faceModelVersion === undefined || collection.faceModelVersion === select.faceModelVersion) &&
    (select.createdBefore === undefined || created < Date.parse(select.createdBefore)) &&
    (select.olderThanDays === undefined || created < startedAtMs - select.olderThanDays * MS_PER_DAY) &&
    (select.tags === undefined || Object.entries(select.tags).every(([k, v]) => collection.tags[k] === v))
  );
}
