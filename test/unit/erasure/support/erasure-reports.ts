/**
 * Reports of a subject erasure as the workflow builds them (the real buildReport over a finalized plan), for the
 * receipt tests: the raw subject ids appear in the plan, as they do in a real execution, never in the receipt.
 */
import type { FaceDeletionProgress, ItemResult } from '../../../../lambdas/core/contracts';
import { buildReport } from '../../../../lambdas/core/report/build-report';
import type { ReportResult } from '../../../../lambdas/core/report/types';
import { FACE, faceTarget, finishedFaceDeletion, jobState } from '../../../support/job-state';

export const USER_ID = 'customer-8841';
export const IMAGE_IDS = ['selfie-1.jpg', 'selfie-2.jpg'];
export const SUBJECT = { userId: USER_ID, externalImageIds: IMAGE_IDS };
/** The report names the subject by its pseudonym; its value does not matter to the receipt's tests. */
export const SUBJECT_REF = 'hmac:pseudonym-of-the-subject';

function progress(overrides: Partial<FaceDeletionProgress>): FaceDeletionProgress {
  return finishedFaceDeletion({ nextIndex: 2, ...overrides });
}

/** A face kyc-eu keeps for review (its image id also labels FACE(4), which another user holds). */
export const REVIEW_FACE = FACE(3);
export const OTHER_USERS_FACE = FACE(4);

/** A collection the request names (collectionIds) that does not exist, as the plan records it. */
export const MISSING_COLLECTION = 'kyc_eu';

/**
 * The subject has two faces in kyc-eu and a user with no face in kyc-us. `needs-review`: kyc-eu also keeps
 * REVIEW_FACE for review and OTHER_USERS_FACE for its user, and both erasures were read back as absent.
 * `collection-missing`: both are erased, and the request also named MISSING_COLLECTION, twice.
 */
export function erasureReport(
  kind: 'succeeded' | 'partially-failed' | 'dry-run' | 'needs-review' | 'collection-missing',
  executionId: string,
): ReportResult {
  const review = kind === 'needs-review';
  const kept = review ? { kept: { needsReview: [REVIEW_FACE], heldByOtherUsers: [OTHER_USERS_FACE] } } : {};
  const verification = review ? { verification: { verifiedAbsent: true, stillPresent: [], userFacesPresent: 0 } } : {};
  const erasures = [
    faceTarget('kyc-eu', [FACE(1), FACE(2)], { source: 'subjects[0]', deleteUserId: USER_ID, ...kept }),
    faceTarget('kyc-us', [], { source: 'subjects[0]', deleteUserId: USER_ID }),
  ];
  const results: ItemResult<FaceDeletionProgress>[] = [
    { progress: progress({ deleted: 2, userOutcome: 'DELETED', ...verification }) },
    kind === 'partially-failed'
      ? {
          progress: { done: false },
          // Error messages may quote their input: this one names the user.
          failure: { Error: 'RekognitionUnavailableError', Cause: `DeleteUser ${USER_ID} in kyc-us: 503` },
        }
      : { progress: progress({ userOutcome: 'DELETED', ...verification }) },
  ];
  const missing = (source: string) => ({
    kind: 'subject' as const,
    id: MISSING_COLLECTION,
    source,
    error: 'NOT_FOUND',
    cause: 'no collection of this id in this account and region (named in collectionIds)',
  });
  const state = jobState(
    {
      ...(kind === 'collection-missing' ? { planFailures: [missing('subjects[0]'), missing('subjects[1]')] } : {}),
      subjectErasures: erasures,
      subjectSummaries: [{ source: 'subjects[0]', subjectRef: SUBJECT_REF, collectionsSearched: 2, facesFound: 2 }],
    },
    {
      executionId,
      requestId: 'crm-2026-000123',
      dryRun: kind === 'dry-run',
      ...(kind === 'dry-run'
        ? {}
        : {
            results: { collections: [], faceGroups: [], subjectErasures: results, projectVersions: [], projects: [] },
          }),
    },
  );
  return buildReport(state, new Date('2026-11-22T09:05:00Z'));
}
