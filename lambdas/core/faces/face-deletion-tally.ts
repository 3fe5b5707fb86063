import { type FaceDeletionCounts, ID_SAMPLE_LIMIT, type UnsuccessfulFace } from '../contracts';

/**
 * What deleting a list of face ids did. The same fields as FaceDeletionProgress (both are FaceDeletionCounts), so a
 * step adds one batch's tally to its cumulative progress field by field. Counts are exact; id lists are samples
 * capped at ID_SAMPLE_LIMIT so the state stays small however many faces are involved.
 */
export type FaceDeletionTally = FaceDeletionCounts;

export function emptyTally(): FaceDeletionTally {
  return {
    deleted: 0,
    alreadyAbsentCount: 0,
    alreadyAbsentSample: [],
    disassociated: 0,
    failed: [],
    failedCount: 0,
    collectionAbsent: false,
  };
}

export function recordAbsent(tally: FaceDeletionTally, faceIds: readonly string[]): void {
  tally.alreadyAbsentCount += faceIds.length;
  appendCapped(tally.alreadyAbsentSample, faceIds);
}

export function recordFailed(tally: FaceDeletionTally, faces: readonly UnsuccessfulFace[]): void {
  tally.failedCount += faces.length;
  appendCapped(tally.failed, faces);
}

/** Adds `from` into `into` (mutates `into`). */
export function addTally(into: FaceDeletionTally, from: FaceDeletionTally): void {
  into.deleted += from.deleted;
  into.disassociated += from.disassociated;
  into.alreadyAbsentCount += from.alreadyAbsentCount;
  appendCapped(into.alreadyAbsentSample, from.alreadyAbsentSample);
  into.failedCount += from.failedCount;
  appendCapped(into.failed, from.failed);
  into.collectionAbsent ||= from.collectionAbsent;
}

function appendCapped<T>(sample: T[], items: readonly T[]): void {
  const room = ID_SAMPLE_LIMIT - sample.length;
  if (room > 0) sample.push(...items.slice(0, room));
}
