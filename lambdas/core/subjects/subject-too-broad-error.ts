import { ErrorNames } from '../errors';

/**
 * The most faces one subject may match in one collection. A user holds at most 100 faces; the rest come from
 * ExternalImageId matches. Found ids travel in the state (256 KB cap), so the bound is also what keeps an erasure
 * across many collections within Step Functions' limits.
 */
export const SUBJECT_FACE_LIMIT = 1000;

/**
 * A subject matched more faces in one collection than any one person plausibly has: typically an ExternalImageId
 * shared by many people (a camera id, a batch name). Erasing it would be a mass deletion, so the subject is refused.
 * The message names the subject by its index only: no personal data in errors, which end up in the history.
 * The state machine matches `name`; it must never change.
 */
export class SubjectTooBroadError extends Error {
  override readonly name = ErrorNames.SubjectTooBroad;
  constructor(
    readonly subjectIndex: number,
    readonly collectionId: string,
    readonly limit: number = SUBJECT_FACE_LIMIT,
  ) {
    super(
      `subjects[${subjectIndex}] matches more than ${limit} faces in collection ${collectionId}; ` +
        'refused so that an identifier shared by many people does not turn an erasure into a mass deletion',
    );
  }
}
