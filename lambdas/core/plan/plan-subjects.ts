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
      // A collection that does not exist holds no faces: only an explicitly named one is worth reporting.
      if (subject.collectionIds !== undefined) fragment.absent.push({ kind: 'subject', id: collectionId, source });
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
