import type { SubjectUnit } from '../contracts';
import { quote } from '../job/rules';
import type { SubjectSection } from '../job/types';
import { isProtected } from '../protection';
import { type PlanContext, protectTagText } from './plan-context';
import { emptyFragment, type PlanFragment } from './plan-fragment';

/**
 * `subjects[i]`: one unit per (subject, collection), searched later by find-subject-faces. Without collectionIds
 * the subject is searched in every collection of the account. Legal erasure is not blocked by the protect tag; the
 * plan says where it applies. Notes and absent items name collections, never the subject's identifiers.
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
  const resolved = await Promise.all(
    requested.map(async (collectionId) => ({
      collectionId,
      tags: listed.has(collectionId) ? await context.inventory.tags(collectionId) : undefined,
    })),
  );

  const protectedIds: string[] = [];
  for (const { collectionId, tags } of resolved) {
    if (tags === undefined) {
      // A collection deleted after listing holds no faces: only an explicitly named one is worth reporting.
      if (subject.collectionIds !== undefined) fragment.absent.push({ kind: 'subject', id: collectionId, source });
      continue;
    }
    const collectionProtected = isProtected(tags, context.protection);
    if (collectionProtected) protectedIds.push(collectionId);
    fragment.subjectUnits.push(subjectUnit(subject, index, collectionId, collectionProtected));
  }
  if (protectedIds.length > 0) {
    fragment.notes.push(
      `${source}: ${protectedIds.length === 1 ? 'collection' : 'collections'} ${protectedIds.map(quote).join(', ')} ` +
        `${protectedIds.length === 1 ? 'carries' : 'carry'} the protect tag ${protectTagText(context.protection)}; ` +
        'legal erasure is not blocked by it, so the subject is searched there too',
    );
  }
  return fragment;
}

function subjectUnit(
  subject: SubjectSection,
  subjectIndex: number,
  collectionId: string,
  collectionProtected: boolean,
): SubjectUnit {
  return {
    subjectIndex,
    collectionId,
    ...(subject.userId !== undefined ? { userId: subject.userId } : {}),
    ...(subject.externalImageIds !== undefined ? { externalImageIds: subject.externalImageIds } : {}),
    collectionProtected,
  };
}
