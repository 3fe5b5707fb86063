import { type Face, ListFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import type { SubjectFindProgress, SubjectUnit, WorkItem } from '../contracts';
import { isProtected, readTags } from '../protection';
import type { ProtectionSettings } from '../settings';
import type { TimeBudget } from '../time-budget';
import { classifyImageMatches } from './classify-matches';
import { REQUEST_IMAGE_MATCH_LIMIT } from './subject-too-broad-error';

/** ListFaces' largest page. */
const PAGE_SIZE = 4096;

type Phase = SubjectFindProgress['phase'];
type Page = { faces: Face[]; nextToken?: string } | 'COLLECTION_ABSENT';

/**
 * Finds one subject's faces in one collection, read-only (ListFaces only, so it also runs for dry runs): the faces
 * of its UserId (ListFaces' UserId filter), then the faces whose ExternalImageId is one of the subject's
 * (ListFaces has no such filter, so the whole collection is scanned, page by page, resuming from `nextToken`).
 * ExternalImageId matches are collected with their holders and classified when the scan ends (classify-matches.ts):
 * only then is it known whether an image id also labels someone else's face. A scan whose matches alone exceed the
 * request's bound stops there (`tooBroad`): FinalizePlan refuses the request, so reading further is wasted.
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

  const scanned = byUser
    ? withUserFaces(progress, facesOfUser(page.faces, target.userId))
    : withImageMatches(progress, page.faces, target);
  const counted = { ...scanned, pagesScanned: progress.pagesScanned + 1 };
  if (counted.tooBroad === true) return counted;
  return page.nextToken === undefined ? nextPhase(counted, target) : { ...counted, nextToken: page.nextToken };
}

function withUserFaces(progress: SubjectFindProgress, matches: string[]): SubjectFindProgress {
  const faceIds = addUnique(progress.faceIds, matches);
  return { ...progress, faceIds, matchedByUserId: faceIds.length };
}

/**
 * One scan page: the subject's own faces (held by its user) join faceIds at once; every other face with one of the
 * ExternalImageIds waits in imageMatches for the end of the scan.
 */
function withImageMatches(progress: SubjectFindProgress, faces: Face[], target: SubjectUnit): SubjectFindProgress {
  const wanted = new Map((target.externalImageIds ?? []).map((id, index) => [id, index]));
  const own: string[] = [];
  const imageMatches = [...(progress.imageMatches ?? [])];
  const seen = new Set(imageMatches.map((match) => match.faceId));
  for (const face of faces) {
    const { FaceId: faceId, ExternalImageId: externalImageId, UserId: userId } = face;
    // Exact matches only: other faces on the same page are never taken.
    const image = externalImageId === undefined ? undefined : wanted.get(externalImageId);
    if (faceId === undefined || image === undefined) continue;
    if (target.userId !== undefined && userId === target.userId) own.push(faceId);
    else if (!seen.has(faceId) && seen.add(faceId)) {
      imageMatches.push({ faceId, image, heldByOtherUser: userId !== undefined });
    }
  }
  const next = { ...progress, faceIds: addUnique(progress.faceIds, own), imageMatches };
  if (imageMatches.length <= REQUEST_IMAGE_MATCH_LIMIT) return next;
  // Over the whole request's bound in this collection alone: keep the count, not the ids.
  const { nextToken: _cursor, imageMatches: _matches, ...rest } = next;
  return { ...rest, done: true, phase: 'DONE', tooBroad: true, imageMatchCount: imageMatches.length };
}

/** The end of the scan: the image matches are classified, the unambiguous ones join the faces to erase. */
function classified(progress: SubjectFindProgress): SubjectFindProgress {
  const { imageMatches = [], ...rest } = progress;
  const { erase, kept } = classifyImageMatches(imageMatches);
  return { ...rest, faceIds: addUnique(progress.faceIds, erase), kept, imageMatchCount: imageMatches.length };
}

function nextPhase(progress: SubjectFindProgress, target: SubjectUnit): SubjectFindProgress {
  const { nextToken: _cursor, ...rest } = progress;
  if (progress.phase === 'EXTERNAL_IMAGE_SCAN') return { ...classified(rest), phase: 'DONE', done: true };
  const phase: Phase = hasExternalImageIds(target) ? 'EXTERNAL_IMAGE_SCAN' : 'DONE';
  return { ...rest, phase, done: phase === 'DONE' };
}

/** Faces the UserId filter returned; one that says it belongs to someone else is left out, whatever the filter did. */
function facesOfUser(faces: Face[], userId: string | undefined): string[] {
  return faces
    .filter((face) => face.UserId === undefined || face.UserId === userId)
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
