import { type Face, ListFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';
import type { CollectionSearch, SubjectFindProgress, SubjectFound, SubjectQuery, WorkItem } from '../contracts';
import { isProtected, readTags } from '../protection';
import type { ProtectionSettings } from '../settings';
import type { TimeBudget } from '../time-budget';
import { classifyImageMatches } from './classify-matches';
import { BATCH_MATCHES_PER_SEARCH, REQUEST_IMAGE_MATCH_LIMIT } from './subject-too-broad-error';

/** ListFaces' largest page. */
const PAGE_SIZE = 4096;

type Page = { faces: Face[]; nextToken?: string } | 'COLLECTION_ABSENT';

/**
 * Finds every searched subject's faces in one collection, read-only (ListFaces and ListTagsForResource, so it also
 * runs for dry runs), one call at a time:
 * 1. each subject with a UserId: ListFaces' UserId filter;
 * 2. one scan of the whole collection (ListFaces has no ExternalImageId filter), page by page from `nextToken`,
 *    that serves every subject with ExternalImageIds at once: 100 subjects cost the pages of one scan, not 100;
 * 3. the collection's tags, only if something of a subject was found (the report says where a legal erasure went
 *    through the protect tag; where nothing was found, the tag has nothing to apply to, and the read is saved).
 * ExternalImageId matches are collected with their holders and classified per subject when the scan ends
 * (classify-matches.ts): only then is it known whether an image id also labels someone else's face. A scan whose
 * matches alone exceed the request's bound stops there (`tooBroad`): FinalizePlan refuses the request, so reading
 * further is wasted. Stops between calls when the budget runs out; the first call always runs.
 */
export async function findSubjectFacesStep(
  rekognition: RekognitionClient,
  item: WorkItem<CollectionSearch, SubjectFindProgress>,
  budget: TimeBudget,
  protection: ProtectionSettings,
): Promise<SubjectFindProgress> {
  if (isSubjectFindProgress(item.progress) && item.progress.done) return item.progress;
  const { target } = item;
  let progress = isSubjectFindProgress(item.progress) ? structuredClone(item.progress) : initialProgress(target);
  for (let calls = 0; !progress.done && (calls === 0 || !budget.expired()); calls += 1) {
    progress = await nextCall(rekognition, target, progress, protection);
  }
  return progress;
}

export function isSubjectFindProgress(progress: unknown): progress is SubjectFindProgress {
  return typeof progress === 'object' && progress !== null && 'phase' in progress && 'found' in progress;
}

function initialProgress(target: CollectionSearch): SubjectFindProgress {
  const found = target.subjects.map((): SubjectFound => ({ faceIds: [], matchedByUserId: 0 }));
  const first = nextUserPosition(target, 0);
  const base = { done: false, found, collectionAbsent: false, pagesScanned: 0 };
  if (first !== undefined) return { ...base, phase: 'USER_FACES', userPosition: first };
  return afterUserFaces({ ...base, phase: 'USER_FACES' }, target);
}

async function nextCall(
  rekognition: RekognitionClient,
  target: CollectionSearch,
  progress: SubjectFindProgress,
  protection: ProtectionSettings,
): Promise<SubjectFindProgress> {
  if (progress.phase === 'TAGS') {
    // Gone meanwhile: not protected; the erasure finds it gone too and reports what it finds.
    const tags = await readTags(rekognition, target.collectionArn);
    return { ...progress, phase: 'DONE', done: true, collectionProtected: isProtected(tags, protection) };
  }
  const position = progress.phase === 'USER_FACES' ? progress.userPosition : undefined;
  const subject = position === undefined ? undefined : target.subjects[position];
  const page = await listFaces(rekognition, target.collectionId, {
    nextToken: progress.nextToken,
    userId: subject?.userId,
  });
  if (page === 'COLLECTION_ABSENT') {
    // ListFaces may answer ResourceNotFoundException for an unknown UserId too: only a missing collection ends here.
    if (subject !== undefined && (await collectionExists(rekognition, target.collectionId))) {
      return nextSubject({ ...progress, pagesScanned: progress.pagesScanned + 1 }, target);
    }
    return absent(progress);
  }
  const counted = { ...progress, pagesScanned: progress.pagesScanned + 1 };
  if (subject !== undefined && position !== undefined) {
    const withFaces = updateFound(counted, position, (found) => withUserFaces(found, facesOf(page.faces, subject)));
    if (page.nextToken !== undefined) return { ...withFaces, nextToken: page.nextToken };
    return nextSubject(withFaces, target);
  }
  const scanned = withImageMatches(counted, page.faces, target);
  if (scanned.tooBroad === true) return { ...withoutCursor(scanned), phase: 'DONE', done: true };
  if (page.nextToken !== undefined) return { ...scanned, nextToken: page.nextToken };
  return toTags({ ...withoutCursor(scanned), found: scanned.found.map(classified) });
}

/** The next subject's UserId lookup, or the scan once every lookup is done. */
function nextSubject(progress: SubjectFindProgress, target: CollectionSearch): SubjectFindProgress {
  const next = nextUserPosition(target, (progress.userPosition ?? -1) + 1);
  const rest = withoutCursor(progress);
  if (next !== undefined) return { ...rest, userPosition: next };
  return afterUserFaces(rest, target);
}

function afterUserFaces(progress: SubjectFindProgress, target: CollectionSearch): SubjectFindProgress {
  const { userPosition: _done, ...rest } = progress;
  if (target.subjects.some(hasExternalImageIds)) {
    const found = rest.found.map((f, i) => (hasImageIds(target.subjects[i]) ? { ...f, imageMatches: [] } : f));
    return { ...rest, phase: 'EXTERNAL_IMAGE_SCAN', found };
  }
  return toTags(rest);
}

/** Tags only where something of a subject was found: faces to erase, or matches kept for review. */
function toTags(progress: SubjectFindProgress): SubjectFindProgress {
  const foundAny = progress.found.some((found) => found.faceIds.length > 0 || (found.imageMatchCount ?? 0) > 0);
  return foundAny ? { ...progress, phase: 'TAGS' } : { ...progress, phase: 'DONE', done: true };
}

function nextUserPosition(target: CollectionSearch, from: number): number | undefined {
  const index = target.subjects.findIndex((subject, i) => i >= from && subject.userId !== undefined);
  return index < 0 ? undefined : index;
}

function absent(progress: SubjectFindProgress): SubjectFindProgress {
  const { userPosition: _position, ...rest } = withoutCursor(progress);
  return { ...rest, done: true, phase: 'DONE', collectionAbsent: true };
}

function withoutCursor(progress: SubjectFindProgress): SubjectFindProgress {
  const { nextToken: _cursor, ...rest } = progress;
  return rest;
}

function updateFound(
  progress: SubjectFindProgress,
  position: number,
  update: (found: SubjectFound) => SubjectFound,
): SubjectFindProgress {
  return { ...progress, found: progress.found.map((found, i) => (i === position ? update(found) : found)) };
}

function withUserFaces(found: SubjectFound, matches: string[]): SubjectFound {
  const faceIds = addUnique(found.faceIds, matches);
  return { ...found, faceIds, matchedByUserId: faceIds.length };
}

/**
 * One scan page, for every subject with ExternalImageIds: a subject's own faces (held by its user) join its faceIds
 * at once; every other face with one of its ExternalImageIds waits in imageMatches for the end of the scan. The page
 * is read once, whatever the number of subjects: each face's image id is looked up among every subject's.
 */
function withImageMatches(progress: SubjectFindProgress, faces: Face[], target: CollectionSearch): SubjectFindProgress {
  // Copies to add to; a subject without image ids has no imageMatches and is never looked up below.
  const found = progress.found.map((known) =>
    known.imageMatches === undefined
      ? known
      : { ...known, faceIds: [...known.faceIds], imageMatches: [...known.imageMatches] },
  );
  const seen = found.map(
    (known) => new Set([...known.faceIds, ...(known.imageMatches ?? []).map((match) => match.faceId)]),
  );
  for (const face of faces) {
    const { FaceId: faceId, ExternalImageId: externalImageId, UserId: userId } = face;
    // Exact matches only: other faces on the same page are never taken.
    const wanted = externalImageId === undefined ? undefined : imageIndex(target).get(externalImageId);
    if (faceId === undefined || wanted === undefined) continue;
    for (const { position, image } of wanted) {
      const subject = found[position]!;
      if (seen[position]!.has(faceId)) continue;
      seen[position]!.add(faceId);
      if (target.subjects[position]?.userId !== undefined && userId === target.subjects[position]?.userId) {
        subject.faceIds.push(faceId);
      } else subject.imageMatches?.push({ faceId, image, heldByOtherUser: userId !== undefined });
    }
  }
  if (target.independentSubjects === true) return withIndependentBounds(progress, found);
  const matched = found.reduce((sum, f) => sum + (f.imageMatches?.length ?? 0), 0);
  if (matched <= REQUEST_IMAGE_MATCH_LIMIT) return { ...progress, found };
  // Over the whole request's bound in this collection alone: keep the counts, not the ids.
  return {
    ...progress,
    tooBroad: true,
    found: found.map(({ imageMatches = [], ...rest }) =>
      imageMatches.length === 0 ? rest : { ...rest, tooBroad: true, imageMatchCount: imageMatches.length },
    ),
  };
}

/**
 * Subjects that are requests of their own (an erasure batch): the bound is each one's. A subject over it keeps its
 * count and drops its ids (its erasure is refused alone, by FinalizePlan), and the scan goes on for the others. The
 * search's stored progress is one job store item, so the matches it keeps are bounded too, by
 * BATCH_MATCHES_PER_SEARCH: past that, the subjects with the most matches are stopped first. The scan stops once
 * every subject with image ids is stopped.
 */
function withIndependentBounds(progress: SubjectFindProgress, found: SubjectFound[]): SubjectFindProgress {
  const stop = (entry: SubjectFound): SubjectFound => {
    const { imageMatches = [], ...rest } = entry;
    return { ...rest, tooBroad: true, imageMatchCount: imageMatches.length };
  };
  let bounded = found.map((entry) =>
    (entry.imageMatches?.length ?? 0) > REQUEST_IMAGE_MATCH_LIMIT ? stop(entry) : entry,
  );
  const kept = () => bounded.reduce((sum, f) => sum + (f.imageMatches?.length ?? 0), 0);
  while (kept() > BATCH_MATCHES_PER_SEARCH) {
    const largest = bounded.reduce(
      (best, f, i) => ((f.imageMatches?.length ?? 0) > (bounded[best]?.imageMatches?.length ?? 0) ? i : best),
      0,
    );
    bounded = bounded.map((entry, i) => (i === largest ? stop(entry) : entry));
  }
  const searching = bounded.some((entry) => entry.imageMatches !== undefined);
  return { ...progress, found: bounded, ...(searching ? {} : { tooBroad: true }) };
}

/** Each ExternalImageId of the search: which subjects (by position) name it, and as which of their images. */
const imageIndexes = new WeakMap<CollectionSearch, Map<string, Array<{ position: number; image: number }>>>();
function imageIndex(target: CollectionSearch): Map<string, Array<{ position: number; image: number }>> {
  let index = imageIndexes.get(target);
  if (index === undefined) {
    index = new Map();
    for (const [position, subject] of target.subjects.entries()) {
      for (const [image, id] of (subject.externalImageIds ?? []).entries()) {
        index.set(id, [...(index.get(id) ?? []), { position, image }]);
      }
    }
    imageIndexes.set(target, index);
  }
  return index;
}

/** The end of the scan: a subject's image matches are classified, the unambiguous ones join its faces to erase. */
function classified(found: SubjectFound): SubjectFound {
  if (found.imageMatches === undefined) return found;
  const { imageMatches, ...rest } = found;
  const { erase, kept } = classifyImageMatches(imageMatches);
  return { ...rest, faceIds: addUnique(found.faceIds, erase), kept, imageMatchCount: imageMatches.length };
}

/** Faces the UserId filter returned; one that says it belongs to someone else is left out, whatever the filter did. */
function facesOf(faces: Face[], subject: SubjectQuery): string[] {
  return faces
    .filter((face) => face.UserId === undefined || face.UserId === subject.userId)
    .flatMap((face) => (face.FaceId === undefined ? [] : [face.FaceId]));
}

/** Keeps the first match of each face (a face of the user that also has a matching ExternalImageId counts once). */
function addUnique(found: string[], matches: string[]): string[] {
  const known = new Set(found);
  return [...found, ...matches.filter((id) => !known.has(id) && known.add(id))];
}

function hasExternalImageIds(subject: SubjectQuery): boolean {
  return (subject.externalImageIds?.length ?? 0) > 0;
}

function hasImageIds(subject: SubjectQuery | undefined): boolean {
  return subject !== undefined && hasExternalImageIds(subject);
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
