import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError } from '../aws/rekognition-errors';
import { deleteFaceIds } from '../faces/delete-face-ids';
import { addTally, emptyTally, type FaceDeletionTally } from '../faces/face-deletion-tally';
import type { TimeBudget } from '../time-budget';
import { CommittedCursor } from './committed-cursor';
import type { BatchStop, DeleteGate } from './delete-gate';
import { FacePageLister } from './face-page-lister';
import type { PurgeTuning } from './purge-tuning';

export interface FacePagesPurge {
  tally: FaceDeletionTally;
  /** The token to resume from: every page before it is deleted. */
  cursor: string | undefined;
  /** Every page, to the last, is deleted. */
  finished: boolean;
  /** Set when the gate stopped the purge (re-check failed, or the cap was reached): nothing more is to be deleted. */
  stop?: BatchStop;
}

/**
 * Deletes the collection's faces page by page from `startToken`, listing ahead while deleting, until the last page
 * or the budget runs out (checked between pages; the first page always runs so every invocation moves forward).
 * Pages listed but not started are dropped; the cursor only moves past pages that are fully deleted.
 * Every page goes through the gate first (re-verified, and its deletions reserved from the job's budget); a page
 * granted only in part is deleted in part, and the purge stops there with CAP_REACHED.
 * On an error, the deletions already running finish first, then the error is thrown.
 */
export async function purgeFacePages(
  rekognition: RekognitionClient,
  collectionId: string,
  startToken: string | undefined,
  budget: TimeBudget,
  tuning: PurgeTuning,
  gate: DeleteGate,
): Promise<FacePagesPurge> {
  const tally = emptyTally();
  const cursor = new CommittedCursor(startToken);
  const lister = new FacePageLister(rekognition, collectionId, startToken, tuning.listAhead);
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let stop: BatchStop | undefined;

  const startDeleting = (index: number, faceIds: string[], nextToken: string | undefined, whole: boolean): void => {
    const deletion = deleteFaceIds(rekognition, collectionId, faceIds)
      .then(async (pageTally) => {
        addTally(tally, pageTally);
        // A page deleted in part is not past: the cursor stays before it (the purge stops there anyway).
        if (whole) cursor.complete(index, nextToken);
        await gate.settle(faceIds.length, pageTally.deleted);
      })
      // A failed settle lands here too: the page's deletions stay reserved, which errs on the safe side.
      .catch((error: unknown) => {
        failure ??= { error };
      });
    const tracked: Promise<void> = deletion.finally(() => running.delete(tracked));
    running.add(tracked);
  };

  for (let index = 0; ; index += 1) {
    if (failure !== undefined || tally.collectionAbsent) break;
    if (index > 0 && budget.expired()) break;
    const listing = await lister.next();
    if (listing.kind === 'end') break;
    if (listing.kind === 'collection-absent') {
      tally.collectionAbsent = true;
      break;
    }
    if (listing.kind === 'error') {
      failure ??= { error: listing.error };
      break;
    }
    let admission;
    try {
      admission = await gate.admit(listing.faceIds.length);
    } catch (error) {
      failure ??= { error };
      break;
    }
    if (admission.kind === 'STOP') {
      stop = admission.stop;
      break;
    }
    const whole = admission.granted >= listing.faceIds.length;
    startDeleting(index, listing.faceIds.slice(0, admission.granted), listing.nextToken, whole);
    if (!whole) {
      stop = { kind: 'CAP_REACHED', counts: admission.counts };
      break;
    }
    while (running.size >= Math.max(1, tuning.deletesInFlight)) await Promise.race(running);
  }
  await Promise.all(running);
  await lister.close();
  // Deletion errors are already classified; a listing error is not yet (classifying twice changes nothing).
  if (failure !== undefined) classifyRekognitionError(failure.error);
  return { tally, cursor: cursor.value, finished: cursor.finished, ...(stop === undefined ? {} : { stop }) };
}
