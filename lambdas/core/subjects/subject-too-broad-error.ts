import { ErrorNames } from '../errors';

/**
 * The most faces one job's subjects may match through ExternalImageIds, in total over every subject and every
 * collection: faces erased, faces kept for review and faces held by other users all count. An image id names one
 * image, so a person's own images match a handful of faces; an id that matches a thousand is a camera id or a batch
 * name, and the request is mis-addressed. Faces matched by the subject's UserId are not counted: Rekognition keeps
 * at most 100 faces per user per collection, and they are the subject's by definition.
 */
export const REQUEST_IMAGE_MATCH_LIMIT = 1000;

/**
 * In a job of independent subjects (an erasure batch), the matches one collection's search keeps for all its
 * subjects together: they are one job store item (DynamoDB caps an item at 400 KB; a match is about 60 bytes).
 */
export const BATCH_MATCHES_PER_SEARCH = 4 * REQUEST_IMAGE_MATCH_LIMIT;

/**
 * A job's subjects matched more faces through their ExternalImageIds than REQUEST_IMAGE_MATCH_LIMIT. Raised by
 * FinalizePlan, which sees every collection's search, so the request is refused as a whole, before its first delete
 * (the state machine ends in JobRejected, like MaxDeletionsExceededError). The message names subjects by index and
 * collections by id only: no personal data in errors, which end up in the history.
 * The state machine matches `name`; it must never change.
 */
export class SubjectTooBroadError extends Error {
  override readonly name = ErrorNames.SubjectTooBroad;
  constructor(
    readonly subjectIndexes: readonly number[],
    /** At least this many faces matched (a search stops counting once it alone is over the limit). */
    readonly matched: number,
    readonly limit: number = REQUEST_IMAGE_MATCH_LIMIT,
  ) {
    super(
      `${subjectIndexes.map((i) => `subjects[${i}]`).join(', ')} match at least ${matched} faces through ` +
        `externalImageIds, more than ${limit} for the whole request; refused before any delete so that an ` +
        'identifier shared by many people does not turn an erasure into a mass deletion',
    );
  }
}
