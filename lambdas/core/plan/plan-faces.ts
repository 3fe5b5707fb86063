import { quote } from '../schema/issue-path';
import type { FacesSection } from '../job/types';
import { isProtected } from '../protection';
import { type PlanContext, protectTagText } from './plan-context';
import { emptyFragment, type PlanFragment } from './plan-fragment';

/**
 * `faces[i]`: one deletion target per entry, with every listed id (the ones that do not exist are reported as
 * already absent when deleted). Explicit face ids are a deliberate request, so the protect tag does not block
 * them; the plan says so in a note.
 */
export async function planFacesSection(
  section: FacesSection,
  index: number,
  context: PlanContext,
): Promise<PlanFragment> {
  const source = `faces[${index}]`;
  const { collectionId, faceIds } = section;
  const fragment = emptyFragment();
  const absent = (): PlanFragment => {
    fragment.absent.push({ kind: 'faces', id: collectionId, source });
    return fragment;
  };
  if (!(await context.inventory.exists(collectionId))) return absent();
  const [tags, existingFaceCount] = await Promise.all([
    context.inventory.tags(collectionId),
    context.inventory.countExistingFaces(collectionId, faceIds),
  ]);
  if (tags === undefined || existingFaceCount === undefined) return absent();

  const collectionProtected = isProtected(tags, context.protection);
  fragment.faceGroups.push({ collectionId, faceIds, source, existingFaceCount, collectionProtected });
  if (collectionProtected) {
    fragment.notes.push(
      `${source}: collection ${quote(collectionId)} carries the protect tag ${protectTagText(context.protection)}; ` +
        'explicit face ids are not blocked by it, so they are planned for deletion',
    );
  }
  return fragment;
}
