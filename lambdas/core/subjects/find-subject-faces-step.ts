import { type Face, ListFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import type { SubjectFindProgress, SubjectUnit, WorkItem } from '../contracts';
import { isProtected, readTags } from '../protection';
import type { ProtectionSettings } from '../settings';
import type { TimeBudget } from '../time-budget';
import { SUBJECT_FACE_LIMIT, SubjectTooBroadError } from './subject-too-broad-error';

/** ListFaces' largest page. */
const PAGE_SIZE = 4096;

type Phase = SubjectFindProgress['phase'];
type Page = { faces: Face[]; nextToken?: string } | 'COLLECTION_ABSENT';

/**
 * Finds one subject's faces in one collection, read-only (ListFaces only, so it also runs for dry runs): the faces
 * of its UserId (ListFaces' UserId filter), then the faces whose ExternalImageId is one of the subject's
 * (ListFaces has no such filter, so the whole collection is scanned, page by page, resuming from `nextToken`).
 * Stops between pages when the budget runs out; the first page always runs so every invocation moves forward.
 */
export async function findSubjectFacesStep(
  rekognition: RekognitionClient,
  item: WorkItem<SubjectUnit, SubjectFindProgress>,
  budget: TimeBudget,
  protection: ProtectionSettings,
): Promise<SubjectFindProgress> {
  if (isSubjectFindProgress(item.progress) && item.progress.done) return item.progress;
  const { target } = item;
  let progress = isSubjectFindProgress(item.progress) ? structuredClone(item.progress) : initialProgress(target);
  // The protect tag does not block a legal erasure, but the report says where it applied. Read alongside the first
  // page: a different operation, so it costs no time against the quotas.
  // Settled into a value at once, so a failed read can never become an unhandled rejection while the scan throws.
  const tags =
    !progress.done && progress.collectionProtected === undefined
      ? readTags(rekognition, target.collectionArn).then(
          (read) => ({ read }),
          (error: unknown) => ({ error }),
        )
      : undefined;
  try {
    for (let pages = 0; !progress.done && (pages === 0 || !budget.expired()); pages += 1) {
      progress = await scanNextPage(rekognition, target, progress);
    }
  } finally {
    await tags;
  }
  const outcome = await tags;
  if (outcome === undefined) return progress;
  if ('error' in outcome) throw outcome.error;
  return { ...progress, collectionProtected: outcome.read !== undefined && isProtected(outcome.read, protection) };
}

export function isSubjectFindProgress(progress: unknown): progress is SubjectFindProgress {
  return typeof progress === 'object' && progress !== null && 'phase' in progress;
}

function initialProgress(target: SubjectUnit): SubjectFindProgress {
  const phase: Phase =
    target.userId !== undefined ? 'USER_FACES' : hasExternalImageIds(target) ? 'EXTERNAL_IMAGE_SCAN' : 'DONE';
  return { done: phase === 'DONE', phase, faceIds: [], matchedByUserId: 0, collectionAbsent: false, pagesScanned: 0 };
}

async function scanNextPage(
  rekognition: RekognitionClient,
  target: SubjectUnit,
  progress: SubjectFindProgress,
): Promise<SubjectFindProgress> {
  const byUser = progress.phase === 'USER_FACES' && target.userId !== undefined;
  const page = await listFaces(rekognition, target.collectionId, {
    nextToken: progress.nextToken,
    userId: byUser ? target.userId : undefined,
  });
  if (page === 'COLLECTION_ABSENT') {
    // ListFaces may answer ResourceNotFoundException for an unknown UserId too: only a missing collection ends here.
    if (byUser && (await collectionExists(rekognition, target.collectionId))) return nextPhase(progress, target);
    const { nextToken: _cursor, ...rest } = progress;
    return { ...rest, done: true, phase: 'DONE', collectionAbsent: true };
  }

  const matches = byUser ? facesOfUser(page.faces, target.userId) : facesWithExternalImageId(page.faces, target);
  const faceIds = addUnique(progress.faceIds, matches);
  if (faceIds.length > SUBJECT_FACE_LIMIT) throw new SubjectTooBroadError(target.subjectIndex, target.collectionId);
  const matchedByUserId = byUser ? faceIds.length : progress.matchedByUserId;
  const scanned = { ...progress, faceIds, matchedByUserId, pagesScanned: progress.pagesScanned + 1 };
  return page.nextToken === undefined ? nextPhase(scanned, target) : { ...scanned, nextToken: page.nextToken };
}

function nextPhase(progress: SubjectFindProgress, target: SubjectUnit): SubjectFindProgress {
  const { nextToken: _cursor, ...rest } = progress;
  const phase: Phase = progress.phase === 'USER_FACES' && hasExternalImageIds(target) ? 'EXTERNAL_IMAGE_SCAN' : 'DONE';
  return { ...rest, phase, done: phase === 'DONE' };
}

/** Faces the UserId filter returned; one that says it belongs to someone else is left out, whatever the filter did. */
function facesOfUser(faces: Face[], userId: string | undefined): string[] {
  return faces
    .filter((face) => face.UserId === undefined || face.UserId === userId)
    .flatMap((face) => (face.FaceId === undefined ? [] : [face.FaceId]));
}

/** Exact matches only: other people's faces on the same page are never taken. */
function facesWithExternalImageId(faces: Face[], target: SubjectUnit): string[] {
  const wanted = new Set(target.externalImageIds ?? []);
  return faces
    .filter((face) => face.ExternalImageId !== undefined && wanted.has(face.ExternalImageId))
    .flatMap((face) => (face.FaceId === undefined ? [] : [face.FaceId]));
}

/** Keeps the first match of each face (a face of the user that also has a matching ExternalImageId counts once). */
function addUnique(found: string[], matches: string[]): string[] {
  const known = new Set(found);
  return [...found, ...matches.filter((id) => !known.has(id) && known.add(id))];
}

function hasExternalImageIds(target: SubjectUnit): boolean {
  return (target.externalImageIds?.length ?? 0) > 0;
}

async function listFaces(
  rekognition: RekognitionClient,
  collectionId: string,
  options: { nextToken?: string | undefined; userId?: string | undefined; maxResults?: number },
): Promise<Page> {
  const { nextToken, userId } = options;
  try {
    const out = await rekognition.send(
      new ListFacesCommand({
        CollectionId: collectionId,
        MaxResults: options.maxResults ?? PAGE_SIZE,
        ...(userId === undefined ? {} : { UserId: userId }),
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      }),
    );
    return out.NextToken === undefined
      ? { faces: out.Faces ?? [] }
      : { faces: out.Faces ?? [], nextToken: out.NextToken };
  } catch (error) {
    if (isNotFound(error)) return 'COLLECTION_ABSENT';
    return classifyRekognitionError(error);
  }
}

async function collectionExists(rekognition: RekognitionClient, collectionId: string): Promise<boolean> {
  return (await listFaces(rekognition, collectionId, { maxResults: 1 })) !== 'COLLECTION_ABSENT';
}
