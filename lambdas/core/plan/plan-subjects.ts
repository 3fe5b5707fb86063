import type { SubjectSection } from '../job/types';
import type { PlanContext } from './plan-context';
import { emptyFragment, type PlanFragment } from './plan-fragment';

/**
 * `subjects[i]`: one pick per (subject, collection); the plan merges every subject's picks into one search per
 * collection (plan-fragment.ts), run later by find-subject-faces. Without collectionIds
 * the subject is searched in every collection of the account. No per-collection call here: the search itself reads
 * each collection's tags (legal erasure is not blocked by the protect tag; the report says where it applied), so
 * erasing one person across a hundred collections costs no extra planning round.
 */
export async function planSubjectSection(
  subject: SubjectSection,
  index: number,
  context: PlanContext,
): Promise<PlanFragment> {
  const source = `subjects[${index}]`;
  const fragment = emptyFragment();
  const listed = new Set((await context.inventory.listing()).map((entry) => entry.collectionId));
  const requested = subject.collectionIds ?? [...listed];
  for (const collectionId of requested) {
    const collectionArn = listed.has(collectionId) ? await context.inventory.arnOf(collectionId) : undefined;
    if (collectionArn === undefined) {
      // Named and missing: the request is mis-addressed (a typo, the wrong region or account), so the erasure fails
      // there rather than succeed having erased nothing. Without collectionIds, only what exists is searched.
      if (subject.collectionIds !== undefined) {
        fragment.failures.push({
          kind: 'subject',
          id: collectionId,
          source,
          error: 'NOT_FOUND',
          cause: 'no collection of this id in this account and region (named in collectionIds)',
        });
      }
      continue;
    }
    fragment.subjectPicks.push({
      collectionId,
      collectionArn,
      query: {
        subjectIndex: index,
        ...(subject.userId !== undefined ? { userId: subject.userId } : {}),
        ...(subject.externalImageIds !== undefined ? { externalImageIds: subject.externalImageIds } : {}),
      },
    });
  }
  return fragment;
}
